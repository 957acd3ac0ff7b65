"""Cohort filters that forgive: part of the name, any case, accents and dash variants, on the
assignments list, the feedback list and counts and the CSV export, on SQL (SQLite or PostgreSQL
per TEST_DATABASE) and MongoDB. A cohort's trend still names one exact cohort."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from feedback_service.feedback.cohorts import matching

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]
REVIEW = "Week 8 — Révision"


@pytest.fixture(params=["sql", "mongo"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "mongo":
        return {"database_url": request.getfixturevalue("mongo_url")}
    return {}


@pytest.fixture
async def cohorts(setup: None, client: httpx.AsyncClient, as_user: Headers) -> None:
    """Cohort A (the setup's), and Tom mentoring Alex under "Week 8 — Révision"; one published
    feedback in each."""
    r = await client.post(
        "/v1/assignments",
        json={
            "mentor_email": "tom.mentor@campus.local",
            "student_email": "alex.student@campus.local",
            "cohort": REVIEW,
        },
        headers=as_user("admin"),
    )
    assert r.status_code == 201, r.text
    for mentor, title in (("maria", "In cohort A"), ("tom", "In week 8")):
        draft = await write(
            client,
            as_user,
            by=mentor,
            title=title,
            scores={"clarity": 3, "depth": 4},
            overall_rating=4,
            strengths="Tests",
        )
        assert draft.status_code == 201, draft.text
        fid = draft.json()["id"]
        published = await client.post(f"/v1/feedback/{fid}/publish", headers=as_user(mentor))
        assert published.status_code == 200, published.text


async def assigned(client: httpx.AsyncClient, as_user: Headers, cohort: str) -> set[str]:
    r = await client.get("/v1/assignments", params={"cohort": cohort}, headers=as_user("admin"))
    assert r.status_code == 200, r.text
    return {a["cohort"] for a in r.json()["items"]}


async def titles(client: httpx.AsyncClient, as_user: Headers, cohort: str) -> list[str]:
    r = await client.get("/v1/feedback", params={"cohort": cohort}, headers=as_user("admin"))
    assert r.status_code == 200, r.text
    return sorted(f["title"] for f in r.json()["items"])


@pytest.mark.usefixtures("cohorts")
class TestCohortFilters:
    async def test_assignments_by_partial_text(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        assert await assigned(client, as_user, "week 8 - revision") == {REVIEW}
        assert await assigned(client, as_user, "WEEK 8 \u2013 REVI") == {REVIEW}
        assert await assigned(client, as_user, "cohort") == {"Cohort A"}
        assert await assigned(client, as_user, "o") == {"Cohort A", REVIEW}
        assert await assigned(client, as_user, "nobody") == set()
        everyone = await client.get("/v1/assignments", headers=as_user("admin"))
        assert len(everyone.json()["items"]) == 4

    async def test_a_mentor_still_sees_only_their_own(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        r = await client.get("/v1/assignments", params={"cohort": "o"}, headers=as_user("tom"))
        assert {a["student"]["id"] for a in r.json()["items"]} == {
            user_id("alex"),
            user_id("dara"),
        }

    async def test_feedback_list_and_counts(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        assert await titles(client, as_user, "revision") == ["In week 8"]
        assert await titles(client, as_user, "week 8 - ") == ["In week 8"]
        assert await titles(client, as_user, "COHORT a") == ["In cohort A"]
        assert await titles(client, as_user, "zzz") == []
        counts = await client.get(
            "/v1/feedback/counts", params={"cohort": "révi"}, headers=as_user("admin")
        )
        assert counts.json()["total"] == 1
        nothing = await client.get(
            "/v1/feedback/counts", params={"cohort": "zzz"}, headers=as_user("admin")
        )
        assert nothing.json()["total"] == 0

    async def test_export_selection(self, client: httpx.AsyncClient, as_user: Headers) -> None:
        r = await client.get(
            "/v1/export/feedback.csv", params={"cohort": "week 8"}, headers=as_user("admin")
        )
        assert r.status_code == 200, r.text
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert len(rows) == 2  # the header and the one feedback of week 8
        assert "In week 8" in rows[1]

    async def test_the_filter_stays_inside_what_one_may_see(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        alex = await client.get("/v1/feedback", params={"cohort": "week"}, headers=as_user("alex"))
        assert [f["title"] for f in alex.json()["items"]] == ["In week 8"]
        bea = await client.get("/v1/feedback", params={"cohort": "o"}, headers=as_user("bea"))
        assert bea.json()["items"] == []

    async def test_control_characters_still_422(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        r = await client.get(
            "/v1/assignments", params={"cohort": "a\x00"}, headers=as_user("admin")
        )
        assert r.status_code == 422


class TestMatching:
    def test_blank_is_no_filter(self) -> None:
        assert matching(None, ["A"]) is None
        assert matching("  ", ["A"]) is None

    def test_folded_containment_sorted(self) -> None:
        cohorts = ["Week 8 — Révision", "week 9", None, "Cohort A", "Week 8 — Révision"]
        assert matching("WEEK", cohorts) == ("Week 8 — Révision", "week 9")
        assert matching("8 - rev", cohorts) == ("Week 8 — Révision",)
        assert matching("nothing", cohorts) == ()
