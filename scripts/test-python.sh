#!/usr/bin/env bash
# Runs every Python test suite twice: on SQLite (the embedded default) and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
suites=(libs/campus-common/tests services/auth-backend/tests services/notification-service/tests services/feedback-service/tests)
backends=${TEST_BACKENDS:-sqlite postgresql}
for backend in $backends; do
  for suite in "${suites[@]}"; do
    [ -d "$suite" ] || continue
    printf '\033[1m==> %s on %s\033[0m\n' "$suite" "$backend"
    TEST_DATABASE=$backend .venv/bin/pytest -q "$suite"
  done
done
