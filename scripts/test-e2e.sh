#!/usr/bin/env bash
# End-to-end tests (`make test-e2e`): builds the web app, then tests/e2e starts the whole real stack
# (services, nginx) on non-default ports with a throwaway VAR_DIR and drives it in Debian's chromium;
# the revocation test also starts one on PostgreSQL + Redis.
# Screenshots land in docs/screenshots/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

need_nginx
# test_revocation.py also runs a PostgreSQL + Redis stack (a Redis server of its own).
need_command psql postgresql-client
need_command redis-server redis-server
[ -x /usr/bin/chromium ] || die "Debian's chromium is needed (apt-get install chromium)"
web_packages
say "building the web app"
(cd web && npx --no-install vite build --logLevel warn)
say "end-to-end tests (real stack, real nginx, headless chromium)"
exec .venv/bin/pytest -q -p no:cacheprovider --timeout=300 tests/e2e "$@"
