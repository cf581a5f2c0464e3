#!/usr/bin/env bash
# Benchmark: first push vs second push of an unchanged image through Pipeline's ImagePusher.
# Starts its own docker-registry (htpasswd auth, temp storage) on 127.0.0.1, builds tests/Images.IntegrationTests/Assets/hello
# on $PIPELINE_DEBIAN_IMAGE (default debian:bookworm-slim; pipeline-offline/debian:bookworm here), then pushes three times:
#   1. first push to an empty registry,
#   2. the same tag again: Pipeline asks the registry (HEAD manifest) and skips,
#   3. the same image under a new tag: the engine pushes, every layer is "already exists".
# Uploads are counted twice: from the push stream ("Pushed" vs "Layer already exists") and from the registry's access
# log (PATCH/PUT on /blobs/uploads/).
# Usage: eng/benchmarks/push.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/pipeline-push-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=${PIPELINE_DEBIAN_IMAGE:-debian:bookworm-slim}
user=bench
password=bench-$RANDOM
registry_pid=

cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; fi
  docker rmi -f "127.0.0.1:$port/bench/hello:v1" "127.0.0.1:$port/bench/hello:v1-again" pipeline-bench/hello:bench >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

htpasswd -Bbn "$user" "$password" >"$work/htpasswd"
cat >"$work/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $work/data
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: bench
    path: $work/htpasswd
YAML
docker-registry serve "$work/config.yml" >"$work/access.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && break
  sleep 0.1
done

echo "push benchmark: registry 127.0.0.1:$port, image tests/Images.IntegrationTests/Assets/hello on $base"
dotnet run --file "$here/push.cs" -- "127.0.0.1:$port" "$user" "$password" "$work/access.log" "$base"
