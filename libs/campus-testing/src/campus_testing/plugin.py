"""The pytest plugin of the Campus suites (an entry point, so every suite has it): the fixtures
each service's conftest used to repeat. A conftest fixture of the same name overrides one here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.clock import Clock
from campus_testing.services import asgi_client


@pytest.fixture
def clock() -> Clock:
    """Real time plus an offset the test moves forward."""
    return Clock()


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Tests override this to change settings of the app under test."""
    return {}


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on the suite's `app` fixture, in-process."""
    async with asgi_client(app) as c:
        yield c
