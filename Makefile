# Campus: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
# scripts/install.sh may install uv with `pip --user`: later steps must find it too.
export PATH := $(HOME)/.local/bin:$(PATH)
PACKAGES := libs/campus-common libs/campus-testing services/auth-backend services/notification-service services/feedback-service stacklib

.PHONY: help install run test lint fmt typecheck test-python test-web test-deploy test-e2e \
	      test-compose env \
	      bench constraints client clean drills fuzz loadtest

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: ## install everything the platform needs (Python env, npm packages, nginx, chromium)
	@scripts/install.sh

run: install ## start the whole platform on embedded defaults at http://localhost:8080
	@scripts/run.sh

test: install lint typecheck test-python test-web test-deploy test-compose test-e2e test-fuzz test-load ## every check and test
	@echo "make test: all checks passed"

lint: ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: ## format and autofix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: ## mypy (strict) on every package
	$(VENV)/bin/mypy $(foreach p,$(PACKAGES),$(p)/src)

test-python: ## every Python test suite, on SQLite and on PostgreSQL
	@scripts/test-python.sh

test-web: ## the web app: typecheck, eslint, vitest, stale generated client
	@scripts/test-web.sh

test-deploy: ## validate Dockerfiles, compose and Kubernetes manifests offline
	@scripts/validate-deploy.sh

test-compose: install ## build every image and run docker-compose.yml for real (podman, stand-in bases)
	@scripts/test-compose.sh

env: ## write .env for docker compose: fresh random secrets, values already there kept
	@scripts/init-env.sh

test-e2e: ## the real stack behind real nginx, driven in real headless Chromium
	@scripts/test-e2e.sh

# Hostile input against a stack of its own (PostgreSQL by default; FUZZ_DATABASE=sqlite): schemathesis
# on each service's OpenAPI with real user and service tokens (FUZZ_EXAMPLES cases per service),
# oversized bodies, deep JSON, invalid UTF-8, CRLF in email fields.
FUZZ := $(VENV)/bin/pytest -q -p no:cacheprovider tests/fuzz
test-fuzz: ## schemathesis against every service's OpenAPI, hostile-input checks
	@FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-1000} $(FUZZ)

# 20 users for 60 s through the edge of a stack of its own (LOAD_USERS, LOAD_SECONDS,
# LOAD_DATABASE=postgresql|sqlite change it); fails on any failure.
test-load: ## a short Locust run through the edge that must end with 0 failures
	@$(PY) -m loadtest.smoke

# Against a stack of their own; stops the local PostgreSQL cluster for 20 s (always started again):
# run it when nothing else needs it. Also kills a service under `make run` and sees it restarted.
drills: install ## fault drills (database down, SIGKILL, Redis down); writes docs/reliability.md
	@DRILLS_DOC=1 $(VENV)/bin/pytest -q -p no:cacheprovider tests/drills

fuzz: install ## a longer schemathesis run than make test's
	@FUZZ_EXAMPLES=5000 $(FUZZ)

# Against baselines taken in the same run (a bare FastAPI endpoint, the argon2id floor) on a stack
# of its own (PostgreSQL, other ports); also docs/benchmarks/*.png. BENCH_DURATION: seconds per wrk run.
bench: install ## measure speed and memory against baselines; writes docs/benchmarks.md
	@command -v wrk >/dev/null 2>&1 || { echo "bench: wrk is needed (Debian/Ubuntu: apt-get install wrk)" >&2; exit 1; }
	@$(PY) -m bench.run

constraints: ## re-pin Python dependencies (constraints.txt, no registry hosts recorded)
	uv pip compile --python 3.11 --no-emit-package campus-common --no-emit-package campus-stack --no-emit-package campus-testing --no-header \
	  $(foreach p,$(PACKAGES),$(p)/pyproject.toml) requirements/dev.in -o constraints.txt

client: ## regenerate the web app's API client from the services' OpenAPI
	@scripts/gen-client.sh

clean: ## remove local state (databases, keys, mailbox) and build output
	rm -rf var web/dist
