"""Reads the codes and emails the notification service's dev mailbox captured (its JSON API)."""

from __future__ import annotations

import time
from typing import Any

import httpx

from campus_stack.flows import CODE_RE


class Mailbox:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def messages(self, to: str, limit: int = 20) -> list[dict[str, Any]]:
        response = httpx.get(
            f"{self.base_url}/mailbox/api/messages", params={"to": to, "limit": limit}, timeout=5
        )
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    def ids(self, to: str) -> set[str]:
        return {str(m["id"]) for m in self.messages(to)}

    def wait_for(
        self,
        to: str,
        *,
        after: set[str] | None = None,
        template: str | None = None,
        timeout: float = 20,
    ) -> dict[str, Any]:
        """The newest message to `to` that is not in `after` (ids seen before), waiting for it."""
        seen = after or set()
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages(to):
                if str(message["id"]) in seen:
                    continue
                if template and message.get("template") != template:
                    continue
                return message
            if time.monotonic() > deadline:
                raise AssertionError(f"no new {template or 'email'} for {to} within {timeout:.0f}s")
            time.sleep(0.25)

    def wait_for_code(self, to: str, *, after: set[str] | None = None) -> str:
        message = self.wait_for(to, after=after)
        match = CODE_RE.search(message["text"])
        assert match, f"no code line in the email '{message.get('subject')}'"
        return match.group(1)
