#!/usr/bin/env bash
# Runs every Python test suite twice: on SQLite (the embedded default) and on PostgreSQL.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
suites=(libs/campus-common/tests libs/campus-testing/tests services/auth-backend/tests services/notification-service/tests services/feedback-service/tests tests/platform)
backends=${TEST_BACKENDS:-sqlite postgresql}
for backend in $backends; do
  for suite in "${suites[@]}"; do
    [ -d "$suite" ] || continue
    say "$suite on $backend"
    TEST_DATABASE=$backend .venv/bin/pytest -q "$suite"
  done
done
# Checks of the repository as a whole (settings against every .env.example), once.
say "tests/settings"
.venv/bin/pytest -q tests/settings
