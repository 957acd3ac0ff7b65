#!/usr/bin/env bash
# The Locust smoke: 20 users for 60 s through the edge of a stack it starts on other ports
# (LOAD_USERS, LOAD_SECONDS, LOAD_DATABASE=postgresql|sqlite change it); fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m loadtest.smoke "$@"
