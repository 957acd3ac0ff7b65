"""An account's language: chosen on `PATCH /me`, returned by `/me` and the directory, and the
language of the emails auth asks the notification service for (sign-in codes, password changed)."""

from __future__ import annotations

import httpx
import pytest

from campus_testing.demo import demo_user_id
from campus_testing.problems import assert_problem
from campus_testing.services import Mailbox

from .conftest import bearer, full_login, service_headers, start_login

pytestmark = pytest.mark.usefixtures("seeded")
STUDENT = "alex.student@campus.local"


async def signed_in(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox, STUDENT))


class TestChoosingALanguage:
    async def test_an_account_has_no_language_until_one_is_chosen(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        me = await client.get("/me", headers=await signed_in(client, mailbox))
        assert me.json()["locale"] is None

    async def test_the_language_is_set_kept_and_cleared(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        headers = await signed_in(client, mailbox)
        chosen = await client.patch("/me", json={"locale": "es"}, headers=headers)
        assert chosen.status_code == 200, chosen.text
        assert chosen.json()["locale"] == "es"
        assert chosen.json()["name"] == "Alex Rivera"
        renamed = await client.patch("/me", json={"name": "Alejandro"}, headers=headers)
        assert (renamed.json()["name"], renamed.json()["locale"]) == ("Alejandro", "es")
        cleared = await client.patch("/me", json={"locale": None}, headers=headers)
        assert cleared.json()["locale"] is None
        assert (await client.get("/me", headers=headers)).json()["locale"] is None

    @pytest.mark.parametrize("locale", ["fr", "ES", "es-MX", 3, ""])
    async def test_an_unsupported_language_is_refused_naming_the_field(
        self, client: httpx.AsyncClient, mailbox: Mailbox, locale: object
    ) -> None:
        headers = await signed_in(client, mailbox)
        refused = await client.patch("/me", json={"locale": locale}, headers=headers)
        assert_problem(refused, 422)
        assert "locale" in refused.text
        assert (await client.get("/me", headers=headers)).json()["locale"] is None

    async def test_the_directory_tells_other_services_the_language(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        await client.patch("/me", json={"locale": "es"}, headers=await signed_in(client, mailbox))
        found = await client.post(
            "/internal/users/lookup",
            json={"ids": [str(demo_user_id(STUDENT))]},
            headers=service_headers(),
        )
        [user] = found.json()["users"]
        assert user["locale"] == "es"


class TestEmailsInTheAccountLanguage:
    async def test_the_sign_in_code_comes_in_spanish(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        await client.patch("/me", json={"locale": "es"}, headers=await signed_in(client, mailbox))
        await start_login(client, STUDENT)
        [newest, *older] = await mailbox.messages(STUDENT)
        assert newest["subject"] == "Tu código para iniciar sesión en Campus"
        assert newest["text"].startswith("Hola, Alex Rivera:")
        assert all(m["subject"] == "Your Campus sign-in code" for m in older)
