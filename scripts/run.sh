#!/usr/bin/env bash
# Starts the whole platform on embedded defaults: SQLite under var/, the dev mailbox, demo data,
# the three services and the nginx edge, with prefixed logs. A service that exits is started again
# (with a back-off; campus_stack.supervise). Ctrl-C stops everything. WEB_ROOT=DIR serves an
# already built web app from DIR instead of building web/ here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source scripts/stack-env.sh

.venv/bin/python scripts/check_ports.py "$EDGE_PORT" "$AUTH_PORT" "$NOTIFICATION_PORT" "$FEEDBACK_PORT"
mkdir -p "$VAR_DIR"

if [ -z "${WEB_ROOT:-}" ] && [ -f web/package.json ]; then
  if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/package.json -newer web/dist/index.html 2>/dev/null | head -1)" ]; then
    say "building the web app"
    (cd web && npm run --silent build)
  fi
fi

say "migrating and seeding demo data"
# The three databases are independent: prepare them side by side (each step imports its service,
# which is most of its time), and stop if any of them fails.
(DATABASE_URL=$AUTH_DATABASE_URL .venv/bin/campus-auth-backend migrate \
  && DATABASE_URL=$AUTH_DATABASE_URL .venv/bin/campus-auth-backend seed-demo) & auth_db=$!
(DATABASE_URL=$NOTIFICATION_DATABASE_URL .venv/bin/campus-notification-service migrate) & notify_db=$!
(DATABASE_URL=$FEEDBACK_DATABASE_URL .venv/bin/campus-feedback-service migrate \
  && DATABASE_URL=$FEEDBACK_DATABASE_URL .venv/bin/campus-feedback-service seed-demo) & feedback_db=$!
failed=0
for pid in "$auth_db" "$notify_db" "$feedback_db"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || die "preparing the databases failed (see above)"

say "starting the platform (Ctrl-C stops it)"
exec .venv/bin/python -m campus_stack.supervise -f Procfile --once ready
