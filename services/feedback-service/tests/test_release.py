"""Release control through the API: a scheduled publish is invisible and silent until its time
(the release job on the context's clock), then published through the one publish path exactly
once, even when two rounds race; it can be cancelled and rescheduled before it fires. A cohort
with the manual post policy holds a publish until its mentor or an admin releases it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from feedback_service.cohorts.repository import CohortSettings
from feedback_service.context import Context
from feedback_service.release.service import run_due

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]
READY: dict[str, Any] = {
    "title": "Week 3 review",
    "scores": {"clarity": 3, "depth": 4},
    "overall_rating": 4,
}


@pytest.fixture
def ctx(app: FastAPI) -> Iterator[Context]:
    context: Context = app.state.context
    real = context.clock
    yield context
    context.clock = real


def later(ctx: Context, **delta: float) -> datetime:
    return ctx.clock() + timedelta(**delta)


async def ready_draft(client: httpx.AsyncClient, as_user: Headers, **fields: Any) -> str:
    made = await write(client, as_user, **{**READY, **fields})
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def schedule(
    client: httpx.AsyncClient, as_user: Headers, fid: str, at: datetime, who: str = "maria"
) -> httpx.Response:
    return await client.put(
        f"/v1/feedback/{fid}/release/schedule",
        json={"release_at": at.isoformat()},
        headers=as_user(who),
    )


async def student_sees(client: httpx.AsyncClient, as_user: Headers, fid: str) -> bool:
    one = await client.get(f"/v1/feedback/{fid}", headers=as_user("alex"))
    listed = await client.get("/v1/feedback", headers=as_user("alex"))
    counts = await client.get("/v1/feedback/counts", headers=as_user("alex"))
    in_list = any(item["id"] == fid for item in listed.json()["items"])
    assert (one.status_code == 200) is in_list is (counts.json()["total"] > 0)
    assert one.status_code in (200, 404)
    return in_list


async def set_cohort(app: FastAPI, **values: Any) -> None:
    await app.state.context.store.put_cohort_settings(
        CohortSettings(
            cohort="Cohort A",
            updated_at=app.state.context.clock(),
            updated_by=user_id("admin"),
            **values,
        )
    )


@pytest.mark.usefixtures("setup")
class TestScheduledPublish:
    async def test_invisible_and_silent_until_its_time_then_published_once(
        self, app: FastAPI, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await ready_draft(client, as_user)
        at = later(ctx, hours=2)
        scheduled = await schedule(client, as_user, fid, at.astimezone(UTC))
        assert scheduled.status_code == 200, scheduled.text
        body = scheduled.json()
        assert body["release"] == "scheduled"
        assert body["post_policy"] == "automatic"
        assert datetime.fromisoformat(body["release_at"]) == at

        assert await run_due(ctx) == 0  # not yet
        ctx.clock = lambda: at - timedelta(seconds=1)
        assert await run_due(ctx) == 0
        assert not await student_sees(client, as_user, fid)
        assert await ctx.store.get_event(f"feedback-published:{fid}") is None  # no email, no feed

        ctx.clock = lambda: at + timedelta(seconds=1)
        assert await run_due(ctx) == 1
        assert await run_due(ctx) == 0  # once
        assert await student_sees(client, as_user, fid)
        event = await ctx.store.get_event(f"feedback-published:{fid}")
        assert event is not None
        assert event.payload["student_id"] == user_id("alex")
        status = (await client.get(f"/v1/feedback/{fid}/release", headers=as_user("maria"))).json()
        assert status["release"] == "published"
        assert status["release_at"] is None
        assert datetime.fromisoformat(status["published_at"]) == at + timedelta(seconds=1)

    async def test_racing_rounds_publish_once(
        self, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        ids = [await ready_draft(client, as_user, title=f"Race {i}") for i in range(3)]
        at = later(ctx, minutes=5)
        for fid in ids:
            assert (await schedule(client, as_user, fid, at)).status_code == 200
        ctx.clock = lambda: at
        rounds = await asyncio.gather(*(run_due(ctx) for _ in range(3)))
        assert sum(rounds) == 3
        # A click on "publish now" racing the job changes nothing more.
        again = await client.post(f"/v1/feedback/{ids[0]}/publish", headers=as_user("maria"))
        assert again.status_code == 200
        for fid in ids:
            assert await ctx.store.get_event(f"feedback-published:{fid}") is not None

    async def test_cancel_and_reschedule_before_it_fires(
        self, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await ready_draft(client, as_user)
        first, second = later(ctx, hours=1), later(ctx, hours=3)
        assert (await schedule(client, as_user, fid, first)).status_code == 200
        moved = await schedule(client, as_user, fid, second)
        assert moved.status_code == 200
        assert datetime.fromisoformat(moved.json()["release_at"]) == second
        ctx.clock = lambda: first + timedelta(minutes=1)
        assert await run_due(ctx) == 0  # moved on
        cancelled = await client.delete(
            f"/v1/feedback/{fid}/release/schedule", headers=as_user("maria")
        )
        assert cancelled.status_code == 200
        assert cancelled.json()["release"] == "draft"
        ctx.clock = lambda: second + timedelta(minutes=1)
        assert await run_due(ctx) == 0
        assert not await student_sees(client, as_user, fid)

    async def test_publish_now_overrides_the_schedule(
        self, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await ready_draft(client, as_user)
        at = later(ctx, hours=1)
        assert (await schedule(client, as_user, fid, at)).status_code == 200
        now = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        assert now.json()["state"] == "published"
        ctx.clock = lambda: at
        assert await run_due(ctx) == 0
        assert await student_sees(client, as_user, fid)

    async def test_a_draft_no_longer_ready_loses_its_schedule(
        self, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await ready_draft(client, as_user)
        at = later(ctx, hours=1)
        assert (await schedule(client, as_user, fid, at)).status_code == 200
        edited = await client.patch(
            f"/v1/feedback/{fid}", json={"scores": {"clarity": 3}}, headers=as_user("maria")
        )
        assert edited.status_code == 200
        ctx.clock = lambda: at
        assert await run_due(ctx) == 0
        status = await client.get(f"/v1/feedback/{fid}/release", headers=as_user("maria"))
        assert status.json()["release"] == "draft"
        assert not await student_sees(client, as_user, fid)

    async def test_bad_schedules(
        self, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await ready_draft(client, as_user)
        for at, slug in (
            (later(ctx, minutes=-1), "release-in-the-past"),
            (later(ctx, days=400), "release-too-far"),
        ):
            answer = await schedule(client, as_user, fid, at)
            assert answer.status_code == 422, answer.text
            assert answer.json()["type"].endswith(slug)
            assert answer.json()["errors"][0]["loc"] == ["body", "release_at"]
        naive = await client.put(
            f"/v1/feedback/{fid}/release/schedule",
            json={"release_at": "2030-01-01T10:00:00"},
            headers=as_user("maria"),
        )
        assert naive.status_code == 422
        assert "release_at" in naive.text
        nonsense = await client.put(
            f"/v1/feedback/{fid}/release/schedule",
            json={"release_at": "soon"},
            headers=as_user("maria"),
        )
        assert nonsense.status_code == 422
        half = await ready_draft(client, as_user, scores={"clarity": 2})
        incomplete = await schedule(client, as_user, half, later(ctx, hours=1))
        assert incomplete.status_code == 422
        assert incomplete.json()["type"].endswith("incomplete-feedback")
        assert (await schedule(client, as_user, fid, later(ctx, hours=1), "tom")).status_code == 404
        assert (
            await schedule(client, as_user, fid, later(ctx, hours=1), "alex")
        ).status_code == 403
        assert (
            await schedule(client, as_user, fid, later(ctx, hours=1), "admin")
        ).status_code == 403


@pytest.mark.usefixtures("setup")
class TestManualPostPolicy:
    async def test_publish_holds_until_released(
        self, app: FastAPI, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        await set_cohort(app, post_policy="manual")
        fid = await ready_draft(client, as_user)
        held = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        assert held.status_code == 200, held.text
        assert held.json()["state"] == "draft"
        status = (await client.get(f"/v1/feedback/{fid}/release", headers=as_user("maria"))).json()
        assert status["release"] == "held"
        assert status["post_policy"] == "manual"
        assert not await student_sees(client, as_user, fid)
        assert await ctx.store.get_event(f"feedback-published:{fid}") is None

        listed = await client.get(
            "/v1/release/held", params={"cohort": "Cohort A"}, headers=as_user("admin")
        )
        assert [i["feedback_id"] for i in listed.json()["items"]] == [fid]
        assert listed.json()["items"][0]["student_name"] == "Alex Rivera"
        tom = await client.get("/v1/release/held", headers=as_user("tom"))
        assert tom.json()["items"] == []
        assert (
            await client.post(f"/v1/feedback/{fid}/release", headers=as_user("tom"))
        ).status_code == 404
        assert (
            await client.post(f"/v1/feedback/{fid}/release", headers=as_user("alex"))
        ).status_code == 403

        released = await client.post(f"/v1/feedback/{fid}/release", headers=as_user("admin"))
        assert released.status_code == 200, released.text
        assert released.json()["release"] == "published"
        assert await student_sees(client, as_user, fid)
        assert await ctx.store.get_event(f"feedback-published:{fid}") is not None
        repeat = await client.post(f"/v1/feedback/{fid}/release", headers=as_user("admin"))
        assert repeat.status_code == 200

    async def test_release_all_of_a_cohort(
        self, app: FastAPI, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        await set_cohort(app, post_policy="manual")
        ids = [
            await ready_draft(client, as_user, student=s, title=f"For {s}") for s in ("alex", "bea")
        ]
        for fid in ids:
            await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        plain = await ready_draft(client, as_user, title="Not yet")
        mine = await client.post(
            "/v1/release/release-all", json={"cohort": "Cohort A"}, headers=as_user("maria")
        )
        assert mine.status_code == 200, mine.text
        assert sorted(mine.json()["released"]) == sorted(ids)
        assert mine.json()["failed"] == []
        for fid in ids:
            assert await ctx.store.get_event(f"feedback-published:{fid}") is not None
        assert await ctx.store.get_event(f"feedback-published:{plain}") is None
        empty = await client.post(
            "/v1/release/release-all", json={"cohort": "Cohort A"}, headers=as_user("admin")
        )
        assert empty.json() == {"released": [], "failed": []}
        blank = await client.post(
            "/v1/release/release-all", json={"cohort": ""}, headers=as_user("admin")
        )
        assert blank.status_code == 422
        assert "cohort" in blank.text

    async def test_a_schedule_coming_due_is_held(
        self, app: FastAPI, ctx: Context, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        await set_cohort(app, post_policy="manual")
        fid = await ready_draft(client, as_user)
        at = later(ctx, hours=1)
        assert (await schedule(client, as_user, fid, at)).json()["post_policy"] == "manual"
        ctx.clock = lambda: at
        assert await run_due(ctx) == 0
        status = (await client.get(f"/v1/feedback/{fid}/release", headers=as_user("maria"))).json()
        assert status["release"] == "held"
        assert not await student_sees(client, as_user, fid)
        assert await ctx.store.get_event(f"feedback-published:{fid}") is None
