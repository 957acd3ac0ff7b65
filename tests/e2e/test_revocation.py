"""Sign-outs that take effect everywhere: disabling an account makes feedback-service refuse that
account's still-valid access token within 5 s, through the edge, on the embedded default (SQLite,
the polled revocation feed) and on PostgreSQL + Redis (the published channel as well).

Each configuration runs on a stack of its own, so disabling a demo student touches no other test;
the Redis one gets a Redis server of its own too (Redis channels are shared by every database of
a server)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from support.stack import Stack, running_stack

from campus_stack import free_port
from campus_stack.flows import login
from campus_testing.demo import DEMO_PASSWORD

STUDENT = "bea.student@campus.local"
ADMIN = "admin@campus.local"
WITHIN_SECONDS = 5.0


@contextlib.contextmanager
def redis_server(directory: Path) -> Iterator[str]:
    """A throwaway Redis on a free port (no persistence); yields its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
            )
            if ping.stdout.strip() == "PONG":
                break
            assert proc.poll() is None, "redis-server stopped at start"
            time.sleep(0.1)
        else:
            raise RuntimeError(f"redis-server on port {port} did not answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module", params=["sqlite", "postgresql+redis"])
def revocation_stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    if request.param == "sqlite":
        with running_stack(backend="sqlite", db_prefix="e2erevoke") as stack:
            yield stack
        return
    with (
        redis_server(tmp_path_factory.mktemp("redis")) as redis_url,
        running_stack(
            backend="postgresql", db_prefix="e2erevoke", env={"REDIS_URL": redis_url}
        ) as stack,
    ):
        yield stack


def sign_in(stack: Stack, email: str) -> str:
    """Password, then the code read from the dev mailbox, through the edge; the access token."""

    async def flow() -> str:
        async with httpx.AsyncClient(timeout=20.0) as client:
            tokens = await login(
                client,
                auth_url=f"{stack.edge}/api/auth",
                notify_url=stack.notification,
                email=email,
                password=DEMO_PASSWORD,
            )
        return str(tokens["access_token"])

    # The browser tests' sync Playwright keeps an event loop running in this thread: the async
    # sign-in flow gets a thread (and a loop) of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, flow()).result()


def feedback_list(client: httpx.Client, stack: Stack, token: str) -> httpx.Response:
    return client.get(
        f"{stack.edge}/api/feedback/v1/feedback", headers={"Authorization": f"Bearer {token}"}
    )


def refused_within(
    client: httpx.Client, stack: Stack, tokens: dict[str, str], since: float, seconds: float
) -> dict[str, tuple[httpx.Response, float]]:
    """For each token, the first answer that is not a 200 and when it came (seconds after
    `since`), polling until every token is refused or `seconds` (plus one) have passed."""
    refused: dict[str, tuple[httpx.Response, float]] = {}
    while len(refused) < len(tokens) and time.monotonic() - since < seconds + 1:
        for name, token in tokens.items():
            if name not in refused:
                response = feedback_list(client, stack, token)
                if response.status_code != 200:
                    refused[name] = (response, time.monotonic() - since)
        time.sleep(0.1)
    return refused


def test_disabling_a_user_refuses_their_still_valid_tokens_within_5_s(
    revocation_stack: Stack,
) -> None:
    """Both a token issued a while ago and one issued the very second before the disable (`iat`
    counts whole seconds) are refused; the admin's own token keeps working."""
    stack = revocation_stack
    older = sign_in(stack, STUDENT)
    older_claims = jwt.decode(older, options={"verify_signature": False})
    admin_token = sign_in(stack, ADMIN)
    while time.time() < older_claims["iat"] + 1.5:
        time.sleep(0.1)
    fresh = sign_in(stack, STUDENT)
    tokens = {"issued over a second before": older, "issued just before": fresh}

    with httpx.Client(timeout=10.0) as client:
        for name, token in tokens.items():
            before = feedback_list(client, stack, token)
            assert before.status_code == 200, f"{name}: {before.text}"

        disabled = client.post(
            f"{stack.edge}/api/auth/admin/users/{older_claims['sub']}/disable",
            headers={"Authorization": f"Bearer {admin_token}"},
        )
        assert disabled.status_code == 200, disabled.text
        refused = refused_within(client, stack, tokens, time.monotonic(), WITHIN_SECONDS)

        for name, token in tokens.items():
            assert name in refused, f"the token {name} the disable still works after 5 s"
            response, took = refused[name]
            assert took <= WITHIN_SECONDS, (
                f"the token {name} the disable: refused after {took:.1f}s"
            )
            assert response.status_code == 401, response.text
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["type"].rstrip("/").endswith("session-revoked"), response.text
            # Still valid as a token: refused because the account was disabled, not expired.
            assert jwt.decode(token, options={"verify_signature": False})["exp"] > time.time()

        # Only that user: the admin who disabled them still works.
        assert feedback_list(client, stack, admin_token).status_code == 200
