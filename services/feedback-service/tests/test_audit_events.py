"""Feedback-side events in auth-backend's one audit log: queued in the outbox (SQL and MongoDB),
delivered by the relay to the REAL auth-backend (in-process) with the service token, recorded
once however often the relay delivers them."""

# ruff: noqa: F811
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from feedback_service.outbox import audit
from feedback_service.outbox.relay import DeliveryError

from .conftest import RUBRIC, user_id
from .test_feed_events import published, relay  # noqa: F401
from .test_relay import notification_app, notification_database  # noqa: F401

Headers = Callable[[str], dict[str, str]]


@pytest.fixture(params=["sql", "mongo"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "mongo":
        return {"database_url": request.getfixturevalue("mongo_url")}
    return {}


async def audit_log(auth_app: FastAPI, event: str) -> list[Any]:
    from auth_backend.audit.models import AuditEvent

    async with auth_app.state.context.sessionmaker() as session:
        query = select(AuditEvent).where(AuditEvent.event == event)
        return list((await session.execute(query.order_by(AuditEvent.created_at))).scalars())


async def deliver_all(relay: Any) -> None:
    while await relay.run_once():
        pass


async def test_a_withdrawal_is_recorded_once_with_who_whom_and_why(
    app: FastAPI,
    auth_app: FastAPI,
    client: httpx.AsyncClient,
    as_user: Headers,
    relay: Any,
) -> None:
    fid = await published(client, as_user)
    await deliver_all(relay)
    before = len(await audit_log(auth_app, "feedback_withdrawn"))
    answer = await client.post(
        f"/v1/feedback/{fid}/withdraw", json={"reason": "wrong student"}, headers=as_user("admin")
    )
    assert answer.status_code == 200, answer.text
    await deliver_all(relay)
    rows = await audit_log(auth_app, "feedback_withdrawn")
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.source == "feedback"
    assert str(row.actor_id) == user_id("admin")
    assert str(row.subject_id) == user_id("alex")
    assert row.details == {
        "feedback_id": fid,
        "title": "Week 9 review",
        "reason": "wrong student",
        "mentor_id": user_id("maria"),
    }
    # A retry after a lost answer: the same event id, still one entry.
    event = await app.state.context.store.get_event(f"feedback-withdrawn:{fid}")
    assert event is not None
    assert event.payload["audit"]["event"] == "feedback_withdrawn"
    await relay._deliver(event)
    assert len(await audit_log(auth_app, "feedback_withdrawn")) == before + 1


async def test_an_export_is_recorded_with_its_filters_and_row_count(
    auth_app: FastAPI, client: httpx.AsyncClient, as_user: Headers, relay: Any
) -> None:
    await published(client, as_user)
    await deliver_all(relay)
    before = len(await audit_log(auth_app, "feedback_exported"))
    answer = await client.get(
        "/v1/export/feedback.csv", params={"state": "published"}, headers=as_user("admin")
    )
    assert answer.status_code == 200
    lines = answer.content.decode("utf-8-sig").splitlines()
    await deliver_all(relay)
    rows = await audit_log(auth_app, "feedback_exported")
    assert len(rows) == before + 1
    assert str(rows[-1].actor_id) == user_id("admin")
    assert rows[-1].subject_id is None
    assert rows[-1].details["rows"] == len(lines) - 1
    assert rows[-1].details["filters"]["states"] == ["published"]


async def test_an_audit_entry_the_auth_backend_refuses_is_retried_not_lost(
    app: FastAPI, auth_app: FastAPI, relay: Any
) -> None:
    store = app.state.context.store
    event = audit.audit_event(
        "not_a_feedback_event", actor_id=user_id("admin"), now=app.state.context.clock()
    )
    await store.queue_event(event)
    with pytest.raises(DeliveryError, match="422"):
        await relay._deliver(event)
    assert await relay.run_once() == 0
    kept = await store.get_event(event.key)
    assert kept is not None
    assert kept.delivered_at is None
    assert kept.attempts == 1


async def test_rubric_versions_and_assignments_are_recorded_with_names_to_show(
    auth_app: FastAPI, client: httpx.AsyncClient, as_user: Headers, relay: Any
) -> None:
    admin = as_user("admin")
    assert (await client.put("/v1/rubric", json=RUBRIC, headers=admin)).status_code == 200
    made = await client.post(
        "/v1/assignments",
        json={
            "mentor_email": "tom.mentor@campus.local",
            "student_email": "alex.student@campus.local",
            "cohort": "Cohort Z",
        },
        headers=admin,
    )
    assert made.status_code == 201, made.text
    gone = await client.delete(f"/v1/assignments/{made.json()['id']}", headers=admin)
    assert gone.status_code == 204, gone.text
    again = await client.delete(f"/v1/assignments/{made.json()['id']}", headers=admin)
    assert again.status_code == 404
    files = {
        "file": (
            "a.csv",
            b"mentor_email,student_email,cohort\n"
            b"maria.mentor@campus.local,eli.student@campus.local,Cohort B\n"
            b"maria.mentor@campus.local,fay.student@campus.local,Cohort B\n",
            "text/csv",
        )
    }
    dry = await client.post("/v1/assignments/import", files=files, headers=admin)
    assert dry.json()["created"] == 2
    real = await client.post("/v1/assignments/import?dry_run=false", files=files, headers=admin)
    assert real.json()["created"] == 2
    await deliver_all(relay)

    rubric = (await audit_log(auth_app, "rubric_saved"))[-1]
    assert str(rubric.actor_id) == user_id("admin")
    assert rubric.details["name"] == "Mentoring rubric"
    assert rubric.details["criteria"] == 2
    for event in ("assignment_added", "assignment_removed"):
        row = next(
            r
            for r in await audit_log(auth_app, event)
            if r.details["assignment_id"] == made.json()["id"]
        )
        assert str(row.actor_id) == user_id("admin")
        assert str(row.subject_id) == user_id("alex")
        assert row.details["mentor_id"] == user_id("tom")
        assert row.details["cohort"] == "Cohort Z"
    imported = await audit_log(auth_app, "assignments_imported")
    assert imported[-1].details == {"count": 2, "rows": 2}  # and the dry run recorded nothing
