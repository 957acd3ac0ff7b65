#!/usr/bin/env bash
# `make env`: writes the .env that docker-compose.yml reads, with a fresh random value for every
# secret that is missing or empty. Values already there are kept; run it again at any time.
#   scripts/init-env.sh [FILE]        (default: .env at the repository root)
# Starts from .env.example when the file does not exist. Reads the older system's names too
# (SMTP_SERVER, SENDER_EMAIL) and writes the names compose uses beside them. SMTP_USERNAME and
# SMTP_PASSWORD (a Gmail address and its App Password) cannot be generated: pass them in the
# environment (SMTP_USERNAME=... SMTP_PASSWORD=... make env) or fill them in afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
file=${1:-$root/.env}

# Secrets compose refuses to start without. 32 random bytes, hex: long enough for production's
# check (>= 32 bytes, not low-entropy) and safe inside the URLs they end up in.
SECRETS=(SERVICE_TOKEN_SECRET POSTGRES_PASSWORD REDIS_PASSWORD CODE_HMAC_SECRET)
# The older system's name -> ours.
declare -A ALIASES=([SMTP_SERVER]=SMTP_HOST [SENDER_EMAIL]=EMAIL_FROM)

if [ ! -f "$file" ]; then
  cp "$root/.env.example" "$file"
  echo "init-env: created $file from .env.example"
fi
chmod 600 "$file"

# The value of KEY in the file (the last assignment wins, as for compose), empty if none.
get() {
  KEY=$1 awk '{ k = $0; sub(/=.*/, "", k); sub(/^[ \t]*(export[ \t]+)?/, "", k) }
    k == ENVIRON["KEY"] && index($0, "=") { v = substr($0, index($0, "=") + 1) } END { print v }' "$file"
}

# Sets KEY=VALUE: replaces every assignment of KEY (commented-out examples are left alone),
# or appends one.
put() {
  local tmp
  tmp=$(mktemp "$file.XXXXXX")
  KEY=$1 VALUE=$2 awk '{ k = $0; sub(/=.*/, "", k); sub(/^[ \t]*(export[ \t]+)?/, "", k) }
    k == ENVIRON["KEY"] && index($0, "=") { print ENVIRON["KEY"] "=" ENVIRON["VALUE"]; done = 1; next }
    { print } END { if (!done) print ENVIRON["KEY"] "=" ENVIRON["VALUE"] }' "$file" >"$tmp"
  chmod 600 "$tmp"
  mv "$tmp" "$file"
}

random_secret() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

for name in "${SECRETS[@]}"; do
  current=$(get "$name")
  if [ -z "$current" ]; then
    put "$name" "$(random_secret)"
    echo "init-env: $name generated"
  elif [ ${#current} -lt 32 ]; then
    echo "init-env: $name kept, but it is shorter than 32 characters: production refuses it" \
      "(empty it and run again for a fresh one)" >&2
  fi
done

for old in "${!ALIASES[@]}"; do
  new=${ALIASES[$old]}
  value=$(get "$old")
  [ -n "$value" ] || continue
  if [ "$(get "$new")" != "$value" ]; then
    ours=$(get "$new")
    # A value of ours that is only .env.example's default gives way to the older file's.
    example=$(file="$root/.env.example" get "$new")
    if [ -z "$ours" ] || [ "$ours" = "$example" ]; then
      put "$new" "$value"
      echo "init-env: $new set from the older name $old"
    fi
  fi
done

for name in SMTP_USERNAME SMTP_PASSWORD; do
  if [ -z "$(get "$name")" ] && [ -n "${!name:-}" ]; then
    put "$name" "${!name}"
    echo "init-env: $name taken from the environment"
  fi
done
missing=()
for name in SMTP_USERNAME SMTP_PASSWORD; do [ -n "$(get "$name")" ] || missing+=("$name"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "init-env: still to fill in: ${missing[*]} (the Gmail address and an App Password, see" \
    "docs/deployment.md; for a try-out with the dev override any text will do)"
fi
echo "init-env: $file is ready; next: docker compose up --build -d"
