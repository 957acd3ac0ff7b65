"""Email preferences: a user reads and saves their own (clear 422s), feedback emails follow them
(immediately, held for the digest, suppressed), and transactional emails never do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from campus_testing.problems import assert_problem
from campus_testing.tokens import SigningKey
from notification_service.models import NotificationPreference, OutboxMessage

Drain = Callable[[], Awaitable[int]]
STUDENT = "dara.student@campus.local"
URL = "http://localhost:8080/feedback/42"
EVERY_KIND = (
    "feedback_published",
    "feedback_message",
    "feedback_edited",
    "feedback_withdrawn",
    "feedback_acknowledged",
    "feedback_requested",
    "assignment_added",
)
# A valid email request of each event kind.
EVENT_DATA: dict[str, dict[str, Any]] = {
    "feedback_published": {"title": "Week 3", "url": URL},
    "feedback_message": {"title": "Week 3", "body": "Thanks", "url": URL},
    "feedback_edited": {"title": "Week 3", "changes": ["strengths"], "url": URL},
    "feedback_withdrawn": {"title": "Week 3", "reason": "Duplicate", "url": URL},
    "feedback_acknowledged": {"title": "Week 3", "url": URL},
    "feedback_requested": {"title": "My essay", "url": URL},
    "assignment_added": {"role": "student", "url": URL},
}


@pytest.fixture
def as_user(app: FastAPI) -> Callable[..., dict[str, str]]:
    key = SigningKey()
    app.state.verifier.set_keys(key.jwks)

    def headers(sub: str = "u-dara", email: str = STUDENT, role: str = "student") -> dict[str, str]:
        return key.headers(sub=sub, role=role, email=email, name="Dara")

    return headers


def prefs(**kinds: str) -> dict[str, Any]:
    return {
        "kinds": {**dict.fromkeys(EVERY_KIND, "immediate"), **kinds},
        "time_zone": "Europe/Madrid",
        "digest_hour": 17,
    }


def published(key: str, to: str = STUDENT) -> dict[str, Any]:
    return {
        "template": "feedback_published",
        "to": to,
        "data": {"student_name": "Dara", "mentor_name": "Tom", "title": "Week 3", "url": URL},
        "idempotency_key": key,
    }


async def mailbox(client: httpx.AsyncClient, to: str = STUDENT) -> list[dict[str, Any]]:
    response = await client.get("/mailbox/api/messages", params={"to": to})
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


async def status_of(app: FastAPI, key: str) -> str:
    async with app.state.context.sessionmaker() as session:
        row = await session.scalar(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
        )
        assert row is not None
        return row.status


class TestMyPreferences:
    async def test_defaults_until_saved(self, client: httpx.AsyncClient, as_user: Any) -> None:
        response = await client.get("/v1/preferences/me", headers=as_user())
        assert response.status_code == 200
        assert response.json() == {
            "kinds": dict.fromkeys(EVERY_KIND, "immediate"),
            "time_zone": None,
            "digest_hour": 17,
        }

    async def test_saved_and_read_back_per_user(
        self, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        body = prefs(feedback_message="digest", feedback_published="off")
        body["time_zone"], body["digest_hour"] = "Pacific/Auckland", 7
        saved = await client.put("/v1/preferences/me", json=body, headers=as_user())
        assert saved.status_code == 200, saved.text
        assert saved.json() == body
        assert (await client.get("/v1/preferences/me", headers=as_user())).json() == body
        other = await client.get(
            "/v1/preferences/me", headers=as_user("u-other", "other@campus.local")
        )
        assert other.json()["time_zone"] is None

    async def test_signed_in_only(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.get("/v1/preferences/me"), 401)
        assert_problem(await client.put("/v1/preferences/me", json=prefs()), 401)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"time_zone": "Mars/Olympus"}, "time_zone"),
            ({"time_zone": "../../etc/passwd"}, "time_zone"),
            ({"time_zone": ""}, "time_zone"),
            ({"digest_hour": 24}, "digest_hour"),
            ({"digest_hour": -1}, "digest_hour"),
            ({"kinds": {"feedback_published": "weekly"}}, "feedback_published"),
            ({"kinds": {"login_code": "off"}}, "login_code"),
            ({"kinds": {"invitation": "off"}}, "invitation"),
        ],
    )
    async def test_bad_input_is_a_clear_422(
        self, client: httpx.AsyncClient, as_user: Any, change: dict[str, Any], field: str
    ) -> None:
        body = {**prefs(), **change}
        response = await client.put("/v1/preferences/me", json=body, headers=as_user())
        assert_problem(response, 422)
        assert field in response.text


class TestFeedbackEmailsFollowPreferences:
    async def test_immediate_by_default(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        assert (await internal.post("/v1/notifications", json=published("p1"))).status_code == 202
        await drain()
        assert [m["template"] for m in await mailbox(client)] == ["feedback_published"]

    async def test_digest_holds_the_email(
        self,
        app: FastAPI,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        as_user: Any,
    ) -> None:
        await client.put(
            "/v1/preferences/me", json=prefs(feedback_published="digest"), headers=as_user()
        )
        first = await internal.post("/v1/notifications", json=published("p2"))
        assert first.status_code == 202
        again = await internal.post("/v1/notifications", json=published("p2"))  # a retry
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        assert await drain() == 0
        assert await mailbox(client) == []
        assert await status_of(app, "p2") == "digest"

    async def test_off_suppresses_and_records_it(
        self,
        app: FastAPI,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        as_user: Any,
    ) -> None:
        await client.put(
            "/v1/preferences/me", json=prefs(feedback_published="off"), headers=as_user()
        )
        assert (await internal.post("/v1/notifications", json=published("p3"))).status_code == 202
        await drain()
        assert await mailbox(client) == []
        assert await status_of(app, "p3") == "suppressed"
        listed = await client.get(
            "/v1/admin/deliveries",
            params={"status": "suppressed"},
            headers=as_user("u-admin", "admin@campus.local", "admin"),
        )
        assert listed.status_code == 200, listed.text
        assert [d["status"] for d in listed.json()["deliveries"]] == ["suppressed"]

    async def test_another_kind_and_another_user_are_unaffected(
        self,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        as_user: Any,
    ) -> None:
        await client.put(
            "/v1/preferences/me", json=prefs(feedback_published="off"), headers=as_user()
        )
        message = {
            "template": "feedback_message",
            "to": STUDENT,
            "data": {"title": "Week 3", "body": "Thanks", "url": URL},
            "idempotency_key": "m1",
        }
        await internal.post("/v1/notifications", json=message)
        await internal.post("/v1/notifications", json=published("p4", to="other@campus.local"))
        await drain()
        assert [m["template"] for m in await mailbox(client)] == ["feedback_message"]
        assert len(await mailbox(client, "other@campus.local")) == 1


class TestTransactionalEmailsAreNeverSuppressed:
    async def test_whatever_is_stored(
        self, app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        # Stored choices the API would refuse (as if written by an older version or by hand).
        every_kind = dict.fromkeys(
            (
                "login_code",
                "password_reset_code",
                "invitation",
                "password_changed",
                "feedback_published",
                "feedback_message",
            ),
            "off",
        )
        async with app.state.context.sessionmaker() as session, session.begin():
            session.add(
                NotificationPreference(
                    user_id="u-dara",
                    email=STUDENT,
                    time_zone="UTC",
                    digest_hour=17,
                    choices=every_kind,
                    updated_at=app.state.context.clock(),
                )
            )
        for purpose in ("login", "password_reset", "invite"):
            response = await internal.post(
                "/v1/verifications", json={"to": STUDENT, "purpose": purpose}
            )
            assert response.status_code == 201, response.text
        for template in ("invitation", "password_changed"):
            response = await internal.post(
                "/v1/notifications",
                json={
                    "template": template,
                    "to": STUDENT,
                    "data": {"name": "Dara"},
                    "idempotency_key": template,
                },
            )
            assert response.status_code == 202
        await internal.post("/v1/notifications", json=published("p5"))
        await drain()
        templates = sorted(m["template"] for m in await mailbox(client))
        assert templates == [
            "invitation",
            "invitation",
            "login_code",
            "password_changed",
            "password_reset_code",
        ]


class TestEveryEventKind:
    async def test_each_kind_is_saved_and_followed(
        self,
        app: FastAPI,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        as_user: Any,
    ) -> None:
        """Every kind on its own: off suppresses that kind only, digest holds it."""
        for kind in EVERY_KIND[2:]:
            saved = await client.put(
                "/v1/preferences/me", json=prefs(**{kind: "off"}), headers=as_user()
            )
            assert saved.status_code == 200, saved.text
            assert saved.json()["kinds"] == {**dict.fromkeys(EVERY_KIND, "immediate"), kind: "off"}
            for template in EVERY_KIND:
                key = f"{kind}:{template}"
                request = {
                    "template": template,
                    "to": STUDENT,
                    "data": EVENT_DATA[template],
                    "idempotency_key": key,
                    "user_id": "u-dara",
                }
                answer = await internal.post("/v1/notifications", json=request)
                assert answer.status_code == 202, answer.text
                expected = "suppressed" if template == kind else "pending"
                assert await status_of(app, key) == expected, key
        await client.put(
            "/v1/preferences/me", json=prefs(assignment_added="digest"), headers=as_user()
        )
        held = {
            "template": "assignment_added",
            "to": STUDENT,
            "data": EVENT_DATA["assignment_added"],
            "idempotency_key": "held",
            "user_id": "u-dara",
        }
        assert (await internal.post("/v1/notifications", json=held)).status_code == 202
        assert await status_of(app, "held") == "digest"

    async def test_a_kind_left_out_is_immediate(
        self, client: httpx.AsyncClient, as_user: Any
    ) -> None:
        body = {"kinds": {"feedback_requested": "off"}, "time_zone": "UTC"}
        saved = await client.put("/v1/preferences/me", json=body, headers=as_user())
        assert saved.status_code == 200, saved.text
        assert saved.json()["kinds"] == {
            **dict.fromkeys(EVERY_KIND, "immediate"),
            "feedback_requested": "off",
        }


class TestPreferencesByUserId:
    """An email request names its recipient's account: their choices follow the account, not
    the address it had when they saved."""

    async def test_the_user_id_finds_them_at_a_new_address(
        self, app: FastAPI, internal: httpx.AsyncClient, as_user: Any
    ) -> None:
        await client_put(app, as_user, prefs(feedback_published="off"))
        moved = {**published("moved", to="dara.new@campus.local"), "user_id": "u-dara"}
        assert (await internal.post("/v1/notifications", json=moved)).status_code == 202
        assert await status_of(app, "moved") == "suppressed"

    async def test_another_account_at_the_old_address_is_not_them(
        self, app: FastAPI, internal: httpx.AsyncClient, as_user: Any
    ) -> None:
        await client_put(app, as_user, prefs(feedback_published="off"))
        other = {**published("other"), "user_id": "u-someone-else"}
        assert (await internal.post("/v1/notifications", json=other)).status_code == 202
        assert await status_of(app, "other") == "pending"

    async def test_without_a_user_id_the_address_still_finds_them(
        self, app: FastAPI, internal: httpx.AsyncClient, as_user: Any
    ) -> None:
        await client_put(app, as_user, prefs(feedback_published="off"))
        assert (await internal.post("/v1/notifications", json=published("old"))).status_code == 202
        assert await status_of(app, "old") == "suppressed"

    async def test_transactional_emails_with_a_user_id_are_never_held(
        self, app: FastAPI, internal: httpx.AsyncClient, as_user: Any
    ) -> None:
        await client_put(app, as_user, prefs(**dict.fromkeys(EVERY_KIND, "off")))
        for template in ("invitation", "password_changed"):
            answer = await internal.post(
                "/v1/notifications",
                json={
                    "template": template,
                    "to": STUDENT,
                    "data": {"name": "Dara"},
                    "idempotency_key": f"t-{template}",
                    "user_id": "u-dara",
                },
            )
            assert answer.status_code == 202, answer.text
            assert await status_of(app, f"t-{template}") == "pending"

    async def test_a_bad_user_id_is_a_clear_422(self, internal: httpx.AsyncClient) -> None:
        answer = await internal.post(
            "/v1/notifications", json={**published("bad"), "user_id": "not an id!"}
        )
        assert_problem(answer, 422)
        assert "user_id" in answer.text


async def client_put(app: FastAPI, as_user: Any, body: dict[str, Any]) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        saved = await client.put("/v1/preferences/me", json=body, headers=as_user())
        assert saved.status_code == 200, saved.text
