#!/usr/bin/env bash
# Installs the MongoDB wire-protocol stand-in the feedback tests run the Mongo adapter against:
# mongoeco[wire] in its own Python >= 3.13 virtualenv (it needs 3.13; the services run on 3.11).
# Idempotent: a second run only checks the interpreter exists. Prints the interpreter's path.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# uv may have been installed with `pip --user` (scripts/install.sh) or into the project venv.
export PATH="$PATH:$HOME/.local/bin:$here/../../.venv/bin"
venv="${MONGO_STANDIN_VENV:-$here/var/mongo-standin-venv}"
version="${MONGOECO_VERSION:-4.11.0}"
stamp="$venv/.mongoeco-$version"

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ]; then
  echo "$venv/bin/python"
  exit 0
fi

find_python() {
  for candidate in "${MONGO_STANDIN_PYTHON:-}" python3.13 /root/.pyenv/versions/3.13*/bin/python3.13; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
      if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 13) else 1)' 2>/dev/null; then
        command -v "$candidate"
        return 0
      fi
    fi
  done
  uv python find '>=3.13' 2>/dev/null && return 0
  uv python install 3.13 >&2 && uv python find '>=3.13'
}

python="$(find_python)"
mkdir -p "$(dirname "$venv")"
rm -rf "$venv"
uv venv --quiet --python "$python" "$venv" >&2
uv pip install --quiet --python "$venv/bin/python" "mongoeco[wire]==$version" >&2
touch "$stamp"
echo "$venv/bin/python"
