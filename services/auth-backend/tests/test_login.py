"""Login with MFA against the real notification service: password, code from the dev mailbox,
tokens verified with another JOSE library (joserfc) against the JWKS."""

from __future__ import annotations

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from auth_backend.models import User
from campus_testing.demo import DEMO_PASSWORD, demo_user_id
from campus_testing.problems import assert_problem

from .conftest import ADMIN_EMAIL, STUDENT_EMAIL, Mailbox, bearer, full_login, start_login

pytestmark = pytest.mark.usefixtures("seeded")


class TestPasswordStep:
    async def test_right_password_asks_for_a_code(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        body = await start_login(client)
        assert body["mfa_required"] is True
        assert len(body["mfa_token"]) >= 32
        assert 0 < body["expires_in"] <= 600
        assert 0 < body["resend_after"] <= 60
        messages = await mailbox.messages(ADMIN_EMAIL)
        assert len(messages) == 1

    async def test_email_is_case_insensitive(self, client: httpx.AsyncClient) -> None:
        body = await start_login(client, "  ADMIN@Campus.Local ")
        assert body["mfa_required"] is True

    async def test_unknown_email_and_wrong_password_are_byte_identical(
        self, client: httpx.AsyncClient
    ) -> None:
        headers = {"X-Request-ID": "same-request-id"}
        unknown = await client.post(
            "/login",
            json={"email": "nobody@campus.local", "password": DEMO_PASSWORD},
            headers=headers,
        )
        wrong = await client.post(
            "/login", json={"email": ADMIN_EMAIL, "password": "not-the-password"}, headers=headers
        )
        malformed = await client.post(
            "/login", json={"email": "not an email", "password": "x"}, headers=headers
        )
        assert unknown.status_code == wrong.status_code == malformed.status_code == 401
        assert unknown.content == wrong.content == malformed.content
        assert unknown.headers["content-type"] == wrong.headers["content-type"]
        assert unknown.headers["www-authenticate"] == wrong.headers["www-authenticate"]
        assert wrong.json()["type"].endswith("/invalid-credentials")

    async def test_unknown_email_still_verifies_a_hash(
        self, client: httpx.AsyncClient, app: object
    ) -> None:
        """Timing: an unknown email costs one real argon2id verification, like a known one."""
        from argon2 import PasswordHasher

        verified: list[str] = []

        class CountingHasher(PasswordHasher):
            def verify(self, hash: str | bytes, password: str | bytes) -> bool:
                verified.append(str(hash)[:40])
                return super().verify(hash, password)

        hasher = app.state.context.hasher  # type: ignore[attr-defined]
        hasher._ph = CountingHasher(memory_cost=19_456, time_cost=2, parallelism=1)
        for email in ("nobody@campus.local", "not an email", ADMIN_EMAIL):
            r = await client.post("/login", json={"email": email, "password": "wrong-password"})
            assert r.status_code == 401
        assert len(verified) == 3
        assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in verified)

    async def test_disabled_account_gets_the_same_answer(
        self, client: httpx.AsyncClient, app: object
    ) -> None:
        from auth_backend.models import User

        async with app.state.context.sessionmaker() as session:  # type: ignore[attr-defined]
            user = await session.get(User, demo_user_id(STUDENT_EMAIL))
            user.status = "disabled"
            await session.commit()
        headers = {"X-Request-ID": "rid-1"}
        disabled = await client.post(
            "/login", json={"email": STUDENT_EMAIL, "password": DEMO_PASSWORD}, headers=headers
        )
        unknown = await client.post(
            "/login",
            json={"email": "nobody@campus.local", "password": DEMO_PASSWORD},
            headers=headers,
        )
        assert disabled.status_code == 401
        assert disabled.content == unknown.content

    async def test_missing_field_is_422_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/login", json={"email": ADMIN_EMAIL})
        assert_problem(response, 422)


