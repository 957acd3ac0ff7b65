#!/usr/bin/env bash
# Installs what the platform needs on a fresh Debian/Ubuntu machine with Python 3.11+ and Node 20+.
# Idempotent and quick when everything is already there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
  || die "Python 3.11 or newer is needed (found: $("$PYTHON" --version 2>&1)). Install it and retry."

# uv: the fast installer for the Python environment.
if ! command -v uv >/dev/null 2>&1; then
  say "installing uv"
  "$PYTHON" -m pip install --quiet --user uv 2>/dev/null || "$PYTHON" -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi

# The Python environment: every package editable, pinned by constraints.txt.
stamp=.venv/.installed
inputs=(constraints.txt requirements/dev.in libs/*/pyproject.toml services/*/pyproject.toml stacklib/pyproject.toml)
if [ ! -f "$stamp" ] || [ -n "$(find "${inputs[@]}" -newer "$stamp" 2>/dev/null)" ]; then
  say "installing the Python environment (.venv)"
  [ -x .venv/bin/python ] || uv venv --quiet --python "$PYTHON" .venv
  uv pip install --quiet --python .venv/bin/python -c constraints.txt \
    -e libs/campus-common \
    -e libs/campus-testing \
    -e services/auth-backend \
    -e services/notification-service \
    -e services/feedback-service \
    -e stacklib \
    -r requirements/dev.in
  touch "$stamp"
fi

# System packages: nginx (the edge), chromium (end-to-end tests), docker-compose (validating the
# compose files offline), wrk (the load generator of `make bench`).
missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with sudo apt-get"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "please install ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})"
  fi
fi

# The web app's npm packages.
if [ -f web/package.json ]; then
  command -v npm >/dev/null 2>&1 || die "Node.js 20+ and npm are needed (Debian/Ubuntu: apt-get install nodejs npm)"
  web_packages
fi
