#!/usr/bin/env bash
# Builds the base images this machine cannot pull (no Docker Hub, no mcr.microsoft.com here).
# Users with internet access never need this: every Dockerfile defaults to the official image and takes
# the base as a build argument. Idempotent: an image that already exists is kept (FORCE=1 rebuilds).
#
#   pipeline-offline/debian:bookworm   debootstrap --variant=minbase + docker import
#   pipeline-offline/postgres:15       Debian's postgresql-15, entrypoint compatible with the official image
#                                      (POSTGRES_USER/PASSWORD/DB, "-c key=value" args, pg_isready on PATH)
#   pipeline-offline/aspnet:10.0       the host's ASP.NET Core 10 shared runtime on the Debian base
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
force=${FORCE:-0}

have() { [ "$force" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

if have pipeline-offline/debian:bookworm; then
  echo "offline-images: pipeline-offline/debian:bookworm exists"
else
  command -v debootstrap >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  root=$(mktemp -d /tmp/debian-rootfs.XXXXXX)
  echo "offline-images: debootstrap bookworm into $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/tmp/debootstrap.log 2>&1 \
    || { tail -n 20 /tmp/debootstrap.log >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - pipeline-offline/debian:bookworm >/dev/null
  rm -rf "$root"
  echo "offline-images: built pipeline-offline/debian:bookworm"
fi

if have pipeline-offline/postgres:15; then
  echo "offline-images: pipeline-offline/postgres:15 exists"
else
  docker build --network host -q -t pipeline-offline/postgres:15 "$here/postgres" >/dev/null
  echo "offline-images: built pipeline-offline/postgres:15"
fi

if have pipeline-offline/aspnet:10.0; then
  echo "offline-images: pipeline-offline/aspnet:10.0 exists"
else
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  ctx=$(mktemp -d /tmp/aspnet-ctx.XXXXXX)
  mkdir -p "$ctx/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$ctx/dotnet/"
  runtime=$(for dir in "$dotnet_root"/shared/Microsoft.NETCore.App/10.*; do basename "$dir"; done | sort -V | tail -n 1)
  for fw in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$ctx/dotnet/shared/$fw"
    cp -a "$dotnet_root/shared/$fw/$runtime" "$ctx/dotnet/shared/$fw/"
  done
  cp "$here/aspnet/Dockerfile" "$ctx/"
  docker build --network host -q -t pipeline-offline/aspnet:10.0 "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "offline-images: built pipeline-offline/aspnet:10.0 (runtime $runtime)"
fi
