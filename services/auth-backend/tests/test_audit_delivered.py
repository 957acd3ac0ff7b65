"""The feedback service's events in the one audit log: recorded once per event id, only with the
feedback service's token, read by admins only, found by part of a person's name."""

from __future__ import annotations

import uuid

import httpx
import pytest

from campus_testing.demo import demo_user_id
from campus_testing.problems import assert_problem

from .conftest import ADMIN_EMAIL, STUDENT_EMAIL, Mailbox, bearer, full_login, service_headers

pytestmark = pytest.mark.usefixtures("seeded")

MENTOR_EMAIL = "maria.mentor@campus.local"


@pytest.fixture
async def admin(client: httpx.AsyncClient, mailbox: Mailbox) -> dict[str, str]:
    return bearer(await full_login(client, mailbox))


def withdrawal(event_id: str | None = None) -> dict[str, object]:
    return {
        "id": event_id or str(uuid.uuid4()),
        "event": "feedback_withdrawn",
        "occurred_at": "2026-11-30T09:15:00Z",
        "actor_id": str(demo_user_id(ADMIN_EMAIL)),
        "subject_id": str(demo_user_id(STUDENT_EMAIL)),
        "details": {"title": "Week 8 review", "reason": "wrong student"},
    }


async def feedback_events(client: httpx.AsyncClient, admin: dict[str, str]) -> list[dict]:
    r = await client.get(
        "/admin/audit", params={"event": "feedback_withdrawn", "limit": 200}, headers=admin
    )
    assert r.status_code == 200, r.text
    return r.json()["events"]


class TestDelivery:
    async def test_recorded_once_however_often_it_is_delivered(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        body = withdrawal()
        first = await client.post("/internal/audit", json=body, headers=service_headers())
        assert first.status_code == 201, first.text
        assert first.json() == {"id": body["id"], "recorded": True}
        again = await client.post("/internal/audit", json=body, headers=service_headers())
        assert again.status_code == 200, again.text
        assert again.json()["recorded"] is False
        rows = [e for e in await feedback_events(client, admin) if e["id"] == body["id"]]
        assert len(rows) == 1
        row = rows[0]
        assert row["source"] == "feedback"
        assert row["created_at"].startswith("2026-11-30T09:15:00")
        assert row["actor_id"] == str(demo_user_id(ADMIN_EMAIL))
        assert row["subject_id"] == str(demo_user_id(STUDENT_EMAIL))
        assert row["details"] == {"title": "Week 8 review", "reason": "wrong student"}

    async def test_auth_events_say_their_source(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.get("/admin/audit", params={"event": "code_ok"}, headers=admin)
        assert {e["source"] for e in r.json()["events"]} == {"auth"}

    async def test_an_auth_event_cannot_be_forged(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/internal/audit",
            json={**withdrawal(), "event": "code_ok"},
            headers=service_headers(),
        )
        assert_problem(r, 422)

    async def test_oversized_details_are_refused(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/internal/audit",
            json={**withdrawal(), "details": {"reason": "x" * 5000}},
            headers=service_headers(),
        )
        assert_problem(r, 422)


class TestAuthorization:
    async def test_no_token_is_401(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.post("/internal/audit", json=withdrawal()), 401)

    async def test_another_service_is_403(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/internal/audit",
            json=withdrawal(),
            headers=service_headers("notification-service"),
        )
        assert_problem(r, 403)

    async def test_an_admins_token_cannot_post(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.post("/internal/audit", json=withdrawal(), headers=admin)
        assert r.status_code in (401, 403), r.text

    async def test_a_service_token_cannot_read_the_log(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/admin/audit", headers=service_headers())
        assert r.status_code in (401, 403), r.text

    async def test_a_student_cannot_read_the_log(
        self, client: httpx.AsyncClient, mailbox: Mailbox
    ) -> None:
        student = bearer(await full_login(client, mailbox, STUDENT_EMAIL))
        assert_problem(await client.get("/admin/audit", headers=student), 403)


class TestPersonFilter:
    @pytest.mark.parametrize("text", ["alex", "ALEX RIV", "Álex", "alex.student@"])
    async def test_part_of_a_name_or_address_any_case_or_accent(
        self, client: httpx.AsyncClient, admin: dict[str, str], text: str
    ) -> None:
        body = withdrawal()
        await client.post("/internal/audit", json=body, headers=service_headers())
        r = await client.get("/admin/audit", params={"person": text, "limit": 200}, headers=admin)
        assert r.status_code == 200, r.text
        events = r.json()["events"]
        assert body["id"] in [e["id"] for e in events]
        student = str(demo_user_id(STUDENT_EMAIL))
        assert all(student in (e["actor_id"], e["subject_id"]) for e in events)

    async def test_nobody_matches(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        r = await client.get("/admin/audit", params={"person": "zz%_nobody"}, headers=admin)
        assert r.json()["events"] == []
        assert r.json()["total"] == 0
