#!/usr/bin/env bash
# Regenerates the web app's API client from the services' OpenAPI (`make client`):
#   web/openapi/<service>.json  the schema each app factory publishes (create_app().openapi())
#   web/src/api/<service>.ts    its TypeScript types (openapi-typescript), used with openapi-fetch
# Usage: scripts/gen-client.sh [OUT_DIR]   (default: web; scripts/test-web.sh passes a temp dir to
# check that the committed client is not stale).
set -euo pipefail
out=$(realpath -m "${1:-web}")
source "$(dirname "$0")/lib.sh"
mkdir -p "$out/openapi" "$out/src/api"
web_packages

# CAMPUS_SOURCE_ROOT=DIR reads the services from another checkout (e.g. an unpacked `git archive HEAD`)
# instead of this working tree.
if [ -n "${CAMPUS_SOURCE_ROOT:-}" ]; then
  src=$(realpath "$CAMPUS_SOURCE_ROOT")
  PYTHONPATH="$src/libs/campus-common/src:$src/services/auth-backend/src:$src/services/notification-service/src:$src/services/feedback-service/src${PYTHONPATH:+:$PYTHONPATH}"
  export PYTHONPATH
fi

# The app factories are only built, never started: a throwaway VAR_DIR and SQLite URLs keep them
# from touching anything real.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
VAR_DIR=$scratch ENVIRONMENT=development DATABASE_URL="sqlite+aiosqlite:///$scratch/x.db" \
  .venv/bin/python - "$out/openapi" <<'PY'
import importlib
import json
import logging
import sys
from pathlib import Path

logging.disable(logging.CRITICAL)
SERVICES = {
    "auth": "auth_backend.main",
    "notification": "notification_service.main",
    "feedback": "feedback_service.main",
}
target = Path(sys.argv[1])
for name, module in SERVICES.items():
    schema = importlib.import_module(module).create_app().openapi()
    text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (target / f"{name}.json").write_text(text, encoding="utf-8")
PY

for name in auth notification feedback; do
  web/node_modules/.bin/openapi-typescript "$out/openapi/$name.json" -o "$out/src/api/$name.ts" \
    --alphabetize --silent >/dev/null 2>&1
done
echo "gen-client: wrote $out/openapi/*.json and $out/src/api/{auth,notification,feedback}.ts"
