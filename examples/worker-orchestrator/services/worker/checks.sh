#!/bin/sh
# ./checks.sh lint | test — flake8 or pytest on the worker, in a container with Debian's tools.
# DEBIAN_IMAGE names the base image (default debian:bookworm).
set -eu
cd "$(dirname "$0")"
image=worker-checks:local
if ! built=$(docker build -q --build-arg "BASE_IMAGE=${DEBIAN_IMAGE:-debian:bookworm}" -f Dockerfile.checks -t "$image" . 2>&1); then
  echo "$built" >&2
  exit 1
fi
case "${1:-}" in
  lint) exec docker run --rm "$image" python3 -m flake8 --max-line-length 100 worker migrations tests ;;
  test) exec docker run --rm "$image" python3 -m pytest -q -p no:cacheprovider tests ;;
  *) echo "usage: $0 lint|test" >&2; exit 2 ;;
esac
