#!/usr/bin/env bash
# Fault drills against a stack of their own: SIGKILL during writes, notification-service SIGKILLed
# under load, Redis unreachable, PostgreSQL stopped for 20 s (always started again). Writes
# docs/reliability.md. Stops the local PostgreSQL cluster for 20 s: run it when nothing else needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DRILLS_DOC=1
exec .venv/bin/pytest -q -p no:cacheprovider tests/drills "$@"
