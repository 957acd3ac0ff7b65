"""The login flow as a user's browser does it: password, the 6-digit code from the dev mailbox,
then tokens. Shared by the benchmarks, the e2e, fuzz and drill suites."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from campus_stack.stack import Stack

CODE_RE = re.compile(r"^\s*(\d{6})\s*$", re.MULTILINE)


class FlowError(RuntimeError):
    pass


MAILBOX = "/mailbox/api/messages"


async def newest_message_id(client: httpx.AsyncClient, notify_url: str, to: str) -> str | None:
    response = await client.get(f"{notify_url}{MAILBOX}", params={"to": to, "limit": 1})
    response.raise_for_status()
    messages = response.json()["messages"]
    return str(messages[0]["id"]) if messages else None


async def wait_for_code_message(
    client: httpx.AsyncClient,
    notify_url: str,
    to: str,
    *,
    after: str | None,
    timeout: float = 15.0,
) -> tuple[str, str]:
    """The code and the id of the newest code email to `to` that came after message `after`.

    One long poll of the mailbox (`wait`) usually answers it: the notification service answers as
    soon as the email is stored. Other emails to the address are skipped."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while (left := deadline - time.monotonic()) > 0:
        params: dict[str, str | int | float] = {"to": to, "limit": 5, "wait": round(left, 2)}
        if after is not None:
            params["newer_than"] = after
        response = await client.get(f"{notify_url}{MAILBOX}", params=params, timeout=left + 5)
        response.raise_for_status()
        messages = response.json()["messages"]
        ids = [str(m["id"]) for m in messages]
        if after in ids:  # a server that ignores newer_than lists older mail too
            messages = messages[: ids.index(after)]
        for message in messages:  # newest first
            match = CODE_RE.search(message["text"])
            if match:
                return match.group(1), str(message["id"])
        if messages:
            after = str(messages[0]["id"])  # only other mail so far: wait for what follows it
        else:  # a server that does not wait answered at once
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.2)
    raise FlowError(f"no code email for {to} within {timeout}s")


async def wait_for_code(
    client: httpx.AsyncClient,
    notify_url: str,
    to: str,
    *,
    after: str | None,
    timeout: float = 15.0,
) -> str:
    """The code of the newest code email to `to` that came after message `after`."""
    code, _ = await wait_for_code_message(client, notify_url, to, after=after, timeout=timeout)
    return code


class Mailbox:
    """The newest message seen per address: a client that logs one account in again and again
    (and is the only one emailing it) need not ask for it before each login."""

    def __init__(self) -> None:
        self.newest: dict[str, str | None] = {}


async def login(
    client: httpx.AsyncClient,
    *,
    auth_url: str,
    notify_url: str,
    email: str,
    password: str,
    mailbox: Mailbox | None = None,
) -> dict[str, Any]:
    """Password, emailed code, tokens; returns the token response (with `access_token`)."""
    if mailbox is not None and email in mailbox.newest:
        before = mailbox.newest.pop(email)  # put back only when this login gets its code
    else:
        before = await newest_message_id(client, notify_url, email)
    response = await client.post(f"{auth_url}/login", json={"email": email, "password": password})
    if response.status_code != 200:
        raise FlowError(f"login {email}: {response.status_code} {response.text[:300]}")
    body = response.json()
    if not body.get("mfa_required"):
        return dict(body)
    code, message_id = await wait_for_code_message(client, notify_url, email, after=before)
    if mailbox is not None:
        mailbox.newest[email] = message_id
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


def role_tokens(stack: Stack, users: Mapping[str, str], password: str) -> dict[str, str]:
    """One access token per role of `users` (role to email), each from a real sign-in on the
    running `stack`, one after the other."""
    return {
        role: asyncio.run(access_token(stack.url("auth"), stack.url("notify"), email, password))
        for role, email in users.items()
    }
