"""The e2e stack: the shared launcher (`campus_stack.Stack`) on the embedded default, the way
`make run` runs it: SQLite files in a throwaway VAR_DIR, the dev mailbox, demo data, the three
services and real nginx, on free ports (or E2E_EDGE_PORT, E2E_AUTH_PORT, E2E_NOTIFICATION_PORT,
E2E_FEEDBACK_PORT). Nothing is faked."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Mapping

import httpx

from campus_stack import ROOT, Ports, Stack

__all__ = ["ROOT", "Stack", "running_stack"]

# Every browser of the suite signs in from 127.0.0.1: a fast machine would reach the per-IP
# limits meant for one person. The per-account lockout and per-code attempts stay as shipped.
E2E_ENV = {
    "RATE_LIMIT_LOGIN": "200/minute;2000/hour",
    "RATE_LIMIT_MFA": "200/minute;2000/hour",
    "RATE_LIMIT_PASSWORD": "200/minute;2000/hour",
    # The demo admin signs in for many tests: five codes per address per window is a real
    # user's limit, not a test suite's (its own tests set it back where they need it).
    "CODE_MAX_SENDS_PER_WINDOW": "100",
    "LOG_FORMAT": "json",
}


def e2e_ports() -> Ports:
    fixed = {
        name: int(os.environ[f"E2E_{var}"])
        for name, var in (
            ("edge", "EDGE_PORT"),
            ("auth", "AUTH_PORT"),
            ("notify", "NOTIFICATION_PORT"),
            ("feedback", "FEEDBACK_PORT"),
        )
        if os.environ.get(f"E2E_{var}")
    }
    return Ports.free(**fixed)


@contextlib.contextmanager
def running_stack(
    *,
    backend: str = "sqlite",
    env: Mapping[str, str] | None = None,
    db_prefix: str = "e2e",
    timeout: float = 120.0,
) -> Iterator[Stack]:
    """A started stack, stopped on leaving. `backend="postgresql"` and `env` (e.g. REDIS_URL)
    give the production-shaped configuration."""
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        raise RuntimeError(
            "web/dist is missing: build the web app first (scripts/test-e2e.sh does)"
        )
    overrides = {name: os.environ.get(name, value) for name, value in E2E_ENV.items()}
    stack = Stack(
        backend=backend,
        ports=e2e_ports(),
        db_prefix=db_prefix,
        env_overrides={**overrides, **(env or {})},
        ready_timeout=timeout,
    )
    try:
        stack.start()
        _wait_through_edge(stack, timeout)
        yield stack
    finally:
        stack.stop(keep_logs=bool(os.environ.get("E2E_KEEP_VAR")))


def _wait_through_edge(stack: Stack, timeout: float) -> None:
    """Every service answers through nginx, and nginx serves the web app."""
    pending = [
        f"{stack.edge}/api/auth/ready",
        f"{stack.edge}/api/notifications/ready",
        f"{stack.edge}/api/feedback/ready",
        f"{stack.edge}/",
    ]
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending:
            for url in list(pending):
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(url).status_code == 200:
                        pending.remove(url)
            if pending:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"not ready through the edge: {pending}\n{stack.log_tail()}")
                time.sleep(0.3)
