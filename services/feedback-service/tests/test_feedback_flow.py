"""Feedback through the API, with the real auth directory: drafts, publishing, edits with
history, rubric versions, the student's side, lists, counts, trends and export."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]


async def publish(
    client: httpx.AsyncClient, as_user: Headers, *, student: str = "alex", **fields: Any
) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "title": "Week 1 review",
        "scores": {"clarity": 3, "depth": 4},
        "overall_rating": 4,
        "strengths": "Careful tests",
    }
    draft = await write(client, as_user, student=student, **{**defaults, **fields})
    assert draft.status_code == 201, draft.text
    published = await client.post(
        f"/v1/feedback/{draft.json()['id']}/publish", headers=as_user("maria")
    )
    assert published.status_code == 200, published.text
    data: dict[str, Any] = published.json()
    return data


@pytest.mark.usefixtures("setup")
class TestDraftsAndPublishing:
    async def test_draft_hidden_until_published(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        draft = await write(client, as_user, title="Week 2", scores={"clarity": 2})
        assert draft.status_code == 201
        fid = draft.json()
        assert fid["student_name"] == "Alex Rivera"
        assert fid["mentor_name"] == "Maria Okafor"
        assert (
            await client.get(f"/v1/feedback/{fid['id']}", headers=as_user("alex"))
        ).status_code == 404
        listed = await client.get("/v1/feedback", headers=as_user("alex"))
        assert listed.json()["items"] == []
        autosave = await client.patch(
            f"/v1/feedback/{fid['id']}",
            json={"scores": {"clarity": 2, "depth": 5}, "overall_rating": 3},
            headers=as_user("maria"),
        )
        assert autosave.status_code == 200
        assert autosave.json()["edited"] is False
        published = await client.post(f"/v1/feedback/{fid['id']}/publish", headers=as_user("maria"))
        assert published.json()["state"] == "published"
        seen = await client.get(f"/v1/feedback/{fid['id']}", headers=as_user("alex"))
        assert seen.status_code == 200
        assert seen.json()["scores"] == {"clarity": 2, "depth": 5}

    async def test_incomplete_draft_not_published(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        draft = await write(client, as_user, title="Half done", scores={"clarity": 2})
        response = await client.post(
            f"/v1/feedback/{draft.json()['id']}/publish", headers=as_user("maria")
        )
        assert response.status_code == 422
        assert response.json()["type"].endswith("incomplete-feedback")

    async def test_scores_checked_against_rubric(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        for scores, slug in (
            ({"clarity": 9}, "score-out-of-scale"),
            ({"nope": 1}, "unknown-criterion"),
        ):
            response = await write(client, as_user, title="x", scores=scores)
            assert response.status_code == 422
            assert response.json()["type"].endswith(slug)


@pytest.mark.usefixtures("setup")
class TestHistoryAndVersions:
    async def test_published_edit_keeps_earlier_text(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fb = await publish(client, as_user)
        edit = await client.patch(
            f"/v1/feedback/{fb['id']}",
            json={
                "strengths": "Careful tests and clear commits",
                "scores": {"clarity": 5, "depth": 4},
            },
            headers=as_user("maria"),
        )
        assert edit.status_code == 200
        assert edit.json()["edited"] is True
        history = await client.get(f"/v1/feedback/{fb['id']}/history", headers=as_user("maria"))
        assert history.status_code == 200
        (revision,) = history.json()["revisions"]
        assert revision["editor_name"] == "Maria Okafor"
        assert revision["changes"]["strengths"] == {
            "before": "Careful tests",
            "after": "Careful tests and clear commits",
        }
        assert revision["changes"]["scores"]["before"] == {"clarity": 3, "depth": 4}
        admin_view = await client.get(f"/v1/feedback/{fb['id']}/history", headers=as_user("admin"))
        assert admin_view.json()["revisions"] == history.json()["revisions"]
        assert (
            await client.get(f"/v1/feedback/{fb['id']}/history", headers=as_user("alex"))
        ).status_code == 403

    async def test_rubric_edit_leaves_old_feedback_alone(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fb = await publish(client, as_user)
        new = {"name": "v2", "criteria": [{"key": "teamwork", "name": "Teamwork", "scale_max": 3}]}
        saved = await client.put("/v1/rubric", json=new, headers=as_user("admin"))
        assert saved.json()["version"] == 2
        old = await client.get(f"/v1/feedback/{fb['id']}", headers=as_user("alex"))
        assert old.json()["rubric_version"] == 1
        assert old.json()["scores"] == {"clarity": 3, "depth": 4}
        v1 = await client.get("/v1/rubric/versions/1", headers=as_user("alex"))
        assert [c["key"] for c in v1.json()["criteria"]] == ["clarity", "depth"]
        assert v1.json()["criteria"][0]["levels"][1]["label"] == "Crystal clear"
        still_editable = await client.patch(
            f"/v1/feedback/{fb['id']}",
            json={"scores": {"clarity": 4, "depth": 4}},
            headers=as_user("maria"),
        )
        assert still_editable.status_code == 200
        fresh = await write(client, as_user, title="New", scores={"teamwork": 3})
        assert fresh.json()["rubric_version"] == 2


@pytest.mark.usefixtures("setup")
class TestStudentSide:
    async def test_acknowledge_and_reply_once(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fb = await publish(client, as_user)
        ack = await client.post(f"/v1/feedback/{fb['id']}/acknowledge", headers=as_user("alex"))
        assert ack.json()["acknowledged_at"] is not None
        first = await client.post(
            f"/v1/feedback/{fb['id']}/reply",
            json={"comment": "Thank you!"},
            headers=as_user("alex"),
        )
        assert first.status_code == 200
        again = await client.post(
            f"/v1/feedback/{fb['id']}/reply", json={"comment": "Again"}, headers=as_user("alex")
        )
        assert again.status_code == 409
        thread = await client.get(f"/v1/feedback/{fb['id']}/messages", headers=as_user("maria"))
        [message] = thread.json()["messages"]  # the reply is the thread's first message
        assert (message["body"], message["author_role"]) == ("Thank you!", "student")

    async def test_withdrawn_feedback_disappears(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fb = await publish(client, as_user)
        done = await client.post(
            f"/v1/feedback/{fb['id']}/withdraw",
            json={"reason": "Duplicate"},
            headers=as_user("admin"),
        )
        assert done.json()["state"] == "withdrawn"
        assert done.json()["withdrawn_reason"] == "Duplicate"
        for who in ("alex", "maria"):  # who could see it: when and why, not the feedback
            gone = await client.get(f"/v1/feedback/{fb['id']}", headers=as_user(who))
            assert gone.status_code == 410
            problem = gone.json()
            assert problem["type"].endswith("/feedback-withdrawn")
            assert (problem["reason"], problem["feedback_title"]) == ("Duplicate", "Week 1 review")
            assert problem["withdrawn_at"] == done.json()["withdrawn_at"].replace("Z", "+00:00")
            assert "strengths" not in problem
        for who in ("bea", "tom"):  # who never could: nothing at all
            assert (
                await client.get(f"/v1/feedback/{fb['id']}", headers=as_user(who))
            ).status_code == 404
        listed = await client.get("/v1/feedback?state=withdrawn", headers=as_user("admin"))
        assert [f["id"] for f in listed.json()["items"]] == [fb["id"]]


@pytest.mark.usefixtures("setup")
class TestListsAndInsights:
    async def test_cursor_pages_filters_and_counts(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        ids = [(await publish(client, as_user, title=f"Week {i}"))["id"] for i in range(5)]
        await publish(client, as_user, student="bea")
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, "student_id": user_id("alex")}
            if cursor:
                params["cursor"] = cursor
            page = (
                await client.get("/v1/feedback", params=params, headers=as_user("maria"))
            ).json()
            seen += [f["id"] for f in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == list(reversed(ids))
        await client.post(f"/v1/feedback/{ids[0]}/acknowledge", headers=as_user("alex"))
        counts = (await client.get("/v1/feedback/counts", headers=as_user("maria"))).json()
        assert counts["by_state"] == {"published": 6}
        assert (counts["acknowledged"], counts["unacknowledged"]) == (1, 5)
        unacked = await client.get("/v1/feedback?acknowledged=false", headers=as_user("alex"))
        assert len(unacked.json()["items"]) == 4
        bad = await client.get("/v1/feedback?cursor=@@@", headers=as_user("alex"))
        assert bad.status_code == 400

    async def test_trends(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        for clarity in (2, 4, 3):
            await publish(client, as_user, scores={"clarity": clarity, "depth": 4})
        trend = (
            await client.get(f"/v1/students/{user_id('alex')}/trends", headers=as_user("alex"))
        ).json()
        clarity_series = next(c for c in trend["criteria"] if c["key"] == "clarity")
        assert [p["score"] for p in clarity_series["points"]] == [2, 4, 3]
        assert [p["running_average"] for p in clarity_series["points"]] == [2.0, 3.0, 3.0]
        cohort = (
            await client.get(
                "/v1/cohorts/trends", params={"cohort": "Cohort A"}, headers=as_user("admin")
            )
        ).json()
        assert cohort["feedback_count"] == 3
        assert {c["key"]: c["average"] for c in cohort["criteria"]} == {
            "clarity": 3.0,
            "depth": 4.0,
        }

    async def test_csv_export(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        await publish(client, as_user, comments="=HYPERLINK(1)")
        response = await client.get("/v1/export/feedback.csv", headers=as_user("admin"))
        assert response.status_code == 200
        assert response.content.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        (row,) = rows
        assert row["score_clarity"] == "3"
        assert row["student_email"] == "alex.student@campus.local"
        assert row["created_at"].endswith("+00:00")
        assert row["comments"] == "'=HYPERLINK(1)"
        toms = await client.get("/v1/export/feedback.csv", headers=as_user("tom"))
        assert len(list(csv.DictReader(io.StringIO(toms.content.decode("utf-8-sig"))))) == 0


@pytest.mark.usefixtures("setup")
class TestBadInput:
    """Bad input is a clear 4xx problem, never a 500 (PostgreSQL refuses NUL characters)."""

    async def test_malformed_ids_and_control_characters(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        checks = [
            await client.get("/v1/feedback/not-a-uuid", headers=admin),
            await client.get("/v1/students/%00/trends", headers=admin),
            await client.get("/v1/feedback", params={"cohort": "a\x00b"}, headers=admin),
            await client.get("/v1/cohorts/trends", params={"cohort": "\x00"}, headers=admin),
            await write(client, as_user, title="nul\x00"),
            await client.put(
                "/v1/rubric",
                json={"name": "x", "criteria": [{"key": "a", "name": "A\x00"}]},
                headers=admin,
            ),
        ]
        assert [r.status_code for r in checks] == [422] * 6
        assert all(r.headers["content-type"] == "application/problem+json" for r in checks)
        csv_nul = await client.post(
            "/v1/assignments/import",
            files={"file": ("a.csv", b"mentor_email,student_email,cohort\na@x,b@y,c\x00\n")},
            headers=admin,
        )
        assert csv_nul.status_code == 400
        broken = await client.post(
            "/v1/assignments/import",
            files={"file": ("a.csv", b'\rl\xc3\xb1\r\n"unterminated')},
            headers=admin,
        )
        assert broken.status_code == 400
        assert broken.json()["type"].endswith("bad-csv")


@pytest.mark.usefixtures("setup")
class TestConcurrency:
    async def test_two_replies_at_once_keep_one(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fb = await publish(client, as_user)
        url = f"/v1/feedback/{fb['id']}/reply"
        first, second = await asyncio.gather(
            client.post(url, json={"comment": "one"}, headers=as_user("alex")),
            client.post(url, json={"comment": "two"}, headers=as_user("alex")),
        )
        assert sorted([first.status_code, second.status_code]) == [200, 409]
        winner = "one" if first.status_code == 200 else "two"
        thread = await client.get(f"/v1/feedback/{fb['id']}/messages", headers=as_user("maria"))
        assert [m["body"] for m in thread.json()["messages"]] == [winner]

    async def test_two_publishes_at_once_queue_one_event(
        self, client: httpx.AsyncClient, as_user: Headers, app: FastAPI
    ) -> None:
        draft = await write(
            client, as_user, title="Race", scores={"clarity": 3, "depth": 3}, overall_rating=3
        )
        url = f"/v1/feedback/{draft.json()['id']}/publish"
        results = await asyncio.gather(
            *(client.post(url, headers=as_user("maria")) for _ in range(3))
        )
        assert 200 in {r.status_code for r in results}
        assert {r.status_code for r in results} <= {200, 409}
        event = await app.state.context.store.get_event(f"feedback-published:{draft.json()['id']}")
        assert event is not None
