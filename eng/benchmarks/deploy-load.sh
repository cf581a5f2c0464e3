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

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/deploy-load.XXXXXX)}
rate=${RATE:-300}
workers=${WORKERS:-10}
deploys=${DEPLOYS:-5}
shift_plan=${SHIFT:-all-at-once}
port=${PORT:-18080}
test_port=$((port + 1))
base_port=$((port + 2))
per_worker=$(( (rate + workers - 1) / workers ))

command -v hey >/dev/null || { echo "deploy-load: hey not found; install it (apt-get install hey)" >&2; exit 2; }
mkdir -p "$work"
echo "deploy-load: work folder $work" >&2

dotnet build "$repo/tests/Deploy.Tests/Driver/Pipeline.Deploy.Driver.csproj" -c Release -nodeReuse:false -v q -o "$work/driver" >&2
dotnet publish "$repo/src/Sample" -c Release -nodeReuse:false -v q -o "$work/sample" >&2

driver() {
  dotnet "$work/driver/Pipeline.Deploy.Driver.dll" "$1" --root "$work/root" --env bench \
    --public-port "$port" --test-port "$test_port" --release "$work/sample" "${@:2}"
}

cleanup() {
  [[ -n "${hey_pid:-}" ]] && kill "$hey_pid" 2>/dev/null || true
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  driver down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# start_load <url> <file>: hey in the background until stop_load
start_load() {
  hey -z 10m -c "$workers" -q "$per_worker" -t 10 "$1" >"$2" 2>&1 &
  hey_pid=$!
  sleep 1
}

stop_load() {
  sleep 1
  kill -INT "$hey_pid"
  wait "$hey_pid" || true
  hey_pid=
}

# hey_summary <file>: "requests failed p99_ms max_ms rps"
hey_summary() {
  awk '
    /Requests\/sec:/ { rps = $2 }
    /Slowest:/ { max = $2 * 1000 }
    /99% in/ { p99 = $3 * 1000 }
    /Status code distribution:/ { section = "status"; next }
    /Error distribution:/ { section = "error"; next }
    section == "status" && /\[[0-9]+\]/ { code = substr($1, 2, 3); total += $2; if (code !~ /^2/) failed += $2 }
    section == "error" && /\[[0-9]+\]/ { n = substr($1, 2, length($1) - 2); total += n; failed += n }
    END { printf "%d %d %.0f %.0f %.0f\n", total, failed, p99, max, rps }
  ' "$1"
}

stage_ms() { awk -v s="$1" '$1 == s { print $3; exit }' "$2"; }

results="$work/results.md"
{
  echo "## Deploy under load ($rate req/s target, $workers workers, GET /todos via the edge, shift $shift_plan)"
  echo
  echo "| Run | Outcome | Requests | Failed | p99 ms | Max ms | req/s | Switch ms | Deploy s | Note |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >"$results"

echo "deploy-load: initial deploy 1.0.0" >&2
driver deploy --version 1.0.0 --bake 1s >"$work/deploy-0.txt" 2>"$work/deploy-0.log"

for i in $(seq 1 "$deploys"); do
  version="1.0.$i"
  echo "deploy-load: deploy $version under load" >&2
  start_load "http://127.0.0.1:$port/todos" "$work/hey-$i.txt"
  started=$(date +%s.%N)
  status=0
  driver deploy --version "$version" --bake 2s --smoke --shift "$shift_plan" >"$work/deploy-$i.txt" 2>"$work/deploy-$i.log" || status=$?
  took=$(echo "$(date +%s.%N) - $started" | bc)
  stop_load
  read -r total failed p99 max rps < <(hey_summary "$work/hey-$i.txt")
  outcome=$(grep -E '^Deploy ' "$work/deploy-$i.txt" | sed -E 's/^[^:]*: ([A-Za-z]+).*/\1/')
  switch=$(stage_ms PRODUCTION_TRAFFIC_SHIFT "$work/deploy-$i.txt")
  printf '| deploy %s | %s | %s | %s | %s | %s | %s | %s | %.1f | exit %s |\n' \
    "$version" "$outcome" "$total" "$failed" "$p99" "$max" "$rps" "$switch" "$took" "$status" >>"$results"
done

echo "deploy-load: forced rollback (SAMPLE_FAULT=errors at 20 %)" >&2
start_load "http://127.0.0.1:$port/todos" "$work/hey-rollback.txt"
started=$(date +%s.%N)
driver deploy --version 1.1.0-bad --bake 5s --min-requests 50 \
  --env-var SAMPLE_FAULT=errors --env-var SAMPLE_FAULT_RATE=0.2 >"$work/deploy-rollback.txt" 2>"$work/deploy-rollback.log" || true
took=$(echo "$(date +%s.%N) - $started" | bc)
stop_load
read -r total failed p99 max rps < <(hey_summary "$work/hey-rollback.txt")
outcome=$(grep -E '^Deploy ' "$work/deploy-rollback.txt" | sed -E 's/^[^:]*: ([A-Za-z]+).*/\1/')
back_ms=$(grep -o 'Traffic back on [a-z]* after [0-9]* ms' "$work/deploy-rollback.log" | grep -o '[0-9]* ms' | head -n 1)
rollback_stage=$(stage_ms ROLLBACK "$work/deploy-rollback.txt")
transport=$(awk '/Error distribution:/ { e = 1; next } e && /\[[0-9]+\]/ { n += substr($1, 2, length($1) - 2) } END { print n + 0 }' "$work/hey-rollback.txt")
non500=$(awk '/Status code distribution:/ { s = 1; next } /Error distribution:/ { s = 0 } s && /\[[0-9]+\]/ { c = substr($1, 2, 3); if (c !~ /^2/ && c != "500") n += $2 } END { print n + 0 }' "$work/hey-rollback.txt")
printf '| rollback 1.1.0-bad | %s | %s | %s | %s | %s | %s | – | %.1f | trigger → all traffic on blue: %s (ROLLBACK stage incl. drain + stop: %s ms); failures other than the bad release'"'"'s 500s: %s |\n' \
  "$outcome" "$total" "$failed" "$p99" "$max" "$rps" "$took" "${back_ms:-?}" "${rollback_stage:-?}" "$((transport + non500))" >>"$results"

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
