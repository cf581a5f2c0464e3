# Shared by eng/benchmarks/deploy-load.sh (Process platform) and eng/benchmarks/deploy-docker.sh (Docker platform):
# settings, the deploy driver, load with hey and the measured runs. Source it after setting:
#   name           the script's name, for messages
#   default_port   the edge's public port unless PORT is set (test port = port + 1)
#   platform_args  the driver's platform arguments, e.g. (--platform docker --image sha256:…)
#   scale_column   1 to report SCALE_UP per deploy (Docker: container start until ready), else 0
# shellcheck shell=bash
# platform_args and scale_column are set by the script that sources this file.
# shellcheck disable=SC2154

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${WORK:-$(mktemp -d "/tmp/$name.XXXXXX")}
rate=${RATE:-300}
workers=${WORKERS:-10}
deploys=${DEPLOYS:-5}
shift_plan=${SHIFT:-all-at-once}
port=${PORT:-$default_port}
test_port=$((port + 1))
per_worker=$(( (rate + workers - 1) / workers ))
results="$work/results.md"

command -v hey >/dev/null || { echo "$name: hey not found; install it (apt-get install hey)" >&2; exit 2; }
mkdir -p "$work"
echo "$name: work folder $work" >&2

# build_driver_and_sample: the driver into $work/driver, the published sample into $work/sample
build_driver_and_sample() {
  dotnet build "$repo/tests/Deploy.Tests/Driver/Pipeline.Deploy.Driver.csproj" -c Release -nodeReuse:false -v q -o "$work/driver" >&2
  dotnet publish "$repo/src/Sample" -c Release -nodeReuse:false -v q -o "$work/sample" >&2
}

# driver <command> [args…]: the deploy driver against the bench environment on the platform
driver() {
  dotnet "$work/driver/Pipeline.Deploy.Driver.dll" "$1" --root "$work/root" --env bench \
    --public-port "$port" --test-port "$test_port" "${platform_args[@]}" "${@:2}"
}

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

outcome_of() { grep -E '^Deploy ' "$1" | sed -E 's/^[^:]*: ([A-Za-z]+).*/\1/'; }

# results_header <title>: the results table's title and columns
results_header() {
  local scale_head="" scale_rule=""
  if [[ $scale_column == 1 ]]; then scale_head=" Scale-up ms |"; scale_rule=" ---: |"; fi
  {
    echo "## $1 ($rate req/s target, $workers workers, GET /todos via the edge, shift $shift_plan)"
    echo
    echo "| Run | Outcome | Requests | Failed | p99 ms | Max ms | req/s | Switch ms |$scale_head Deploy s | Note |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |$scale_rule ---: | --- |"
  } >"$results"
}

# run_deploys: DEPLOYS deploys 1.0.1… under load, one results row each
run_deploys() {
  local i version started status took total failed p99 max rps scale
  for i in $(seq 1 "$deploys"); do
    version="1.0.$i"
    echo "$name: deploy $version under load" >&2
    start_load "http://127.0.0.1:$port/todos" "$work/hey-$i.txt"
    started=$(date +%s.%N)
    status=0
    driver deploy --version "$version" --bake 2s --smoke --shift "$shift_plan" >"$work/deploy-$i.txt" 2>"$work/deploy-$i.log" || status=$?
    took=$(echo "$(date +%s.%N) - $started" | bc)
    stop_load
    read -r total failed p99 max rps < <(hey_summary "$work/hey-$i.txt")
    scale=""
    if [[ $scale_column == 1 ]]; then scale=" $(stage_ms SCALE_UP "$work/deploy-$i.txt") |"; fi
    printf '| deploy %s | %s | %s | %s | %s | %s | %s | %s |%s %.1f | exit %s |\n' \
      "$version" "$(outcome_of "$work/deploy-$i.txt")" "$total" "$failed" "$p99" "$max" "$rps" \
      "$(stage_ms PRODUCTION_TRAFFIC_SHIFT "$work/deploy-$i.txt")" "$scale" "$took" "$status" >>"$results"
  done
}

# run_forced_rollback <what the ROLLBACK stage stops>: a release failing 20 % of /todos, rolled back by the bake watch
run_forced_rollback() {
  local started took total failed p99 max rps back_ms rollback_stage transport non500 scale=""
  echo "$name: forced rollback (SAMPLE_FAULT=errors at 20 %)" >&2
  start_load "http://127.0.0.1:$port/todos" "$work/hey-rollback.txt"
  started=$(date +%s.%N)
  driver deploy --version 1.1.0-bad --bake 5s --min-requests 50 \
    --env-var SAMPLE_FAULT=errors --env-var SAMPLE_FAULT_RATE=0.2 >"$work/deploy-rollback.txt" 2>"$work/deploy-rollback.log" || true
  took=$(echo "$(date +%s.%N) - $started" | bc)
  stop_load
  read -r total failed p99 max rps < <(hey_summary "$work/hey-rollback.txt")
  back_ms=$(grep -o 'Traffic back on [a-z]* after [0-9]* ms' "$work/deploy-rollback.log" | grep -o '[0-9]* ms' | head -n 1)
  rollback_stage=$(stage_ms ROLLBACK "$work/deploy-rollback.txt")
  transport=$(awk '/Error distribution:/ { e = 1; next } e && /\[[0-9]+\]/ { n += substr($1, 2, length($1) - 2) } END { print n + 0 }' "$work/hey-rollback.txt")
  non500=$(awk '/Status code distribution:/ { s = 1; next } /Error distribution:/ { s = 0 } s && /\[[0-9]+\]/ { c = substr($1, 2, 3); if (c !~ /^2/ && c != "500") n += $2 } END { print n + 0 }' "$work/hey-rollback.txt")
  if [[ $scale_column == 1 ]]; then scale=" – |"; fi
  printf '| rollback 1.1.0-bad | %s | %s | %s | %s | %s | %s | – |%s %.1f | trigger → all traffic on blue: %s (ROLLBACK stage incl. drain + %s: %s ms); failures other than the bad release'"'"'s 500s: %s |\n' \
    "$(outcome_of "$work/deploy-rollback.txt")" "$total" "$failed" "$p99" "$max" "$rps" "$scale" "$took" "${back_ms:-?}" "$1" "${rollback_stage:-?}" "$((transport + non500))" >>"$results"
}
