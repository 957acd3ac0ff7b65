"""The login flow as a user's browser does it: password, the 6-digit code from the dev mailbox,
then tokens. Shared by the benchmarks, the fuzz suite and the drills."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import httpx

CODE_RE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


class FlowError(RuntimeError):
    pass


async def newest_message_id(client: httpx.AsyncClient, notify_url: str, to: str) -> str | None:
    response = await client.get(f"{notify_url}/mailbox/api/messages", params={"to": to, "limit": 1})
    response.raise_for_status()
    messages = response.json()["messages"]
    return str(messages[0]["id"]) if messages else None


async def wait_for_code(
    client: httpx.AsyncClient,
    notify_url: str,
    to: str,
    *,
    after: str | None,
    timeout: float = 15.0,
) -> str:
    """The code of the newest email to `to` that is not message `after`."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while time.monotonic() < deadline:
        response = await client.get(
            f"{notify_url}/mailbox/api/messages", params={"to": to, "limit": 1}
        )
        response.raise_for_status()
        messages = response.json()["messages"]
        if messages and str(messages[0]["id"]) != after:
            match = CODE_RE.search(messages[0]["text"])
            if match:
                return match.group(1)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)
    raise FlowError(f"no code email for {to} within {timeout}s")


async def login(
    client: httpx.AsyncClient,
    *,
    auth_url: str,
    notify_url: str,
    email: str,
    password: str,
) -> dict[str, Any]:
    """Password, emailed code, tokens; returns the token response (with `access_token`)."""
    before = await newest_message_id(client, notify_url, email)
    response = await client.post(f"{auth_url}/login", json={"email": email, "password": password})
    if response.status_code != 200:
        raise FlowError(f"login {email}: {response.status_code} {response.text[:300]}")
    body = response.json()
    if not body.get("mfa_required"):
        return dict(body)
    code = await wait_for_code(client, notify_url, email, after=before)
    response = await client.post(
        f"{auth_url}/login/mfa", json={"mfa_token": body["mfa_token"], "code": code}
    )
    if response.status_code != 200:
        raise FlowError(f"login/mfa {email}: {response.status_code} {response.text[:300]}")
    return dict(response.json())


async def access_token(auth_url: str, notify_url: str, email: str, password: str) -> str:
    async with httpx.AsyncClient(timeout=15.0) as client:
        tokens = await login(
            client, auth_url=auth_url, notify_url=notify_url, email=email, password=password
        )
    return str(tokens["access_token"])
