# Shell helpers shared by the scripts: `source "$(dirname "$0")/lib.sh"` (bash). It also moves to
# the repository root, where every script works from.
# shellcheck shell=bash

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# The script's name, for messages ("test-e2e: nginx is needed").
SCRIPT_NAME=$(basename "$0" .sh)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31m%s:\033[0m %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# need_nginx: nginx on PATH or in /usr/sbin, or stop with how to install it.
need_nginx() {
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] \
    || die "nginx is needed (Debian/Ubuntu: apt-get install nginx)"
}

# need_command NAME PACKAGE: NAME on PATH, or stop naming the Debian package that has it.
need_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is needed (Debian/Ubuntu: apt-get install ${2:-$1})"
}

# web_packages: the web app's npm packages, installed when missing or older than the lock file.
web_packages() {
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    say "installing the web app's npm packages"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
