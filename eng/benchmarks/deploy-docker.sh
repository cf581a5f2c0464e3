#!/usr/bin/env bash
# Blue/green deploys under constant load on the Docker platform (containers of the sample image behind the local edge,
# PostgreSQL in a container), the same measurement as eng/benchmarks/deploy-load.sh does for the Process platform.
#
#   eng/benchmarks/deploy-docker.sh            # 300 req/s, 5 deploys, 1 forced rollback
#   RATE=400 DEPLOYS=3 SHIFT=linear:25:500ms eng/benchmarks/deploy-docker.sh
#
# Offline machines: PIPELINE_ASPNET_IMAGE=pipeline-offline/aspnet:10.0 PIPELINE_POSTGRES_IMAGE=pipeline-offline/postgres:15
# Load: hey (-c WORKERS, -q RATE/WORKERS each) on GET /todos (a PostgreSQL query) through the edge's public port,
# started before each deploy and interrupted 1 s after it. Reports per deploy: requests, failed requests (non-2xx or
# no answer), p99 and max latency over the deploy, the PRODUCTION_TRAFFIC_SHIFT (switch) duration, SCALE_UP (container
# start until ready) and the whole deploy. The forced rollback deploys a release whose /todos fails 20 % of requests
# (SAMPLE_FAULT=errors): its 500s are the bad release's own answers; the figure that matters is the time from the bake
# trigger to all traffic on blue. Needs: dotnet, docker, hey. Leaves nothing running; results in $WORK/results.md.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-$(mktemp -d /tmp/deploy-docker.XXXXXX)}
rate=${RATE:-300}
workers=${WORKERS:-10}
deploys=${DEPLOYS:-5}
shift_plan=${SHIFT:-all-at-once}
port=${PORT:-18180}
test_port=$((port + 1))
per_worker=$(( (rate + workers - 1) / workers ))
aspnet=${PIPELINE_ASPNET_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}
postgres=${PIPELINE_POSTGRES_IMAGE:-postgres:17-alpine}
tag="pipeline-deploy-docker-bench:$(date +%s)"

command -v hey >/dev/null || { echo "deploy-docker: hey not found; install it (apt-get install hey)" >&2; exit 2; }
docker info >/dev/null 2>&1 || { echo "deploy-docker: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); start one with eng/docker-engine.sh" >&2; exit 2; }
mkdir -p "$work"
echo "deploy-docker: work folder $work" >&2

dotnet build "$repo/tests/Deploy.Docker.IntegrationTests/Driver/Pipeline.Deploy.Docker.Driver.csproj" -c Release -nodeReuse:false -v q -o "$work/driver" >&2
dotnet publish "$repo/src/Sample" -c Release -nodeReuse:false -v q -o "$work/sample" >&2
docker build -q -f "$repo/src/Sample/Dockerfile" --build-arg "BASE_IMAGE=$aspnet" -t "$tag" "$work/sample" >/dev/null
image=$(docker image inspect -f '{{.Id}}' "$tag")
echo "deploy-docker: image $image ($tag)" >&2

driver() {
  dotnet "$work/driver/Pipeline.Deploy.Docker.Driver.dll" "$1" --root "$work/root" --env bench \
    --public-port "$port" --test-port "$test_port" --image "$image" --database-image "$postgres" "${@:2}"
}

cleanup() {
  [[ -n "${hey_pid:-}" ]] && kill "$hey_pid" 2>/dev/null || true
  driver down --delete-database >"$work/down.txt" 2>&1 || true
  docker rmi -f "$tag" >/dev/null 2>&1 || true
}
trap cleanup EXIT

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
  echo "## Docker platform: deploy under load ($rate req/s target, $workers workers, GET /todos via the edge, shift $shift_plan)"
  echo
  echo "| Run | Outcome | Requests | Failed | p99 ms | Max ms | req/s | Switch ms | Scale-up ms | Deploy s | Note |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >"$results"

echo "deploy-docker: initial deploy 1.0.0 (creates the network and the database)" >&2
driver deploy --version 1.0.0 --bake 1s >"$work/deploy-0.txt" 2>"$work/deploy-0.log" || { cat "$work/deploy-0.txt" "$work/deploy-0.log" >&2; exit 1; }

for i in $(seq 1 "$deploys"); do
  version="1.0.$i"
  echo "deploy-docker: deploy $version under load" >&2
  start_load "http://127.0.0.1:$port/todos" "$work/hey-$i.txt"
  started=$(date +%s.%N)
  status=0
  driver deploy --version "$version" --bake 2s --smoke --shift "$shift_plan" >"$work/deploy-$i.txt" 2>"$work/deploy-$i.log" || status=$?
  took=$(echo "$(date +%s.%N) - $started" | bc)
  stop_load
  read -r total failed p99 max rps < <(hey_summary "$work/hey-$i.txt")
  outcome=$(grep -E '^Deploy ' "$work/deploy-$i.txt" | sed -E 's/^[^:]*: ([A-Za-z]+).*/\1/')
  switch=$(stage_ms PRODUCTION_TRAFFIC_SHIFT "$work/deploy-$i.txt")
  scale=$(stage_ms SCALE_UP "$work/deploy-$i.txt")
  printf '| deploy %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f | exit %s |\n' \
    "$version" "$outcome" "$total" "$failed" "$p99" "$max" "$rps" "$switch" "$scale" "$took" "$status" >>"$results"
done

echo "deploy-docker: forced rollback (SAMPLE_FAULT=errors at 20 %)" >&2
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
printf '| rollback 1.1.0-bad | %s | %s | %s | %s | %s | %s | – | – | %.1f | trigger → all traffic on blue: %s (ROLLBACK stage incl. drain + container stop: %s ms); failures other than the bad release'"'"'s 500s: %s |\n' \
  "$outcome" "$total" "$failed" "$p99" "$max" "$rps" "$took" "${back_ms:-?}" "${rollback_stage:-?}" "$((transport + non500))" >>"$results"

cat "$results"
