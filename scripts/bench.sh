#!/usr/bin/env bash
# Measures speed and memory against baselines taken in the same run (a bare FastAPI endpoint, the
# argon2id floor) on a stack of its own (PostgreSQL, other ports), then writes docs/benchmarks.md
# and docs/benchmarks/*.png. BENCH_DURATION (seconds per wrk run, default 10) shortens or lengthens it.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is needed (Debian/Ubuntu: apt-get install wrk)" >&2; exit 1; }
exec .venv/bin/python -m bench.run "$@"
