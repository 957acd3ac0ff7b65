#!/usr/bin/env bash
# End-to-end tests (`make test-e2e`): builds the web app, then tests/e2e starts the whole real stack
# (services, nginx) on non-default ports with a throwaway VAR_DIR and drives it in Debian's chromium.
# Screenshots land in docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "test-e2e: nginx is needed (apt-get install nginx)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "test-e2e: Debian's chromium is needed (apt-get install chromium)" >&2; exit 1; }
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  say "installing the web app's npm packages"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
say "building the web app"
(cd web && npx --no-install vite build --logLevel warn)
say "end-to-end tests (real stack, real nginx, headless chromium)"
exec .venv/bin/pytest -q -p no:cacheprovider --timeout=300 tests/e2e "$@"
