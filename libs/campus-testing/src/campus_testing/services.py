"""Each service as the suites start it: the test settings (no workers, no mail sent, nothing
outside the process), a migrated database of its own, the app, and service tokens to call it."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from campus_common.service_tokens import mint_service_token
from campus_common.settings import DEV_SERVICE_TOKEN_SECRET
from campus_stack.flows import CODE_RE
from campus_testing.databases import migrated_database_url


@dataclass(frozen=True)
class Service:
    name: str
    package: str
    # Test settings beyond the database, given a directory of the test's own (if any).
    defaults: Callable[[Path | None], dict[str, Any]] = field(default=lambda _tmp: {})

    def module(self, name: str) -> Any:
        return importlib.import_module(f"{self.package}.{name}")

    def database_url(self, name: str, tmp_dir: Path) -> str:
        """A fresh database named after `name`, migrated by this service's migrations."""
        return migrated_database_url(name, tmp_dir, self.module("cli").MIGRATIONS)

    def settings(self, database_url: str, tmp_dir: Path | None = None, /, **overrides: Any) -> Any:
        """The service's Settings for a test: `overrides` win over the test defaults."""
        values: dict[str, Any] = {
            "environment": "test",
            "database_url": database_url,
            "jwks_url": None,
            **self.defaults(tmp_dir),
            **overrides,
        }
        return self.module("settings").Settings(**values)

    def run_cli(self, monkeypatch: pytest.MonkeyPatch, *argv: str, **env: object) -> int:
        """`campus-<service> *argv` in-process with these environment variables (the names
        upper-cased), the service's settings cache cleared before and after."""
        for name, value in env.items():
            monkeypatch.setenv(name.upper(), str(value))
        get_settings = self.module("settings").get_settings
        get_settings.cache_clear()
        try:
            return int(self.module("cli").main(list(argv)))
        finally:
            get_settings.cache_clear()

    def headers(self, caller: str) -> dict[str, str]:
        """A service token from `caller` with this service as the audience."""
        return {"Authorization": f"Bearer {service_token(caller, self.name)}"}


def service_token(caller: str, audience: str, *, ttl_seconds: int = 600) -> str:
    """A service token as `caller` would mint it with the development secret."""
    return mint_service_token(
        secret=DEV_SERVICE_TOKEN_SECRET, caller=caller, audience=audience, ttl_seconds=ttl_seconds
    )


AUTH = Service(
    "auth-backend",
    "auth_backend",
    lambda tmp: {
        "notification_url": "http://notification.test",
        **({"jwt_keys_dir": tmp / "keys"} if tmp else {}),
    },
)
NOTIFICATION = Service(
    "notification-service",
    "notification_service",
    lambda _tmp: {
        "email_backend": "mailbox",
        "outbox_worker_enabled": False,
        "smtp_check_interval": 3600,
    },
)
FEEDBACK = Service(
    "feedback-service",
    "feedback_service",
    lambda _tmp: {
        "relay_enabled": False,
        "release_enabled": False,
        "public_url": "http://campus.test",
    },
)
SERVICES = (AUTH, NOTIFICATION, FEEDBACK)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[FastAPI]:
    """The app with its lifespan started (and stopped on the way out)."""
    async with LifespanManager(app):
        yield app


@asynccontextmanager
async def asgi_client(
    app: FastAPI, base_url: str = "http://test", **kwargs: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client that calls `app` in-process (ASGITransport)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base_url, **kwargs) as client:
        yield client


def code_in(text: str) -> str:
    """The one six-digit code line of an email's text."""
    found = CODE_RE.findall(text)
    assert len(found) == 1, f"expected exactly one code line, found {found}"
    return str(found[0])


class Mailbox:
    """Reads the in-process notification service's dev mailbox, after running its outbox."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.seen: set[str] = set()

    async def messages(self, to: str) -> list[dict[str, Any]]:
        while await self.app.state.context.outbox_worker.run_once():
            pass
        async with asgi_client(self.app, base_url="http://notify") as c:
            response = await c.get("/mailbox/api/messages", params={"to": to, "limit": 50})
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    async def next_code(self, to: str) -> str:
        """The code in the newest message to `to` not read before."""
        for message in await self.messages(to):
            if message["id"] in self.seen:
                continue
            self.seen.add(message["id"])
            return code_in(message["text"])
        raise AssertionError(f"no new message to {to}")
