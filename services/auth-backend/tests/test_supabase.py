"""IDENTITY_PROVIDER=supabase: the password is checked by Supabase Auth's password grant, then our
own MFA and tokens follow.

Supabase cannot be reached from here, so its HTTP API is a FAKE (respx) answering with the
documented shapes of `POST /auth/v1/token?grant_type=password`: 200 with `{access_token, ...,
user: {id, email, app_metadata, user_metadata}}`, 400 with `{code, error_code:
"invalid_credentials", msg}`. Everything else (database, notification service) is real."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
import respx
from fastapi import FastAPI
from sqlalchemy import select

from auth_backend.models import User
from campus_testing.problems import assert_problem

from .conftest import ADMIN_EMAIL, Mailbox, bearer, full_login

SUPABASE = "https://project-ref.supabase.co"
ANON_KEY = "anon-key-for-tests"
pytestmark = pytest.mark.parametrize(
    "settings_overrides",
    [
        {
            "identity_provider": "supabase",
            "supabase_url": SUPABASE,
            "supabase_anon_key": ANON_KEY,
        }
    ],
)


def _granted(email: str, *, user_id: str, role: str | None, name: str | None) -> dict[str, Any]:
    app_metadata: dict[str, Any] = {"provider": "email", "providers": ["email"]}
    if role is not None:
        app_metadata["role"] = role
    return {
        "access_token": "supabase-access-token",
        "token_type": "bearer",
        "expires_in": 3600,
        "expires_at": 1_900_000_000,
        "refresh_token": "supabase-refresh-token",
        "user": {
            "id": user_id,
            "aud": "authenticated",
            "role": "authenticated",
            "email": email,
            "app_metadata": app_metadata,
            "user_metadata": {"full_name": name} if name else {},
        },
    }


INVALID = {"code": 400, "error_code": "invalid_credentials", "msg": "Invalid login credentials"}


@pytest.fixture
def supabase() -> respx.MockRouter:
    with respx.mock(base_url=SUPABASE, assert_all_called=False) as router:
        yield router


async def _user(app: FastAPI, email: str) -> User | None:
    async with app.state.context.sessionmaker() as session:
        return (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()


class TestSupabaseLogin:
    async def test_new_user_is_created_with_supabase_role(
        self,
        client: httpx.AsyncClient,
        mailbox: Mailbox,
        app: FastAPI,
        supabase: respx.MockRouter,
    ) -> None:
        remote_id = str(uuid.uuid4())
        route = supabase.post("/auth/v1/token", params={"grant_type": "password"}).respond(
            200,
            json=_granted("kim@school.example", user_id=remote_id, role="mentor", name="Kim Yoon"),
        )
        login = await full_login(client, mailbox, "Kim@School.example", "supabase-password")
        sent = route.calls.last.request
        assert sent.headers["apikey"] == ANON_KEY
        assert json.loads(sent.content) == {
            "email": "kim@school.example",
            "password": "supabase-password",
        }
        me = (await client.get("/me", headers=bearer(login))).json()
        assert me["role"] == "mentor"
        assert me["name"] == "Kim Yoon"
        user = await _user(app, "kim@school.example")
        assert user is not None
        assert user.external_id == remote_id
        assert user.password_hash is None

    async def test_role_defaults_to_student(
        self, client: httpx.AsyncClient, mailbox: Mailbox, supabase: respx.MockRouter
    ) -> None:
        supabase.post("/auth/v1/token").respond(
            200,
            json=_granted("lou@school.example", user_id=str(uuid.uuid4()), role="root", name=None),
        )
        login = await full_login(client, mailbox, "lou@school.example", "pw-whatever")
        me = (await client.get("/me", headers=bearer(login))).json()
        assert me["role"] == "student"
        assert me["name"] == "lou"

    @pytest.mark.usefixtures("seeded")
    async def test_existing_local_account_is_linked(
        self, client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI, supabase: respx.MockRouter
    ) -> None:
        remote_id = str(uuid.uuid4())
        supabase.post("/auth/v1/token").respond(
            200, json=_granted(ADMIN_EMAIL, user_id=remote_id, role="student", name="Someone")
        )
        login = await full_login(client, mailbox, ADMIN_EMAIL, "supabase-password")
        assert (await client.get("/me", headers=bearer(login))).json()["role"] == "admin"
        user = await _user(app, ADMIN_EMAIL)
        assert user is not None
        assert user.external_id == remote_id

    @pytest.mark.usefixtures("seeded")
    async def test_refused_password_is_the_generic_401(
        self, client: httpx.AsyncClient, supabase: respx.MockRouter
    ) -> None:
        supabase.post("/auth/v1/token").respond(400, json=INVALID)
        headers = {"X-Request-ID": "same"}
        known = await client.post(
            "/login", json={"email": ADMIN_EMAIL, "password": "wrong"}, headers=headers
        )
        unknown = await client.post(
            "/login", json={"email": "ghost@school.example", "password": "x"}, headers=headers
        )
        assert known.status_code == 401
        assert known.content == unknown.content

    async def test_supabase_down_is_503(
        self, client: httpx.AsyncClient, supabase: respx.MockRouter
    ) -> None:
        supabase.post("/auth/v1/token").respond(500, json={"msg": "boom"})
        r = await client.post("/login", json={"email": "a@school.example", "password": "x"})
        assert_problem(r, 503)
        assert "retry-after" in r.headers


class TestPasswordsStayInSupabase:
    @pytest.mark.usefixtures("seeded")
    async def test_reset_sends_nothing_and_change_is_409(
        self,
        client: httpx.AsyncClient,
        mailbox: Mailbox,
        supabase: respx.MockRouter,
    ) -> None:
        supabase.post("/auth/v1/token").respond(
            200, json=_granted(ADMIN_EMAIL, user_id=str(uuid.uuid4()), role=None, name=None)
        )
        login = await full_login(client, mailbox, ADMIN_EMAIL, "supabase-password")
        r = await client.post("/password/reset", json={"email": ADMIN_EMAIL})
        assert r.status_code == 202
        assert len(await mailbox.messages(ADMIN_EMAIL)) == 1  # only the login code
        change = await client.post(
            "/password/change",
            json={"current_password": "supabase-password", "new_password": "x" * 20},
            headers=bearer(login),
        )
        assert change.status_code == 409
        assert change.json()["type"].endswith("/password-managed-externally")


class TestSupabaseUnusable:
    """A wrong key or URL, or Supabase overloaded or failing: a 503 with a log line and a failing
    /ready detail, never the wrong-password 401 (which would count toward the lockout)."""

    @pytest.mark.usefixtures("seeded")
    @pytest.mark.parametrize(
        ("status", "body"),
        [
            (401, {"message": "Invalid API key", "hint": "Double check your Supabase anon key."}),
            (403, {"message": "forbidden"}),
            (404, {"message": "no Route matched with those values"}),
            (429, {"code": 429, "error_code": "over_request_rate_limit", "msg": "Too many"}),
            (502, {"message": "An invalid response was received from the upstream server"}),
        ],
    )
    async def test_is_503_ready_fails_and_nothing_counts(
        self,
        client: httpx.AsyncClient,
        mailbox: Mailbox,
        supabase: respx.MockRouter,
        status: int,
        body: dict[str, Any],
    ) -> None:
        route = supabase.post("/auth/v1/token").respond(status, json=body)
        for _ in range(6):  # more than LOCKOUT_THRESHOLD
            r = await client.post("/login", json={"email": ADMIN_EMAIL, "password": "right"})
            assert_problem(r, 503, "identity-provider-unavailable")
        ready = await client.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["identity_provider"]["ok"] is False
        # Fixed: the account was never locked, and /ready recovers.
        route.respond(
            200, json=_granted(ADMIN_EMAIL, user_id=str(uuid.uuid4()), role=None, name=None)
        )
        await full_login(client, mailbox, ADMIN_EMAIL, "right")
        assert (await client.get("/ready")).status_code == 200

    async def test_unreachable_is_503(
        self, client: httpx.AsyncClient, supabase: respx.MockRouter
    ) -> None:
        supabase.post("/auth/v1/token").mock(side_effect=httpx.ConnectError("refused"))
        r = await client.post("/login", json={"email": "a@school.example", "password": "x"})
        assert r.status_code == 503


class TestLinkedIdentity:
    @pytest.mark.usefixtures("seeded")
    async def test_another_supabase_user_with_the_same_email_is_refused(
        self, client: httpx.AsyncClient, mailbox: Mailbox, app: FastAPI, supabase: respx.MockRouter
    ) -> None:
        first, second = str(uuid.uuid4()), str(uuid.uuid4())
        route = supabase.post("/auth/v1/token").respond(
            200, json=_granted(ADMIN_EMAIL, user_id=first, role=None, name=None)
        )
        await full_login(client, mailbox, ADMIN_EMAIL, "first-password")
        route.respond(200, json=_granted(ADMIN_EMAIL, user_id=second, role=None, name=None))
        r = await client.post("/login", json={"email": ADMIN_EMAIL, "password": "second-password"})
        assert r.status_code == 401
        assert r.json()["type"].endswith("/invalid-credentials")
        user = await _user(app, ADMIN_EMAIL)
        assert user is not None
        assert user.external_id == first
