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

name=deploy-docker
default_port=18180
platform_args=(--settings "$(dirname "$0")/../../tests/Deploy.Tests/Driver/presets/docker.json")
scale_column=1
aspnet=${PIPELINE_ASPNET_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}
postgres=${PIPELINE_POSTGRES_IMAGE:-postgres:17-alpine}
tag="pipeline-deploy-docker-bench:$(date +%s)"
docker info >/dev/null 2>&1 || { echo "deploy-docker: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); start one with eng/docker-engine.sh" >&2; exit 2; }
# shellcheck source=eng/benchmarks/deploy-common.sh
source "$(dirname "$0")/deploy-common.sh"

build_driver_and_sample
docker build -q -f "$repo/src/Sample/Dockerfile" --build-arg "BASE_IMAGE=$aspnet" -t "$tag" "$work/sample" >/dev/null
image=$(docker image inspect -f '{{.Id}}' "$tag")
echo "deploy-docker: image $image ($tag)" >&2
platform_args+=(--image "$image")
export PIPELINE_POSTGRES_IMAGE="$postgres"

cleanup() {
  if [[ -n "${hey_pid:-}" ]]; then kill "$hey_pid" 2>/dev/null || true; fi
  driver down >"$work/down.txt" 2>&1 || true
  # Down keeps the database volume (as users want); the benchmark's is thrown away.
  docker volume ls -q --filter "label=pipeline.environment=bench" | xargs -r docker volume rm -f >/dev/null 2>&1 || true
  docker rmi -f "$tag" >/dev/null 2>&1 || true
}
trap cleanup EXIT

results_header "Docker platform: deploy under load"

echo "deploy-docker: initial deploy 1.0.0 (creates the network and the database)" >&2
driver deploy --version 1.0.0 --bake 1s >"$work/deploy-0.txt" 2>"$work/deploy-0.log" || { cat "$work/deploy-0.txt" "$work/deploy-0.log" >&2; exit 1; }

run_deploys
run_forced_rollback "container stop"

cat "$results"
