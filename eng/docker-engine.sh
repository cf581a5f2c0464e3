#!/usr/bin/env bash
# Starts a Docker engine on this machine when none answers (CI and fresh sandboxes).
# Usage: eng/docker-engine.sh        — install docker.io if missing, start dockerd, wait for it
set -euo pipefail

if docker info >/dev/null 2>&1; then
  echo "docker-engine: an engine already answers ($(docker info --format '{{.ServerVersion}}'))"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker-engine: installing docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi

data_root=${DOCKER_DATA_ROOT:-/var/lib/docker}
log=${DOCKER_LOG:-/tmp/dockerd.log}
mkdir -p "$data_root"
echo "docker-engine: starting dockerd (data root $data_root, log $log)"
nohup dockerd --data-root "$data_root" --pidfile /tmp/dockerd.pid >"$log" 2>&1 &

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker-engine: ready ($(docker info --format '{{.ServerVersion}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "docker-engine: dockerd did not answer within 30 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
