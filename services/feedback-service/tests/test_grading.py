"""The grading workflow through the API: comments beside each score, a mentor's queue per cohort,
bulk publish (each draft through the one publish path), drafts started from the last feedback."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]
READY: dict[str, Any] = {
    "title": "Week 3",
    "scores": {"clarity": 4, "depth": 3},
    "overall_rating": 4,
}


async def draft(client: httpx.AsyncClient, as_user: Headers, **fields: Any) -> dict[str, Any]:
    response = await write(client, as_user, **fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.usefixtures("setup")
class TestCriterionComments:
    async def test_kept_beside_each_score(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        made = await draft(
            client, as_user, **READY, criterion_comments={"clarity": "Readable names", "depth": " "}
        )
        assert made["criterion_comments"] == {"clarity": "Readable names"}  # blank: none
        fid = made["id"]
        patched = await client.patch(
            f"/v1/feedback/{fid}",
            json={"criterion_comments": {"depth": "Go one level deeper"}},
            headers=as_user("maria"),
        )
        assert patched.json()["criterion_comments"] == {"depth": "Go one level deeper"}
        untouched = await client.patch(
            f"/v1/feedback/{fid}", json={"comments": "x"}, headers=as_user("maria")
        )
        assert untouched.json()["criterion_comments"] == {"depth": "Go one level deeper"}

    async def test_unknown_criterion_named(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        response = await write(client, as_user, **READY, criterion_comments={"teamwork": "Good"})
        assert response.status_code == 422
        body = response.json()
        assert body["type"].endswith("unknown-criterion")
        assert body["errors"][0]["loc"] == ["body", "criterion_comments", "teamwork"]

    async def test_too_long_named(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        response = await write(client, as_user, **READY, criterion_comments={"clarity": "x" * 2001})
        assert response.status_code == 422
        locs = [e["loc"] for e in response.json()["errors"]]
        assert ["body", "criterion_comments", "clarity"] in locs

    async def test_edit_after_publishing_is_a_revision_and_exported(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        made = await draft(client, as_user, **READY, criterion_comments={"clarity": "Clear"})
        fid = made["id"]
        assert (
            await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        ).status_code == 200
        seen = await client.get(f"/v1/feedback/{fid}", headers=as_user("alex"))
        assert seen.json()["criterion_comments"] == {"clarity": "Clear"}
        edit = await client.patch(
            f"/v1/feedback/{fid}",
            json={"criterion_comments": {"clarity": "Very clear"}},
            headers=as_user("maria"),
        )
        assert edit.status_code == 200
        history = (await client.get(f"/v1/feedback/{fid}/history", headers=as_user("maria"))).json()
        assert history["revisions"][0]["changes"] == {
            "criterion_comments": {
                "before": {"clarity": "Clear"},
                "after": {"clarity": "Very clear"},
            }
        }
        export = await client.get("/v1/export/feedback.csv", headers=as_user("admin"))
        rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
        assert [r["comment_clarity"] for r in rows if r["id"] == fid] == ["Very clear"]


@pytest.mark.usefixtures("setup")
class TestQueue:
    async def test_states_this_cycle(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        queue = await client.get("/v1/grading/queue?cohort=Cohort A", headers=as_user("maria"))
        assert queue.status_code == 200, queue.text
        assert [(i["student_name"], i["state"]) for i in queue.json()["items"]] == [
            ("Alex Rivera", "none"),
            ("Bea Nakamura", "none"),
        ]
        half = await draft(client, as_user, title="Half", scores={"clarity": 2})
        ready = await draft(client, as_user, student="bea", **READY)
        items = {
            i["student_id"]: i
            for i in (
                await client.get("/v1/grading/queue?cohort=Cohort A", headers=as_user("maria"))
            ).json()["items"]
        }
        assert items[user_id("alex")]["state"] == "draft"
        assert items[user_id("alex")]["feedback_id"] == half["id"]
        assert items[user_id("alex")]["missing"] == ["depth", "overall_rating"]
        assert items[user_id("bea")]["state"] == "ready"
        await client.post(f"/v1/feedback/{ready['id']}/publish", headers=as_user("maria"))
        after = (await client.get("/v1/grading/queue", headers=as_user("maria"))).json()
        bea = next(i for i in after["items"] if i["student_id"] == user_id("bea"))
        assert (bea["state"], bea["last_published_id"]) == ("published", ready["id"])
        assert after["cohorts"] == ["Cohort A"]

    async def test_other_cohort_is_empty(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        queue = await client.get("/v1/grading/queue?cohort=Other", headers=as_user("maria"))
        assert queue.json()["items"] == []

    @pytest.mark.parametrize("who", ["alex", "admin"])
    async def test_mentors_only(
        self, client: httpx.AsyncClient, as_user: Headers, who: str
    ) -> None:
        assert (await client.get("/v1/grading/queue", headers=as_user(who))).status_code == 403


@pytest.mark.usefixtures("setup")
class TestBulkPublish:
    async def test_each_published_alone(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        one = await draft(client, as_user, **READY)
        two = await draft(client, as_user, student="bea", **READY)
        half = await draft(client, as_user, title="Half", scores={"clarity": 2})
        toms = await draft(client, as_user, student="dara", by="tom", **READY)
        ids = [one["id"], two["id"], half["id"], toms["id"]]
        response = await client.post(
            "/v1/grading/publish", json={"feedback_ids": ids}, headers=as_user("maria")
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["published"], body["failed"]) == (2, 2)
        by_id = {r["feedback_id"]: r for r in body["results"]}
        assert by_id[one["id"]]["published"]
        assert by_id[two["id"]]["published"]
        assert by_id[two["id"]]["student_name"] == "Bea Nakamura"
        assert (by_id[half["id"]]["status"], by_id[half["id"]]["slug"]) == (
            422,
            "incomplete-feedback",
        )
        assert by_id[half["id"]]["student_name"] == "Alex Rivera"
        assert by_id[toms["id"]]["status"] == 404  # another mentor's draft: not even named
        assert by_id[toms["id"]]["student_id"] is None
        store = app.state.context.store
        for fid, sent in ((one["id"], True), (two["id"], True), (half["id"], False)):
            assert (await store.get_event(f"feedback-published:{fid}") is not None) is sent
        still = await client.get(f"/v1/feedback/{half['id']}", headers=as_user("maria"))
        assert still.json()["state"] == "draft"
        again = await client.post(
            "/v1/grading/publish", json={"feedback_ids": ids[:1]}, headers=as_user("maria")
        )
        assert again.json()["published"] == 1  # publishing again changes nothing

    async def test_bad_input_named(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        for body, loc in (
            ({"feedback_ids": []}, ["body", "feedback_ids"]),
            ({"feedback_ids": ["nope"]}, ["body", "feedback_ids", "0"]),
        ):
            response = await client.post("/v1/grading/publish", json=body, headers=as_user("maria"))
            assert response.status_code == 422
            assert response.json()["errors"][0]["loc"] == loc


@pytest.mark.usefixtures("setup")
class TestStartFromLast:
    async def test_copies_the_last_published(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        start = {"student_id": user_id("alex")}
        none = await client.post("/v1/grading/start", json=start, headers=as_user("maria"))
        assert none.status_code == 404
        assert none.json()["type"].endswith("no-earlier-feedback")
        made = await draft(
            client, as_user, **READY, strengths="Tests", criterion_comments={"depth": "More"}
        )
        await client.post(f"/v1/feedback/{made['id']}/publish", headers=as_user("maria"))
        copy = await client.post("/v1/grading/start", json=start, headers=as_user("maria"))
        assert copy.status_code == 201, copy.text
        new = copy.json()
        assert new["id"] != made["id"]
        assert new["state"] == "draft"
        assert (new["scores"], new["strengths"], new["criterion_comments"]) == (
            READY["scores"],
            "Tests",
            {"depth": "More"},
        )
        other = await client.post("/v1/grading/start", json=start, headers=as_user("tom"))
        assert other.status_code == 404
