"""The older system's .env for Supabase: SUPABASE_URL and SUPABASE_ANON_KEY, no IDENTITY_PROVIDER.

Supabase cannot be reached from here: its HTTP API is the FAKE of test_supabase.py (respx,
the documented shapes of the password grant). Everything else is real."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from .conftest import Mailbox, full_login
from .test_supabase import ANON_KEY, SUPABASE, _granted


@pytest.fixture
def supabase() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=SUPABASE, assert_all_called=False) as router:
        yield router


class TestOlderSystemSettings:
    @pytest.mark.parametrize(
        "settings_overrides",
        [{"identity_provider": None, "supabase_url": SUPABASE, "supabase_anon_key": ANON_KEY}],
    )
    async def test_supabase_is_used_and_the_start_log_says_why(
        self,
        settings: Any,
        client: httpx.AsyncClient,
        mailbox: Mailbox,
        supabase: respx.MockRouter,
    ) -> None:
        assert settings.identity_mode == "supabase"
        assert "SUPABASE_URL and SUPABASE_ANON_KEY" in settings.identity_mode_reason()
        route = supabase.post("/auth/v1/token").respond(
            200,
            json=_granted("new@school.example", user_id=str(uuid.uuid4()), role=None, name=None),
        )
        await full_login(client, mailbox, "new@school.example", "supabase-password")
        assert route.called

    def test_without_them_the_mode_is_local(self) -> None:
        from auth_backend.settings import Settings

        local = Settings(_env_file=None, identity_provider=None, supabase_url=None)
        assert local.identity_mode == "local"
        assert local.identity_mode_reason().startswith("default")
        chosen = Settings(
            _env_file=None, identity_provider="local", supabase_url=SUPABASE, supabase_anon_key="k"
        )
        assert chosen.identity_mode == "local"
        assert chosen.identity_mode_reason() == "IDENTITY_PROVIDER"
