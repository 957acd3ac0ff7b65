"""Fixtures of the Compose checks (helpers in compose_stack.py). scripts/test-compose.sh runs them.

feedback-db is the mongo:7.0 stand-in (mongoeco on SQLite), NOT MongoDB."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from compose_stack import PORTS, Stack, base_env, dev_smtp, work_dir


def pytest_report_header() -> str:
    return (
        "compose: feedback-db is the mongo:7.0 stand-in (mongoeco on SQLite), NOT MongoDB; "
        f"published ports {PORTS}"
    )


@pytest.fixture(scope="session")
def work() -> Path:
    return work_dir()


@pytest.fixture(scope="session")
def built(work: Path) -> None:
    """Every image of docker-compose.yml (and the dev override) built from our Dockerfiles, on the
    stand-ins only (--pull=never is podman's default for the compat API's builds when the base
    exists; a missing stand-in fails here)."""
    stack = Stack(["docker-compose.yml", "docker-compose.dev.yml"], base_env(**dev_smtp()), work)
    stack.run("build", "--parallel", timeout=1500)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30.0) as c:
        yield c
