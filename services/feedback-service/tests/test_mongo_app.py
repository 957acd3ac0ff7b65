"""The whole app on the MongoDB adapter (the mongoeco wire stand-in, see docs/feedback.md):
demo data, a draft published and edited, lists, counts, trends, history and export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.demo import seed

Headers = Callable[[str], dict[str, str]]
ALEX = next(a for a in DEMO_ACCOUNTS if a.email.startswith("alex."))
SCORES = {"code_quality": 3, "problem_solving": 4, "communication": 4, "collaboration": 5}


@pytest.fixture
def settings_overrides(mongo_url: str) -> dict[str, Any]:
    return {"database_url": mongo_url}


async def test_feedback_lifecycle_on_mongodb(
    app: FastAPI, client: httpx.AsyncClient, as_user: Headers
) -> None:
    assert type(app.state.context.store).__name__ == "MongoFeedbackStore"
    assert (await client.get("/ready")).json()["checks"]["database"]["ok"] is True
    await seed(app.state.context.store)
    draft = await client.post(
        "/v1/feedback",
        json={"student_id": str(ALEX.id), "title": "Mongo week", "scores": SCORES},
        headers=as_user("maria"),
    )
    fid = draft.json()["id"]
    await client.patch(f"/v1/feedback/{fid}", json={"overall_rating": 4}, headers=as_user("maria"))
    published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
    assert published.json()["state"] == "published"
    assert await app.state.context.store.get_event(f"feedback-published:{fid}") is not None
    edit = await client.patch(
        f"/v1/feedback/{fid}", json={"comments": "Second thoughts"}, headers=as_user("maria")
    )
    assert edit.json()["edited"] is True
    history = (await client.get(f"/v1/feedback/{fid}/history", headers=as_user("admin"))).json()
    assert history["revisions"][0]["changes"]["comments"]["after"] == "Second thoughts"

    mine = (await client.get("/v1/feedback?limit=2", headers=as_user("alex"))).json()
    assert mine["items"][0]["id"] == fid
    assert mine["next_cursor"]
    rest = await client.get(
        "/v1/feedback", params={"limit": 50, "cursor": mine["next_cursor"]}, headers=as_user("alex")
    )
    assert {f["student_id"] for f in rest.json()["items"]} == {str(ALEX.id)}
    assert len(rest.json()["items"]) == 2  # Alex: three demo entries plus this one

    counts = (await client.get("/v1/feedback/counts", headers=as_user("alex"))).json()
    assert counts["by_state"] == {"published": 4}
    assert counts["acknowledged"] == 1
    trend = (await client.get(f"/v1/students/{ALEX.id}/trends", headers=as_user("maria"))).json()
    assert trend["feedback_count"] == 4
    export = await client.get("/v1/export/feedback.csv", headers=as_user("maria"))
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert any(r["id"] == fid and r["score_collaboration"] == "5" for r in rows)
