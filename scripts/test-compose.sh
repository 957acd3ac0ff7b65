#!/usr/bin/env bash
# `make test-compose`: builds every image of docker-compose.yml from the project's Dockerfiles on
# stand-in base images (tests/compose/standins), brings the stack up with docker-compose against
# podman's Docker-compatible API, and runs the checks of tests/compose through the edge.
#
# Published ports are EDGE_PORT / NOTIFICATION_PORT / FEEDBACK_PORT (the original system's 8080,
# 5001 and 8000 unless set): on a machine where `make run` is up, pick others, e.g.
#   EDGE_PORT=18080 NOTIFICATION_PORT=15001 FEEDBACK_PORT=18000 make test-compose
# Images and root filesystems are kept in COMPOSE_TEST_CACHE between runs. Everything this script
# starts (containers, volumes, the API service, the health ticker) is stopped on exit, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

say() { printf '\033[1m==> [compose] %s\033[0m\n' "$*"; }
die() { printf '\033[31mtest-compose:\033[0m %s\n' "$*" >&2; exit 1; }
t0=$(date +%s)

missing=()
for tool in podman debootstrap docker-compose; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  # Under CI a skipped stage is a failed stage: .ci/run installs these.
  [ "${CI:-}" = true ] && die "missing ${missing[*]} (apt-get install podman debootstrap docker-compose)"
  echo "test-compose: SKIPPED, missing ${missing[*]} (apt-get install podman debootstrap docker-compose)" >&2
  exit 0
fi
[ "$(id -u)" = 0 ] || die "needs root (podman's bridge networks and debootstrap)"

export COMPOSE_TEST_CACHE=${COMPOSE_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/campus-compose}
mkdir -p "$COMPOSE_TEST_CACHE"
work=$(mktemp -d "${TMPDIR:-/tmp}/campus-compose.XXXXXX")

# ---- podman: storage and engine settings of our own (no change to the machine's) ----
cat >"$COMPOSE_TEST_CACHE/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$COMPOSE_TEST_CACHE/storage"
runroot = "$COMPOSE_TEST_CACHE/run"
CONF
# runc: crun refuses hybrid cgroup hierarchies; cgroupfs and file events: no systemd here;
# ulimits no higher than the machine's hard limits, which containers cannot raise.
limit() { local v=$1 cap=$2; [ "$v" = unlimited ] && v=$cap; [ "$v" -gt "$cap" ] && v=$cap; echo "$v"; }
nofile=$(limit "$(ulimit -Hn)" 65536)
nproc=$(limit "$(ulimit -Hu)" 32768)
cat >"$COMPOSE_TEST_CACHE/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_STORAGE_CONF=$COMPOSE_TEST_CACHE/storage.conf
export CONTAINERS_CONF=$COMPOSE_TEST_CACHE/containers.conf
export BUILDAH_FORMAT=docker

service_pid=""
ticker_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e  # every step below runs, whatever the one before it returned
  if [ -S "$work/podman.sock" ] && [ -f "$work/stacks" ]; then
    say "cleanup: removing what the checks left"
    while read -r project; do
      podman ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r podman rm -f -t 5 >/dev/null 2>&1 || true
      podman volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
    done < <(sort -u "$work/stacks")
    podman network rm -f student-app-network >/dev/null 2>&1 || true
  fi
  for pid in $ticker_pid $service_pid; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  # Builds through the API leave one working container per image built.
  buildah --root "$COMPOSE_TEST_CACHE/storage" --runroot "$COMPOSE_TEST_CACHE/run" --storage-driver overlay \
    rm --all >/dev/null 2>&1 || true
  rm -rf "$work"
  say "done in $(( $(date +%s) - t0 ))s (exit $rc)"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "stand-in base images"
tests/compose/standins/build.sh

say "podman API service"
podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 60); do [ -S "$work/podman.sock" ] && break; sleep 0.5; done
[ -S "$work/podman.sock" ] || { cat "$work/service.log" >&2; die "podman system service did not start"; }

# Without systemd podman never runs HEALTHCHECKs on its own (it uses systemd timers), so
# `depends_on: service_healthy` would wait forever: run them every few seconds while we work.
health_ticker() {
  while :; do
    for id in $(podman ps -q --filter health=starting) $(podman ps -q --filter health=healthy) \
              $(podman ps -q --filter health=unhealthy); do
      podman healthcheck run "$id" >/dev/null 2>&1 &
    done
    wait
    sleep 1
  done
}
health_ticker >/dev/null 2>&1 &
ticker_pid=$!

export DOCKER_HOST=unix://$work/podman.sock
export COMPOSE_TEST_WORK=$work
say "checks (tests/compose)"
.venv/bin/pytest -q -p no:cacheprovider --durations=8 tests/compose "$@"
