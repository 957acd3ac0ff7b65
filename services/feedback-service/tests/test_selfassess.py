"""Self-assessment through the API: a student of a cohort that asks for it scores themself
against the cohort's rubric with comments; the mentor writing feedback sees it beside the
editor; the release of the mentor's feedback locks it (and the next save starts a new cycle).
Cohorts that do not ask, other cohorts and bad scores are refused with clear problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from feedback_service.cohorts.repository import CohortSettings

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]
MINE = "/v1/self-assessments/mine"


async def enable(app: FastAPI, **values: Any) -> None:
    await app.state.context.store.put_cohort_settings(
        CohortSettings(
            cohort="Cohort A",
            updated_at=app.state.context.clock(),
            updated_by=user_id("admin"),
            **{"self_assessment": True, **values},
        )
    )


def body(**fields: Any) -> dict[str, Any]:
    return {
        "cohort": "Cohort A",
        "scores": {"clarity": 2, "depth": 4},
        "criterion_comments": {"clarity": "I rushed the summary."},
        "comments": "A good week overall.",
        **fields,
    }


@pytest.mark.usefixtures("setup")
class TestSelfAssessment:
    async def test_student_assesses_mentor_sees_release_locks(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        await enable(app)
        mine = (await client.get(MINE, headers=as_user("alex"))).json()
        assert [c["cohort"] for c in mine["cohorts"]] == ["Cohort A"]
        assert [c["key"] for c in mine["cohorts"][0]["rubric"]["criteria"]] == ["clarity", "depth"]
        assert mine["cohorts"][0]["current"] is None
        saved = await client.put(MINE, json=body(), headers=as_user("alex"))
        assert saved.status_code == 200, saved.text
        resaved = await client.put(
            MINE, json=body(scores={"clarity": 3, "depth": 4}), headers=as_user("alex")
        )
        assert resaved.json()["id"] == saved.json()["id"]  # one open per cycle
        assert resaved.json()["scores"] == {"clarity": 3, "depth": 4}

        before = await client.get(
            f"/v1/self-assessments/students/{user_id('alex')}", headers=as_user("maria")
        )
        assert before.status_code == 200, before.text
        assert before.json()["assessment"]["id"] == saved.json()["id"]  # no draft yet
        for who, status in (("tom", 404), ("admin", 200), ("alex", 403)):
            answer = await client.get(
                f"/v1/self-assessments/students/{user_id('alex')}", headers=as_user(who)
            )
            assert answer.status_code == status, who
        draft = await write(client, as_user, title="Week 4", scores={"clarity": 3, "depth": 3})
        fid = draft.json()["id"]
        beside = await client.get(f"/v1/feedback/{fid}/self-assessment", headers=as_user("maria"))
        assert beside.status_code == 200, beside.text
        seen = beside.json()
        assert seen["enabled"] is True
        assert seen["assessment"]["scores"] == {"clarity": 3, "depth": 4}
        assert seen["assessment"]["criterion_comments"] == {"clarity": "I rushed the summary."}
        assert seen["assessment"]["locked"] is False
        assert [c["name"] for c in seen["rubric"]["criteria"]] == ["Clarity", "Depth"]
        assert (
            await client.get(f"/v1/feedback/{fid}/self-assessment", headers=as_user("tom"))
        ).status_code == 404
        assert (
            await client.get(f"/v1/feedback/{fid}/self-assessment", headers=as_user("alex"))
        ).status_code == 403

        patched = await client.patch(
            f"/v1/feedback/{fid}", json={"overall_rating": 4}, headers=as_user("maria")
        )
        assert patched.status_code == 200
        published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        assert published.json()["state"] == "published"
        after = (
            await client.get(f"/v1/feedback/{fid}/self-assessment", headers=as_user("maria"))
        ).json()
        assert after["assessment"]["locked"] is True
        assert after["assessment"]["feedback_id"] == fid

        mine = (await client.get(MINE, headers=as_user("alex"))).json()
        assert mine["cohorts"][0]["current"] is None  # the next cycle has not started
        assert [p["id"] for p in mine["past"]] == [saved.json()["id"]]
        assert mine["past"][0]["scores"] == {"clarity": 3, "depth": 4}
        fresh = await client.put(MINE, json=body(), headers=as_user("alex"))
        assert fresh.json()["id"] != saved.json()["id"]
        kept = (
            await client.get(f"/v1/feedback/{fid}/self-assessment", headers=as_user("maria"))
        ).json()
        assert kept["assessment"]["id"] == saved.json()["id"]  # the locked one stays with it

    async def test_held_feedback_does_not_lock_it(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        await enable(app, post_policy="manual")
        assert (await client.put(MINE, json=body(), headers=as_user("alex"))).status_code == 200
        draft = await write(
            client, as_user, title="Week 5", scores={"clarity": 3, "depth": 3}, overall_rating=3
        )
        fid = draft.json()["id"]
        await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        still = await client.put(MINE, json=body(comments="Edited"), headers=as_user("alex"))
        assert still.status_code == 200
        assert still.json()["locked"] is False
        await client.post(f"/v1/feedback/{fid}/release", headers=as_user("admin"))
        locked = await client.put(MINE, json=body(comments="Too late"), headers=as_user("alex"))
        assert locked.json()["id"] != still.json()["id"]  # a new cycle
        past = (await client.get(MINE, headers=as_user("alex"))).json()["past"]
        assert past[0]["comments"] == "Edited"

    async def test_refusals(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        off = await client.put(MINE, json=body(), headers=as_user("alex"))
        assert off.status_code == 409
        assert off.json()["type"].endswith("self-assessment-off")
        assert (await client.get(MINE, headers=as_user("alex"))).json()["cohorts"] == []
        await enable(app)
        other = await client.put(MINE, json=body(cohort="Cohort B"), headers=as_user("alex"))
        assert other.status_code == 404
        for bad, slug in (
            (body(scores={"clarity": 9}), "score-out-of-scale"),
            (body(scores={"nope": 3}), "unknown-criterion"),
            (body(criterion_comments={"nope": "x"}), "unknown-criterion"),
        ):
            answer = await client.put(MINE, json=bad, headers=as_user("alex"))
            assert answer.status_code == 422, answer.text
            assert answer.json()["type"].endswith(slug)
        for bad, name in (
            (body(comments="x" * 10_001), "comments"),
            (body(cohort=""), "cohort"),
            (body(criterion_comments={"clarity": "x" * 2001}), "criterion_comments"),
            (body(extra=True), "extra"),
        ):
            answer = await client.put(MINE, json=bad, headers=as_user("alex"))
            assert answer.status_code == 422, answer.text
            assert name in answer.text
        assert (await client.put(MINE, json=body(), headers=as_user("maria"))).status_code == 403
        assert (await client.get(MINE, headers=as_user("admin"))).status_code == 403
