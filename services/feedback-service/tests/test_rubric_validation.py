"""Bad rubrics: each gets a 422 problem+json whose `errors` name the offending field, never a
500, and no new version is saved. Runs on the SQL store of this run (SQLite or PostgreSQL)
and on the MongoDB adapter. Limits: docs/feedback.md, "Rubric limits"."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.demo import DEMO_ACCOUNTS
from feedback_service.rubric.repository import to_rubric
from feedback_service.store.records import Criterion, Level, RubricVersion, utcnow

Headers = Callable[[str], dict[str, str]]
Body = dict[str, Any]
ADMIN = next(a for a in DEMO_ACCOUNTS if a.role == "admin")


def level(score: int, label: str) -> Body:
    return {"score": score, "label": label}


def criterion(key: str, name: str, **extra: Any) -> Body:
    return {"key": key, "name": name, "scale_min": 1, "scale_max": 5, **extra}


def good() -> Body:
    """Three criteria, levels on the second and third, all within the limits."""
    return {
        "name": "Capstone rubric",
        "criteria": [
            criterion("clarity", "Clarity"),
            criterion("depth", "Depth", levels=[level(1, "Shallow"), level(5, "Thorough")]),
            criterion(
                "teamwork",
                "Teamwork",
                levels=[level(1, "Alone"), level(2, "Sometimes"), level(3, "Together")],
            ),
        ],
    }


def edit(change: Callable[[Body], None]) -> Body:
    body = good()
    change(body)
    return body


def many_criteria(count: int) -> Body:
    return {
        "name": "Huge rubric",
        "criteria": [criterion(f"c{i}", f"Criterion {i}") for i in range(count)],
    }


def c2(body: Body) -> Body:
    criterion_: Body = body["criteria"][2]
    return criterion_


# (case, body, where the first error points, inside the body, as the errors list renders it)
BAD: list[tuple[str, Body, list[str]]] = [
    (
        "duplicate level score",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(1, "Again"))),
        ["criteria", "2", "levels", "1", "score"],
    ),
    (
        "duplicate level label",
        edit(lambda b: c2(b)["levels"].__setitem__(2, level(3, " alone "))),
        ["criteria", "2", "levels", "2", "label"],
    ),
    (
        "empty level label",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(2, ""))),
        ["criteria", "2", "levels", "1", "label"],
    ),
    (
        "whitespace-only level label",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(2, "   "))),
        ["criteria", "2", "levels", "1", "label"],
    ),
    (
        "no-break-space-only level label",
        edit(lambda b: c2(b)["levels"].__setitem__(0, level(1, "\u00a0\u2003"))),
        ["criteria", "2", "levels", "0", "label"],
    ),
    (
        "over-long level label",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(2, "x" * 101))),
        ["criteria", "2", "levels", "1", "label"],
    ),
    (
        "level score off the scale",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(6, "Beyond"))),
        ["criteria", "2", "levels", "1", "score"],
    ),
    (
        "huge level score",
        edit(lambda b: c2(b)["levels"].__setitem__(1, level(10**30, "Beyond"))),
        ["criteria", "2", "levels", "1", "score"],
    ),
    (
        "too many levels",
        edit(lambda b: c2(b).update(levels=[level(i, f"L{i}") for i in range(12)])),
        ["criteria", "2", "levels"],
    ),
    (
        "lowest score not below highest",
        edit(lambda b: c2(b).update(scale_min=5, scale_max=5, levels=[])),
        ["criteria", "2", "scale_max"],
    ),
    (
        "empty rubric name",
        edit(lambda b: b.update(name="")),
        ["name"],
    ),
    (
        "whitespace-only rubric name",
        edit(lambda b: b.update(name="   ")),
        ["name"],
    ),
    (
        "over-long rubric name",
        edit(lambda b: b.update(name="R" * 201)),
        ["name"],
    ),
    (
        "whitespace-only criterion name",
        edit(lambda b: c2(b).update(name="  ")),
        ["criteria", "2", "name"],
    ),
    (
        "over-long criterion name",
        edit(lambda b: c2(b).update(name="N" * 101)),
        ["criteria", "2", "name"],
    ),
    (
        "over-long criterion description",
        edit(lambda b: c2(b).update(description="d" * 1001)),
        ["criteria", "2", "description"],
    ),
    (
        "duplicate criterion key",
        edit(lambda b: c2(b).update(key="clarity")),
        ["criteria", "2", "key"],
    ),
    (
        "duplicate criterion name",
        edit(lambda b: c2(b).update(name="  clarity ")),
        ["criteria", "2", "name"],
    ),
    (
        "over-long level descriptor",
        edit(lambda b: c2(b)["levels"][1].update(descriptor="d" * 501)),
        ["criteria", "2", "levels", "1", "descriptor"],
    ),
    (
        "weight zero",
        edit(lambda b: c2(b).update(weight=0)),
        ["criteria", "2", "weight"],
    ),
    (
        "weight above ten",
        edit(lambda b: c2(b).update(weight=11)),
        ["criteria", "2", "weight"],
    ),
    (
        "fractional weight",
        edit(lambda b: c2(b).update(weight=1.5)),
        ["criteria", "2", "weight"],
    ),
    (
        "weight as text",
        edit(lambda b: c2(b).update(weight="3")),
        ["criteria", "2", "weight"],
    ),
    (
        "weight as true",
        edit(lambda b: c2(b).update(weight=True)),
        ["criteria", "2", "weight"],
    ),
    (
        "descriptor not text",
        edit(lambda b: c2(b)["levels"][0].update(descriptor=["a"])),
        ["criteria", "2", "levels", "0", "descriptor"],
    ),
    (
        "50 criteria",
        many_criteria(50),
        ["criteria"],
    ),
    (
        "no criteria",
        many_criteria(0),
        ["criteria"],
    ),
]


@pytest.fixture(params=["sql", "mongo"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "sql":
        return {}
    return {"database_url": request.getfixturevalue("mongo_url")}


class TestBadRubric:
    @pytest.mark.parametrize(("case", "body", "loc"), BAD, ids=[c for c, _, _ in BAD])
    async def test_refused_naming_the_field(
        self, client: httpx.AsyncClient, as_user: Headers, case: str, body: Body, loc: list[str]
    ) -> None:
        admin = as_user("admin")
        assert (await client.put("/v1/rubric", json=good(), headers=admin)).status_code == 200

        response = await client.put("/v1/rubric", json=copy.deepcopy(body), headers=admin)

        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["status"] == 422
        assert problem["errors"][0]["loc"] == ["body", *loc], problem["errors"]
        assert problem["detail"].startswith(".".join(loc) + ": "), problem["detail"]
        versions = (await client.get("/v1/rubric/versions", headers=admin)).json()["items"]
        assert [v["version"] for v in versions] == [1], "nothing saved"
        assert (await client.get("/v1/rubric", headers=admin)).json()["name"] == "Capstone rubric"

    async def test_every_problem_of_a_criterion_listed(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        body = good()
        c2(body)["levels"] = [level(1, "Alone"), level(1, "ALONE"), level(9, "   ")]

        response = await client.put("/v1/rubric", json=body, headers=as_user("admin"))

        assert response.status_code == 422, response.text
        located = {(tuple(e["loc"][1:]), e["type"]) for e in response.json()["errors"]}
        assert located == {
            (("criteria", "2", "levels", "1", "score"), "duplicate_score"),
            (("criteria", "2", "levels", "1", "label"), "duplicate_label"),
            (("criteria", "2", "levels", "2", "label"), "blank"),
            (("criteria", "2", "levels", "2", "score"), "score_off_scale"),
        }
        assert (await client.get("/v1/rubric", headers=as_user("admin"))).status_code == 404

    async def test_blank_name_reported_with_the_level_problems(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        body = edit(lambda b: b.update(name="   "))
        c2(body)["levels"][1]["score"] = 1
        body["criteria"][0]["name"] = " "

        response = await client.put("/v1/rubric", json=body, headers=as_user("admin"))

        assert response.status_code == 422, response.text
        assert {tuple(e["loc"]) for e in response.json()["errors"]} == {
            ("body", "name"),
            ("body", "criteria", "0", "name"),
            ("body", "criteria", "2", "levels", "1", "score"),
        }


class TestEmptyText:
    @pytest.mark.parametrize(
        ("where", "loc"),
        [
            (lambda b: b.update(name=""), ["name"]),
            (lambda b: c2(b).update(name=""), ["criteria", "2", "name"]),
            (
                lambda b: c2(b)["levels"][1].update(label=""),
                ["criteria", "2", "levels", "1", "label"],
            ),
        ],
        ids=["rubric name", "criterion name", "level label"],
    )
    async def test_says_it_must_not_be_empty(
        self,
        client: httpx.AsyncClient,
        as_user: Headers,
        where: Callable[[Body], None],
        loc: list[str],
    ) -> None:
        response = await client.put("/v1/rubric", json=edit(where), headers=as_user("admin"))

        assert response.status_code == 422, response.text
        error = response.json()["errors"][0]
        assert error["loc"] == ["body", *loc]
        assert error["msg"] == "must not be empty or only spaces", error


class TestRubricAtTheLimits:
    async def test_twenty_criteria_of_eleven_levels_saved(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        body = {
            "name": "R" * 200,
            "criteria": [
                criterion(
                    f"c{i}",
                    f"Criterion {i} " + "n" * 80,
                    description="d" * 1000,
                    scale_min=0,
                    scale_max=10,
                    levels=[level(s, f"Level {s} " + "l" * 90) for s in range(11)],
                )
                for i in range(20)
            ],
        }

        response = await client.put("/v1/rubric", json=body, headers=as_user("admin"))

        assert response.status_code == 200, response.text
        saved = (await client.get("/v1/rubric", headers=as_user("maria"))).json()
        assert len(saved["criteria"]) == 20
        assert [lv["score"] for lv in saved["criteria"][19]["levels"]] == list(range(11))


class TestDescriptorsAndWeights:
    async def test_saved_and_read_back_in_order(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        body = good()
        c2(body)["weight"] = 3
        c2(body)["levels"][0]["descriptor"] = "Works alone, rarely shares.\nAsks late."

        response = await client.put("/v1/rubric", json=body, headers=as_user("admin"))

        assert response.status_code == 200, response.text
        saved = (await client.get("/v1/rubric", headers=as_user("maria"))).json()
        assert [c["weight"] for c in saved["criteria"]] == [1, 1, 3]
        assert [lv["descriptor"] for lv in saved["criteria"][2]["levels"]] == [
            "Works alone, rarely shares.\nAsks late.",
            "",
            "",
        ]


class TestVersionSavedBeforeTheRules:
    async def test_blank_and_repeated_labels_still_read_back(
        self, app: FastAPI, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        levels = [Level(score=1, label="  "), Level(score=2, label="Same"), Level(2, "same")]
        await app.state.context.store.add_rubric(
            RubricVersion(
                version=1,
                name=" ",
                criteria=[Criterion("a", "A", "", 1, 5, levels), Criterion("b", "a", "", 1, 5)],
                created_at=utcnow(),
                created_by=str(ADMIN.id),
            )
        )

        for path in ("/v1/rubric", "/v1/rubric/versions/1"):
            response = await client.get(path, headers=as_user("maria"))
            assert response.status_code == 200, response.text
            assert [lv["label"] for lv in response.json()["criteria"][0]["levels"]] == [
                "  ",
                "Same",
                "same",
            ]
            criterion_ = response.json()["criteria"][0]
            assert criterion_["weight"] == 1
            assert [lv["descriptor"] for lv in criterion_["levels"]] == ["", "", ""]


class TestStoredBeforeWeightsAndDescriptors:
    def test_missing_fields_read_as_weight_one_and_no_descriptor(self) -> None:
        stored = {
            "name": "Old rubric",
            "criteria": [
                {
                    "key": "clarity",
                    "name": "Clarity",
                    "description": "",
                    "scale_min": 1,
                    "scale_max": 5,
                    "levels": [{"score": 1, "label": "Vague"}],
                }
            ],
            "created_at": utcnow(),
            "created_by": str(ADMIN.id),
        }

        rubric = to_rubric(stored, version=1)

        assert rubric.criteria[0].weight == 1
        assert rubric.criteria[0].levels == [Level(score=1, label="Vague", descriptor="")]
