"""Fault drills against a real stack of their own (PostgreSQL, other ports). Each drill records
what it measured in RESULTS; with DRILLS_DOC=1 (set by `make drills`) the session writes them
into docs/reliability.md (`doc.py`: the sections of drills not run are kept)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from campus_stack.flows import role_tokens
from campus_stack.stack import ROOT, Ports, Stack
from campus_testing.demo import DEMO_ASSIGNMENTS, DEMO_PASSWORD, demo_user_id
from campus_testing.stacks import SignedInStack

from . import doc

DRILL_ENV = {
    "RATE_LIMIT_LOGIN": "100000/minute",
    "RATE_LIMIT_MFA": "100000/minute",
    "CODE_MAX_SENDS_PER_WINDOW": "1000",
    "ACCESS_TOKEN_TTL": "PT2H",
    "OUTBOX_POLL_INTERVAL": "0.2",
    "RELAY_POLL_INTERVAL": "PT0.5S",
    "RELAY_BACKOFF_BASE": "PT0.5S",
    "RELAY_BACKOFF_MAX": "PT2S",
    "OUTBOX_BACKOFF_BASE": "0.5",
    "OUTBOX_BACKOFF_MAX": "2",
    "OUTBOX_LEASE": "PT10S",
    "RELAY_LEASE": "PT10S",
}

USERS = {
    "admin": "admin@campus.local",
    "mentor": "maria.mentor@campus.local",
}


@dataclass
class Drill:
    name: str
    what: str
    measured: list[str] = field(default_factory=list)
    result: str = "not finished"
    passed: bool = False


RESULTS: list[Drill] = []


DrillEnv = SignedInStack


@pytest.fixture(scope="session")
def drill_env() -> Iterator[DrillEnv]:
    stack = Stack(
        backend="postgresql",
        ports=Ports(edge=23080, auth=23001, notify=23501, feedback=23000),
        db_prefix="drill",
        env_overrides=DRILL_ENV,
    )
    with stack:
        yield DrillEnv(stack, role_tokens(stack, USERS, DEMO_PASSWORD))


MENTOR = "maria.mentor@campus.local"
STUDENTS = [s for m, s in DEMO_ASSIGNMENTS if m == MENTOR]


def draft(i: int, title: str, scores: dict[str, int], rating: int = 3) -> dict[str, Any]:
    """A feedback draft for one of Maria's students (the i-th, round the list)."""
    return {
        "student_id": str(demo_user_id(STUDENTS[i % len(STUDENTS)])),
        "title": title,
        "scores": scores,
        "overall_rating": rating,
    }


@dataclass
class Load:
    """Concurrent callers that go on until `stop`, the failures they met, and the kill that cuts
    them short."""

    stop: float = field(default_factory=lambda: time.monotonic() + 120)
    failures: int = 0

    async def post(
        self, client: httpx.AsyncClient, path: str, *, ok: Collection[int], **kw: Any
    ) -> httpx.Response | None:
        """The response if it answered one of `ok`; else None, counted as a failure (after a
        short pause when the service did not answer at all)."""
        try:
            r = await client.post(path, **kw)
        except httpx.HTTPError:
            self.failures += 1
            await asyncio.sleep(0.05)
            return None
        if r.status_code in ok:
            return r
        self.failures += 1
        return None

    async def kill_when(
        self, env: DrillEnv, victim: str, reached: Callable[[], bool], *, then: float
    ) -> float:
        """SIGKILL `victim` once `reached()` (at most 60 s on); the callers stop `then` seconds
        later. Returns the time of the kill."""
        limit = time.monotonic() + 60
        while not reached() and time.monotonic() < limit:
            await asyncio.sleep(0.02)
        killed_at = time.monotonic()
        await asyncio.to_thread(env.stack.kill, victim)
        self.stop = time.monotonic() + then
        return killed_at


def rubric_scores(env: DrillEnv) -> dict[str, int]:
    r = httpx.get(
        f"{env.url('feedback')}/v1/rubric",
        headers=env.bearer("mentor"),
    )
    return {c["key"]: c["scale_max"] for c in r.json()["criteria"]}


@pytest.fixture
def record(request: pytest.FixtureRequest) -> Iterator[Drill]:
    drill = Drill(name=request.node.name, what=(request.function.__doc__ or "").strip())
    RESULTS.append(drill)
    yield drill
    rep = getattr(request.node, "rep_call", None)
    drill.passed = bool(rep and rep.passed)


# The drill modules run in this order (the order of docs/reliability.md): the PostgreSQL stop last
# of the stack drills, then the `make run` drill on its own processes.
MODULE_ORDER = (
    "test_sigkill.py",
    "test_feed_sigkill.py",
    "test_redis_down.py",
    "test_database_down.py",
    "test_make_run.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return MODULE_ORDER.index(name) if name in MODULE_ORDER else len(MODULE_ORDER)

    items.sort(key=rank)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call":
        item.rep_call = rep


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if os.environ.get("DRILLS_DOC") != "1" or not RESULTS:
        return
    doc.write(ROOT / "docs" / "reliability.md", RESULTS, MODULE_ORDER)
