#!/usr/bin/env bash
# What the local ECS adds to a deploy: the time from UpdateService to SUCCESSFUL for a BLUE_GREEN with zero bake,
# against the time the same image takes to start and pass the same health check directly on Docker.
#
#   eng/benchmarks/local-ecs.sh              # 5 runs of each
#   RUNS=3 PORT=4599 eng/benchmarks/local-ecs.sh
#
# Offline machines: PIPELINE_DEBIAN_IMAGE=pipeline-offline/debian:bookworm. The task is a tiny Perl HTTP server on the
# Debian image with a container health check every second (bash /dev/tcp), the same in both columns.
# ECS column: createdAt -> finishedAt of the service deployment as the local ECS reports them (so the aws CLI's own
# start-up time is not counted): scale up, container health, load balancer target check, test and production traffic
# shift, drain and stop of the old task. Docker: container created -> end of its first passing health check, from the
# engine's timestamps (and, for reference, the wall clock of docker run until the CLI sees "healthy").
# Needs: dotnet, docker, the aws CLI, python3. Leaves nothing running.
set -euo pipefail

name=local-ecs
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${WORK:-$(mktemp -d "/tmp/$name.XXXXXX")}
runs=${RUNS:-5}
port=${PORT:-4599}
image=${PIPELINE_DEBIAN_IMAGE:-debian:bookworm-slim}
prod=$((port + 10))
test=$((port + 11))
key=AKIDBENCHLOCALECS
secret=bench-secret-not-a-real-one
export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
for tool in dotnet docker aws python3; do
  command -v "$tool" >/dev/null || { echo "$name: $tool not found" >&2; exit 2; }
done
mkdir -p "$work"
echo "$name: work folder $work" >&2

server='use IO::Socket::INET; $SIG{TERM}=sub{exit 0}; $SIG{PIPE}="IGNORE";
my $s=IO::Socket::INET->new(LocalPort=>8080,Listen=>1024,ReuseAddr=>1) or die "listen: $!";
while(1){ my $c=$s->accept or next; my $l=<$c>; while(my $h=<$c>){ last if $h=~/^\r?\n$/ } my $b=($ENV{BODY}||"ok")."\n";
print $c "HTTP/1.1 200 OK\r\nContent-Length: ".length($b)."\r\nConnection: close\r\n\r\n$b"; close $c }'
health='exec 3<>/dev/tcp/127.0.0.1/8080'

