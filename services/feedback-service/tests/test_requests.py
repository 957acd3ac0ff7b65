"""Feedback requests through the API: a student asks their mentor, the mentor writes a draft from
the request (titled like it, linked), publishing it closes the request; the student cancels an
open one; bad input is a 422 naming the field; admins see counts per cohort; and the mentor's
"needs attention" lists open requests, threads the student wrote in last, and feedback
unacknowledged after N days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS

Headers = Callable[[str], dict[str, str]]
pytestmark = pytest.mark.usefixtures("setup")


def user_id(short: str) -> str:
    return next(str(a.id) for a in DEMO_ACCOUNTS if a.email.startswith(short + "."))


async def ask(client: httpx.AsyncClient, as_user: Headers, who: str = "alex", **body: Any) -> Any:
    payload = {"title": "My portfolio", "description": "Is the intro\nclear?", **body}
    response = await client.post("/v1/requests", json=payload, headers=as_user(who))
    assert response.status_code == 201, response.text
    return response.json()


async def requests_of(client: httpx.AsyncClient, as_user: Headers, who: str, **params: Any) -> Any:
    response = await client.get("/v1/requests", params=params, headers=as_user(who))
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_request_answered_and_closed_by_publishing(
    client: httpx.AsyncClient, as_user: Headers
) -> None:
    made = await ask(client, as_user, link="https://example.com/portfolio")
    assert made["state"] == "open"
    assert made["mentor_id"] == user_id("maria")
    assert made["cohort"] == "Cohort A"
    assert [r["id"] for r in await requests_of(client, as_user, "maria", state="open")] == [
        made["id"]
    ]
    assert await requests_of(client, as_user, "tom") == []

    draft = await client.post(f"/v1/requests/{made['id']}/feedback", headers=as_user("maria"))
    assert draft.status_code == 201, draft.text
    fid = draft.json()["id"]
    assert draft.json()["title"] == "My portfolio"
    assert draft.json()["state"] == "draft"
    again = await client.post(f"/v1/requests/{made['id']}/feedback", headers=as_user("maria"))
    assert again.json()["id"] == fid  # the same draft, not a second one
    linked = await client.get(f"/v1/requests/{made['id']}", headers=as_user("alex"))
    assert linked.json()["feedback_id"] == fid
    assert linked.json()["state"] == "open"

    patch = {"scores": {"clarity": 4, "depth": 4}, "overall_rating": 4}
    assert (
        await client.patch(f"/v1/feedback/{fid}", json=patch, headers=as_user("maria"))
    ).status_code == 200
    published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert published.status_code == 200, published.text

    [closed] = await requests_of(client, as_user, "alex")
    assert closed["state"] == "closed"
    assert closed["closed_at"] is not None
    assert await requests_of(client, as_user, "maria", state="open") == []
    late = await client.post(f"/v1/requests/{made['id']}/feedback", headers=as_user("maria"))
    assert late.status_code == 409
    cancel = await client.post(f"/v1/requests/{made['id']}/cancel", headers=as_user("alex"))
    assert cancel.status_code == 409


async def test_student_cancels_and_others_cannot(
    client: httpx.AsyncClient, as_user: Headers
) -> None:
    made = await ask(client, as_user)
    url = f"/v1/requests/{made['id']}"
    assert (await client.post(f"{url}/cancel", headers=as_user("maria"))).status_code == 403
    assert (await client.post(f"{url}/cancel", headers=as_user("bea"))).status_code == 404
    cancelled = await client.post(f"{url}/cancel", headers=as_user("alex"))
    assert cancelled.status_code == 200
    assert cancelled.json()["state"] == "cancelled"
    assert (await client.post(f"{url}/cancel", headers=as_user("alex"))).json()[
        "state"
    ] == "cancelled"
    answer = await client.post(f"{url}/feedback", headers=as_user("maria"))
    assert answer.status_code == 409
    assert "request-not-open" in answer.text


async def test_named_mentor_must_be_the_students(
    client: httpx.AsyncClient, as_user: Headers
) -> None:
    made = await ask(client, as_user, mentor_id=user_id("maria"))
    assert made["mentor_id"] == user_id("maria")
    response = await client.post(
        "/v1/requests", json={"title": "x", "mentor_id": user_id("tom")}, headers=as_user("alex")
    )
    assert response.status_code == 404
    by_mentor = await client.post("/v1/requests", json={"title": "x"}, headers=as_user("maria"))
    assert by_mentor.status_code == 403


async def test_student_without_mentor_gets_409(client: httpx.AsyncClient, as_user: Headers) -> None:
    response = await client.post("/v1/requests", json={"title": "x"}, headers=as_user("eli"))
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "a" * 201}, "title"),
        ({"title": "two\nlines"}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "description": "bell\x07"}, "description"),
        ({"title": "ok", "link": "javascript:alert(1)"}, "link"),
        ({"title": "ok", "link": "ftp://example.com/x"}, "link"),
        ({"title": "ok", "link": "https://example.com/" + "a" * 2000}, "link"),
        ({"title": "ok", "mentor_id": "nope"}, "mentor_id"),
        ({"title": "ok", "extra": 1}, "extra"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: httpx.AsyncClient, as_user: Headers, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/v1/requests", json=body, headers=as_user("alex"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith(f"{field}:")


async def test_admin_summary_per_cohort(client: httpx.AsyncClient, as_user: Headers) -> None:
    await ask(client, as_user)
    cancelled = await ask(client, as_user, "bea")
    await client.post(f"/v1/requests/{cancelled['id']}/cancel", headers=as_user("bea"))
    await ask(client, as_user, "dara")
    response = await client.get("/v1/admin/requests/summary", headers=as_user("admin"))
    assert response.status_code == 200
    assert response.json()["cohorts"] == [
        {"cohort": "Cohort A", "open": 2, "closed": 0, "cancelled": 1, "total": 3}
    ]
    assert len(await requests_of(client, as_user, "admin")) == 3
    denied = await client.get("/v1/admin/requests/summary", headers=as_user("maria"))
    assert denied.status_code == 403


async def _published(client: httpx.AsyncClient, as_user: Headers, student: str) -> str:
    body = {
        "student_id": user_id(student),
        "title": f"Review for {student}",
        "scores": {"clarity": 3, "depth": 4},
        "overall_rating": 4,
    }
    draft = await client.post("/v1/feedback", json=body, headers=as_user("maria"))
    fid: str = draft.json()["id"]
    assert (
        await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    ).status_code == 200
    return fid


async def test_needs_attention(client: httpx.AsyncClient, as_user: Headers, app: FastAPI) -> None:
    answered, waiting = (
        await _published(client, as_user, "alex"),
        await _published(client, as_user, "bea"),
    )
    for fid, who in ((answered, "alex"), (answered, "maria"), (waiting, "bea")):
        response = await client.post(
            f"/v1/feedback/{fid}/messages", json={"body": f"from {who}"}, headers=as_user(who)
        )
        assert response.status_code == 201, response.text
    request = await ask(client, as_user)

    got = (await client.get("/v1/mentor/attention", headers=as_user("maria"))).json()
    assert [f["feedback_id"] for f in got["unread_threads"]] == [waiting]
    assert got["unread_threads"][0]["student_id"] == user_id("bea")
    assert [r["id"] for r in got["open_requests"]] == [request["id"]]
    assert got["unacknowledged"] == []  # published just now
    assert got["unacknowledged_days"] == 7

    ctx = app.state.context
    real = ctx.clock
    ctx.clock = lambda: real() + timedelta(days=8)
    try:
        assert (
            await client.post(f"/v1/feedback/{answered}/acknowledge", headers=as_user("alex"))
        ).status_code == 200
        later = (await client.get("/v1/mentor/attention", headers=as_user("maria"))).json()
    finally:
        ctx.clock = real
    assert [f["feedback_id"] for f in later["unacknowledged"]] == [waiting]

    tom = (await client.get("/v1/mentor/attention", headers=as_user("tom"))).json()
    assert tom["unread_threads"] == tom["unacknowledged"] == tom["open_requests"] == []
    for who in ("alex", "admin"):
        denied = await client.get("/v1/mentor/attention", headers=as_user(who))
        assert denied.status_code == 403