class TestCodeStep:
    async def test_demo_admin_end_to_end(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        response = await full_login(client, mailbox)
        body = response.json()
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 900
        assert body["user"]["email"] == ADMIN_EMAIL
        assert response.headers["cache-control"] == "no-store"

        jwks = (await client.get("/.well-known/jwks.json")).json()
        token = jwt.decode(body["access_token"], KeySet.import_key_set(jwks), algorithms=["ES256"])
        assert token.header["alg"] == "ES256"
        assert token.header["kid"] == jwks["keys"][0]["kid"]
        claims = token.claims
        # `iat` carries milliseconds, so a verifier that compares it with whole seconds needs a
        # second of leeway.
        registry = jwt.JWTClaimsRegistry(
            leeway=1,
            iss={"essential": True, "value": "campus-auth"},
            aud={"essential": True, "value": "campus"},
            exp={"essential": True},
        )
        registry.validate(claims)
        assert claims["sub"] == str(demo_user_id(ADMIN_EMAIL))
        assert claims["role"] == "admin"
        assert claims["email"] == ADMIN_EMAIL
        assert claims["name"] == "Ada Admin"
        assert claims["amr"] == ["pwd", "otp"]
        assert claims["exp"] - claims["iat"] == pytest.approx(900, abs=1)
        assert claims["jti"]

        me = await client.get("/me", headers=bearer(response))
        assert me.status_code == 200
        assert me.json()["email"] == ADMIN_EMAIL
        assert me.json()["last_login_at"] is not None

    async def test_refresh_cookie_attributes(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        response = await full_login(client, mailbox)
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("campus_refresh=")
        lowered = cookie.lower()
        assert "httponly" in lowered
        assert "samesite=strict" in lowered
        assert "path=/api/auth" in lowered
        assert "secure" not in lowered  # PUBLIC_URL is http:// here
        assert "refresh_token" not in response.json()

    async def test_wrong_code_says_attempts_left_then_login_again(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        challenge = await start_login(client)
        code = await mailbox.next_code(ADMIN_EMAIL)
        wrong = "000000" if code != "000000" else "111111"
        lefts = []
        for _ in range(4):
            r = await client.post(
                "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": wrong}
            )
            assert r.status_code == 401
            assert r.json()["type"].endswith("/wrong-code")
            lefts.append(r.json()["attempts_left"])
        assert lefts == [4, 3, 2, 1]
        assert "1 attempt left" in r.json()["detail"]
        last = await client.post(
            "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": wrong}
        )
        assert last.status_code == 410
        assert last.json()["type"].endswith("/login-again")
        assert "log in again" in last.json()["detail"].lower()
        # Even the right code is useless now.
        again = await client.post(
            "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": code}
        )
        assert again.status_code == 410

    async def test_code_works_only_once(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        challenge = await start_login(client)
        code = await mailbox.next_code(ADMIN_EMAIL)
        body = {"mfa_token": challenge["mfa_token"], "code": code}
        assert (await client.post("/login/mfa", json=body)).status_code == 200
        assert (await client.post("/login/mfa", json=body)).status_code == 410

    async def test_unknown_mfa_token(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/login/mfa", json={"mfa_token": "x" * 40, "code": "123456"})
        assert r.status_code == 410

    async def test_expired_challenge(
        self, client: httpx.AsyncClient, mailbox: Mailbox, clock: object
    ) -> None:
        challenge = await start_login(client)
        code = await mailbox.next_code(ADMIN_EMAIL)
        clock.advance(11 * 60)  # type: ignore[attr-defined]
        r = await client.post(
            "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": code}
        )
        assert r.status_code == 410

    async def test_malformed_code_is_422(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/login/mfa", json={"mfa_token": "t", "code": "abc"})
        assert r.status_code == 422


class TestResend:
    async def test_cooldown_then_new_code(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        challenge = await start_login(client)
        first = await mailbox.next_code(ADMIN_EMAIL)
        r = await client.post("/login/mfa/resend", json={"mfa_token": challenge["mfa_token"]})
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) > 0
        assert r.headers["content-type"] == "application/problem+json"
        assert first

    @pytest.mark.parametrize("notification_overrides", [{"code_resend_cooldown": 0}])
    async def test_after_cooldown_new_code_replaces_old(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        challenge = await start_login(client)
        first = await mailbox.next_code(ADMIN_EMAIL)
        r = await client.post("/login/mfa/resend", json={"mfa_token": challenge["mfa_token"]})
        assert r.status_code == 200
        assert r.json()["mfa_token"] == challenge["mfa_token"]
        second = await mailbox.next_code(ADMIN_EMAIL)
        if first != second:
            old = await client.post(
                "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": first}
            )
            assert old.status_code == 401
        ok = await client.post(
            "/login/mfa", json={"mfa_token": challenge["mfa_token"], "code": second}
        )
        assert ok.status_code == 200

    async def test_dead_challenge(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/login/mfa/resend", json={"mfa_token": "y" * 40})
        assert r.status_code == 410


class TestNotificationDown:
    async def test_login_is_503_with_retry_after(self, settings: object, clock: object) -> None:
        from asgi_lifespan import LifespanManager

        from auth_backend.main import create_app

        down = settings.model_copy(update={"notification_url": "http://127.0.0.1:9"})  # type: ignore[attr-defined]
        application = create_app(down)
        async with LifespanManager(application):
            from auth_backend.accounts.service import seed_demo

            async with application.state.context.sessionmaker() as session:
                if not await session.get(User, demo_user_id(ADMIN_EMAIL)):
                    await seed_demo(session, application.state.context)
                    await session.commit()
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                r = await c.post("/login", json={"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})
        assert_problem(r, 503)
        assert r.headers["retry-after"] == "30"
        assert r.json()["type"].endswith("/notification-unavailable")


@pytest.mark.parametrize("settings_overrides", [{"public_url": "https://campus.example"}])
async def test_refresh_cookie_is_secure_behind_https(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    response = await full_login(client, mailbox)
    assert "secure" in response.headers["set-cookie"].lower()