dotnet build "$repo/src/Capabilities/Ecs.Local/Pipeline.Ecs.Local.csproj" -c Release -nodeReuse:false -v q -o "$work/bin" >&2
ecs() { aws --endpoint-url "http://127.0.0.1:$port" --output json ecs "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
cleanup() {
  dotnet "$work/bin/Pipeline.Ecs.Local.dll" down --state-dir "$work/state" >&2 || true
  docker rm -f "$name-direct" >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$work/state"
setsid dotnet "$work/bin/Pipeline.Ecs.Local.dll" serve --state-dir "$work/state" --port "$port" --access-key "$key" \
  --secret-key "$secret" --minutes-as-seconds </dev/null >"$work/server.log" 2>&1 &
for _ in $(seq 1 100); do grep -q "endpoint" "$work/server.log" 2>/dev/null && break; sleep 0.2; done
grep -q "endpoint" "$work/server.log" || { echo "$name: the local ECS did not start: $(tail -n 3 "$work/server.log")" >&2; exit 1; }

taskdef() {
  python3 - "$1" "$image" "$server" "$health" <<'PY'
import json, sys
body, image, server, health = sys.argv[1:]
print(json.dumps({"family": "bench", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
  "containerDefinitions": [{"name": "app", "image": image, "essential": True, "command": ["perl", "-e", server],
    "environment": [{"name": "BODY", "value": body}], "portMappings": [{"containerPort": 8080}],
    "healthCheck": {"command": ["CMD", "bash", "-c", health], "interval": 1, "timeout": 2, "retries": 2}}]}))
PY
}
lb=$(python3 -c "import json; print(json.dumps([{'targetGroupArn':'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/blue/1','containerName':'app','containerPort':8080,'advancedConfiguration':{'alternateTargetGroupArn':'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/green/2','productionListenerRule':'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/prod/$prod','testListenerRule':'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/local/test/$test','roleArn':'arn:aws:iam::000000000000:role/ecs'}}]))")

wait_finished() {
  local arn=$1 status
  for _ in $(seq 1 300); do
    status=$(ecs describe-service-deployments --service-deployment-arns "$arn" | json 'd["serviceDeployments"][0]["status"]')
    case $status in SUCCESSFUL|ROLLBACK_*|STOPPED) echo "$status"; return;; esac
    sleep 0.2
  done
  echo timeout
}
seconds() { # arn -> finishedAt - createdAt
  ecs describe-service-deployments --service-deployment-arns "$1" | json '"%.2f" % (d["serviceDeployments"][0]["finishedAt"] - d["serviceDeployments"][0]["createdAt"])'
}

ecs create-cluster --cluster-name bench >/dev/null
ecs register-task-definition --cli-input-json "$(taskdef v0)" >/dev/null
first=$(ecs create-service --cluster bench --service-name web --task-definition bench:1 --desired-count 1 --load-balancers "$lb" \
  --deployment-configuration '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0}' | json 'd["service"]["currentServiceDeployment"]')
[ "$(wait_finished "$first")" = SUCCESSFUL ] || { echo "$name: the first deployment failed; see $work/server.log" >&2; exit 1; }

ecs_times=()
for i in $(seq 1 "$runs"); do
  revision=$(ecs register-task-definition --cli-input-json "$(taskdef "v$i")" | json 'd["taskDefinition"]["taskDefinitionArn"]')
  arn=$(ecs update-service --cluster bench --service web --task-definition "$revision" \
    --deployment-configuration '{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0}' | json 'd["service"]["currentServiceDeployment"]')
  status=$(wait_finished "$arn")
  [ "$status" = SUCCESSFUL ] || { echo "$name: deployment $i ended $status; see $work/server.log" >&2; exit 1; }
  ecs_times+=("$(seconds "$arn")")
  echo "$name: ECS BLUE_GREEN run $i: ${ecs_times[-1]} s (production answers $(curl -s "http://127.0.0.1:$prod/"))" >&2
done

docker_times=()
wall=()
for i in $(seq 1 "$runs"); do
  docker rm -f "$name-direct" >/dev/null 2>&1 || true
  started=$(date +%s.%N)
  docker run -d --name "$name-direct" -p 127.0.0.1::8080 --health-cmd "bash -c '$health'" --health-interval 1s \
    --health-timeout 2s --health-retries 2 -e BODY=direct "$image" perl -e "$server" >/dev/null
  until [ "$(docker inspect -f '{{.State.Health.Status}}' "$name-direct")" = healthy ]; do sleep 0.05; done
  # the engine's own timestamps (created -> end of the first passing health check), as the ECS column uses the server's
  docker_times+=("$(docker inspect "$name-direct" | python3 -c '
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s[:26].rstrip("Z") + "+00:00") if "." in s else datetime.fromisoformat(s.rstrip("Z") + "+00:00")
c = json.load(sys.stdin)[0]
ok = next(h for h in c["State"]["Health"]["Log"] if h["ExitCode"] == 0)
print("%.2f" % (t(ok["End"]) - t(c["Created"])).total_seconds())')")
  wall+=("$(python3 -c "import time; print('%.2f' % (time.time() - $started))")")
  echo "$name: direct docker run $i: ${docker_times[-1]} s (wall ${wall[-1]} s)" >&2
done
docker rm -f "$name-direct" >/dev/null

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
{
  echo "| measure ($runs runs) | median s | runs s |"
  echo "|---|---|---|"
  echo "| local ECS: UpdateService -> SUCCESSFUL (BLUE_GREEN, bake 0) | $(median "${ecs_times[@]}") | ${ecs_times[*]} |"
  echo "| direct Docker: container created -> first passing health check (engine timestamps) | $(median "${docker_times[@]}") | ${docker_times[*]} |"
  echo "| direct Docker: docker run -> healthy seen by the CLI (wall clock) | $(median "${wall[@]}") | ${wall[*]} |"
} | tee "$work/results.md"
