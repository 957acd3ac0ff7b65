#!/usr/bin/env bash
# Hostile input against a stack of its own (PostgreSQL by default; FUZZ_DATABASE=sqlite): schemathesis
# on each service's OpenAPI with real user and service tokens (FUZZ_EXAMPLES generated cases per
# service, default 1,000), oversized bodies, deep JSON, invalid UTF-8, CRLF in email fields.
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-1000}
exec .venv/bin/pytest -q -p no:cacheprovider tests/fuzz "$@"
