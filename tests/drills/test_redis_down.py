"""Fault drill, Redis down: Redis unreachable while people sign in."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import httpx

from campus_stack.flows import login
from campus_testing.demo import DEMO_PASSWORD

from .conftest import Drill, DrillEnv


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_redis_unreachable(drill_env: DrillEnv, record: Drill) -> None:
    """Redis unreachable: login still works, or it is refused clearly.

    A second auth-backend (own database, demo accounts) whose REDIS_URL points at a closed port
    on 127.0.0.1 (the shared Redis keeps running). A full login (password, mailbox code, tokens)
    is attempted; a 5xx other than a clear 503 problem is a failure."""
    env = drill_env
    port = _closed_port()
    auth_port = _closed_port()
    env.stack.start_variant(
        "auth",
        port=auth_port,
        database="auth_noredis",
        env={"REDIS_URL": f"redis://127.0.0.1:{port}/0"},
        seed=True,
        probe="/health",
    )
    auth_url = f"http://127.0.0.1:{auth_port}"
    ready = httpx.get(f"{auth_url}/ready", timeout=10)
    outcome: dict[str, Any] = {}

    async def attempt() -> None:
        async with httpx.AsyncClient(timeout=30) as c:
            r = await c.post(
                f"{auth_url}/login",
                json={"email": "bea.student@campus.local", "password": DEMO_PASSWORD},
            )
            outcome["login_status"] = r.status_code
            outcome["login_body"] = r.text[:300]
            if r.status_code == 200:
                tokens = await login(
                    c,
                    auth_url=auth_url,
                    notify_url=env.url("notify"),
                    email="eli.student@campus.local",
                    password=DEMO_PASSWORD,
                )
                outcome["tokens"] = "access_token" in tokens

    asyncio.run(attempt())
    log = Path(env.stack.var_dir or ".") / "logs" / f"auth-{auth_port}.log"
    lines = log.read_text(errors="replace").splitlines()
    redis_lines = [line for line in lines if "redis" in line.lower()]
    fallback_lines = [line for line in lines if "fallback" in line.lower()]
    env.stack.kill(f"auth-{auth_port}")
    status = outcome["login_status"]
    record.measured = [
        f"/ready of that auth-backend: {ready.status_code} ({ready.text[:160]})",
        f"POST /login: {status} ({outcome['login_body'][:160]})",
        f"full login with code and tokens: {outcome.get('tokens', False)}",
        f"log lines mentioning Redis: {len(redis_lines)}; lines saying what it fell back to: "
        f"{len(fallback_lines)}"
        + (f", first: `{fallback_lines[0][:240]}`" if fallback_lines else ""),
    ]
    clear_refusal = status == 503 and '"status":503' in outcome["login_body"].replace(" ", "")
    record.result = (
        "login works without Redis (local fallback)"
        if outcome.get("tokens")
        else "login refused clearly with 503"
        if clear_refusal
        else f"login broke with {status}"
    )
    assert outcome.get("tokens") or clear_refusal, outcome
    if outcome.get("tokens"):
        assert fallback_lines, "login works without Redis but no log line says so"
    assert status < 500 or status == 503
