#!/usr/bin/env bash
# The web app's checks (`make test-web`): the committed API client matches the services' OpenAPI,
# TypeScript typechecks, ESLint passes (text shown to people goes through the catalogs), the vitest
# suite passes, and the production build succeeds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

web_packages

say "web: the generated API client is up to date"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
scripts/gen-client.sh "$fresh" >/dev/null
stale=0
for name in auth notification feedback; do
  for file in "openapi/$name.json" "src/api/$name.ts"; do
    if ! diff -q "web/$file" "$fresh/$file" >/dev/null 2>&1; then
      echo "stale: web/$file differs from what the services publish now" >&2
      stale=1
    fi
  done
done
if [ "$stale" = 1 ]; then
  echo "The API client is stale: run 'make client' and commit web/openapi and web/src/api." >&2
  exit 1
fi

cd web
say "web: typecheck"
npx --no-install tsc -p tsconfig.json --noEmit
say "web: lint (eslint, untranslated text included)"
npx --no-install eslint src
say "web: vitest"
npx --no-install vitest run
say "web: build"
npx --no-install vite build --logLevel warn
