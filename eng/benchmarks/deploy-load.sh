#!/usr/bin/env bash
# Blue/green deploys under constant load, on the Process platform behind the local edge.
#
#   eng/benchmarks/deploy-load.sh            # 300 req/s, 5 deploys, 1 forced rollback, then the stop-then-start baseline
#   RATE=400 DEPLOYS=3 SHIFT=linear:25:500ms eng/benchmarks/deploy-load.sh
#
# Load: hey (-c WORKERS, -q RATE/WORKERS each) on GET /todos through the edge's public port, started before each
# deploy and interrupted 1 s after it. Reports per deploy: requests, failed requests (non-2xx or no answer), p99 and
# max latency over the deploy, the PRODUCTION_TRAFFIC_SHIFT (switch) duration and the whole deploy's duration.
# The forced rollback deploys a release whose /todos fails 20 % of requests (SAMPLE_FAULT=errors): its 500s are the
# bad release's own answers; the figure that matters is the time from the bake trigger to all traffic on blue.
# The baseline stops the app and starts the next version on the same port (no edge), showing its downtime.
# Needs: dotnet, hey, curl. Leaves nothing running; results in $WORK/results.md.
set -euo pipefail

name=deploy-load
default_port=18080
platform_args=(--settings "$(dirname "$0")/../../tests/Deploy.Tests/Driver/presets/process.json")
scale_column=0
# shellcheck source=eng/benchmarks/deploy-common.sh
source "$(dirname "$0")/deploy-common.sh"
base_port=$((port + 2))
build_driver_and_sample
platform_args+=(--release "$work/sample")

cleanup() {
  if [[ -n "${hey_pid:-}" ]]; then kill "$hey_pid" 2>/dev/null || true; fi
  if [[ -n "${app_pid:-}" ]]; then kill "$app_pid" 2>/dev/null || true; fi
  driver down >/dev/null 2>&1 || true
}
trap cleanup EXIT

results_header "Deploy under load"

echo "deploy-load: initial deploy 1.0.0" >&2
driver deploy --version 1.0.0 --bake 1s >"$work/deploy-0.txt" 2>"$work/deploy-0.log"

run_deploys
run_forced_rollback stop

echo "deploy-load: baseline stop-then-start on 127.0.0.1:$base_port" >&2
db="$work/root/.pipeline/environments/bench/data/sample.db"
start_app() {
  ASPNETCORE_URLS="http://127.0.0.1:$base_port" PIPELINE_VERSION="$1" ConnectionStrings__Default="Data Source=$db" \
    Database__Provider=sqlite dotnet "$work/sample/Pipeline.Sample.dll" >>"$work/baseline-app.log" 2>&1 &
  app_pid=$!
}
wait_ready() {
  until curl -sf "http://127.0.0.1:$base_port/health/ready" >/dev/null; do sleep 0.02; done
}
start_app 2.0.0
wait_ready
start_load "http://127.0.0.1:$base_port/todos" "$work/hey-baseline.txt"
sleep 1
stop_at=$(date +%s.%N)
kill -TERM "$app_pid"
wait "$app_pid" || true
start_app 2.0.1
wait_ready
downtime=$(echo "$(date +%s.%N) - $stop_at" | bc)
sleep 1
stop_load
kill -TERM "$app_pid"
wait "$app_pid" || true
app_pid=
read -r total failed p99 max rps < <(hey_summary "$work/hey-baseline.txt")
printf '| baseline stop-then-start | – | %s | %s | %s | %s | %s | – | – | downtime %.2f s (stop → next version ready) |\n' \
  "$total" "$failed" "$p99" "$max" "$rps" "$downtime" >>"$results"

cat "$results"
