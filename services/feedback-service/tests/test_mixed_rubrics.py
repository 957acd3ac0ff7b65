"""Trends and the CSV export over feedback written with two library rubrics that share a
criterion key on different scales: each rubric's criteria stay apart, named by their rubric,
never averaged together (SQL store of this run, and MongoDB)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]

# Shares "clarity" with the default rubric (1 to 5), on a scale of its own.
WRITING = {
    "name": "Writing rubric",
    "criteria": [
        {"key": "clarity", "name": "Clear prose", "scale_min": 0, "scale_max": 3},
        {"key": "voice", "name": "Voice", "scale_min": 0, "scale_max": 3},
    ],
}


@pytest.fixture(params=["sql", "mongo"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "sql":
        return {}
    return {"database_url": request.getfixturevalue("mongo_url")}


async def published(client: httpx.AsyncClient, as_user: Headers, **scores: int) -> str:
    made = await write(client, as_user, title="Review", scores=scores, overall_rating=3)
    assert made.status_code == 201, made.text
    feedback_id: str = made.json()["id"]
    done = await client.post(f"/v1/feedback/{feedback_id}/publish", headers=as_user("maria"))
    assert done.status_code == 200, done.text
    return feedback_id


@pytest.fixture
async def mixed(setup: None, client: httpx.AsyncClient, as_user: Headers) -> dict[str, str]:
    """Alex's feedback: one with the default rubric, then (his cohort given the Writing rubric)
    one with the Writing rubric."""
    admin = as_user("admin")
    first = await published(client, as_user, clarity=5, depth=4)
    writing = await client.post("/v1/rubrics", json=WRITING, headers=admin)
    assert writing.status_code == 201, writing.text
    put = await client.put(
        "/v1/cohorts/Cohort A/settings", json={"rubric_id": writing.json()["id"]}, headers=admin
    )
    assert put.status_code == 200, put.text
    second = await published(client, as_user, clarity=1, voice=2)
    return {"default": first, "writing": second}


class TestMixedRubrics:
    async def test_student_trend_keeps_each_rubrics_criteria_apart(
        self, mixed: dict[str, str], client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        trend = await client.get(f"/v1/students/{user_id('alex')}/trends", headers=as_user("admin"))
        assert trend.status_code == 200, trend.text
        series = {c["key"]: c for c in trend.json()["criteria"]}
        assert set(series) == {"clarity", "depth", "writing_rubric.clarity", "writing_rubric.voice"}
        assert [p["score"] for p in series["clarity"]["points"]] == [5]
        assert [p["score"] for p in series["writing_rubric.clarity"]["points"]] == [1]
        assert series["writing_rubric.clarity"]["name"] == "Clear prose (Writing rubric)"
        assert series["writing_rubric.clarity"]["rubric_name"] == "Writing rubric"
        assert (series["clarity"]["name"], series["clarity"]["rubric_id"]) == (
            "Clarity",
            "default",
        )

    async def test_cohort_averages_never_mix_scales(
        self, mixed: dict[str, str], client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        trend = await client.get(
            "/v1/cohorts/trends", params={"cohort": "Cohort A"}, headers=as_user("admin")
        )
        averages = {c["key"]: (c["average"], c["count"]) for c in trend.json()["criteria"]}
        assert averages["clarity"] == (5, 1)
        assert averages["writing_rubric.clarity"] == (1, 1)

    async def test_export_has_columns_per_rubric(
        self, mixed: dict[str, str], client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        response = await client.get("/v1/export/feedback.csv", headers=as_user("admin"))
        assert response.status_code == 200, response.text
        rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
        by_id = {r["id"]: r for r in rows}
        old, new = by_id[mixed["default"]], by_id[mixed["writing"]]
        assert (old["score_clarity"], old["score_writing_rubric.clarity"]) == ("5", "")
        assert (new["score_clarity"], new["score_writing_rubric.clarity"]) == ("", "1")
        assert new["score_writing_rubric.voice"] == "2"
