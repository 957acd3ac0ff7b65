"""A real stack for the hostile-input suite: the three services and nginx on ports of their own,
PostgreSQL databases (FUZZ_DATABASE=sqlite for SQLite), demo data, and real tokens: user tokens
from a real login (password, code from the dev mailbox), service tokens minted with the dev
SERVICE_TOKEN_SECRET as the calling service would."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest

from campus_stack.flows import role_tokens
from campus_stack.stack import Ports, Stack
from campus_testing.demo import DEMO_PASSWORD
from campus_testing.stacks import SignedInStack

FUZZ_ENV = {
    "RATE_LIMIT_LOGIN": "100000/minute",
    "RATE_LIMIT_MFA": "100000/minute",
    "RATE_LIMIT_PASSWORD": "100000/minute",
    "CODE_MAX_SENDS_PER_WINDOW": "1000",
    "LOCKOUT_THRESHOLD": "100000",
    "ACCESS_TOKEN_TTL": "PT2H",
}
USERS = {
    "admin": "admin@campus.local",
    "mentor": "maria.mentor@campus.local",
    "student": "alex.student@campus.local",
}

# Generated cases per service, checked at the end of the session.
CASES: Counter[str] = Counter()


# The stack with a token per role in USERS, and service tokens as each caller would mint them.
Env = SignedInStack


@pytest.fixture(scope="session")
def env() -> Iterator[Env]:
    stack = Stack(
        backend=os.environ.get("FUZZ_DATABASE", "postgresql"),
        ports=Ports(edge=22080, auth=22001, notify=22501, feedback=22000),
        db_prefix="fuzz",
        env_overrides=FUZZ_ENV,
    )
    with stack:
        yield Env(stack, role_tokens(stack, USERS, DEMO_PASSWORD))
