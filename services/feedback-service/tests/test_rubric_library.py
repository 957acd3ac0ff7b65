"""The rubric library and cohort settings through the API, on the SQL store of this run
(SQLite or PostgreSQL) and on the MongoDB adapter: several rubrics each with its versions, a
cohort's rubric picked for its new feedback, and the refusals (404, 409, 422 naming the field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from campus_testing.problems import assert_problem

from .conftest import RUBRIC, user_id, write

Headers = Callable[[str], dict[str, str]]
Body = dict[str, Any]

WRITING: Body = {
    "name": "Writing rubric",
    "criteria": [
        {
            "key": "voice",
            "name": "Voice",
            "scale_min": 0,
            "scale_max": 3,
            "levels": [{"score": 0, "label": "Absent"}, {"score": 3, "label": "Distinct"}],
        },
        {"key": "structure", "name": "Structure", "scale_min": 1, "scale_max": 4},
    ],
}


@pytest.fixture(params=["sql", "mongo"])
def settings_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "sql":
        return {}
    return {"database_url": request.getfixturevalue("mongo_url")}


async def create(client: httpx.AsyncClient, as_user: Headers, body: Body = WRITING) -> Body:
    response = await client.post("/v1/rubrics", json=body, headers=as_user("admin"))
    assert response.status_code == 201, response.text
    created: Body = response.json()
    return created


async def assign(
    client: httpx.AsyncClient, as_user: Headers, rubric_id: str | None, cohort: str = "Cohort A"
) -> httpx.Response:
    return await client.put(
        f"/v1/cohorts/{cohort}/settings",
        json={"rubric_id": rubric_id, "post_policy": "automatic", "self_assessment": False},
        headers=as_user("admin"),
    )


class TestLibrary:
    async def test_rubrics_keep_their_own_versions_numbered_across_the_library(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        writing = await create(client, as_user)
        assert writing["current"]["version"] == 2  # the default rubric has version 1
        assert (writing["name"], writing["archived"], writing["is_default"]) == (
            "Writing rubric",
            False,
            False,
        )
        again = await client.post(
            f"/v1/rubrics/{writing['id']}/versions",
            json={**WRITING, "name": "Writing rubric 2"},
            headers=admin,
        )
        assert again.status_code == 201, again.text
        assert (again.json()["version"], again.json()["rubric_id"]) == (3, writing["id"])
        saved = await client.put("/v1/rubric", json=RUBRIC, headers=admin)
        assert saved.json()["version"] == 4
        listed = (await client.get("/v1/rubrics", headers=admin)).json()["items"]
        assert [(r["id"], r["name"], r["current"]["version"]) for r in listed] == [
            ("default", "Mentoring rubric", 4),
            (writing["id"], "Writing rubric 2", 3),
        ]
        versions = await client.get(f"/v1/rubrics/{writing['id']}/versions", headers=admin)
        assert [v["version"] for v in versions.json()["items"]] == [2, 3]
        legacy = await client.get("/v1/rubric/versions", headers=admin)
        assert [v["version"] for v in legacy.json()["items"]] == [1, 4]
        # Any version is read by its number, whatever its rubric (feedback keeps its version).
        old = await client.get("/v1/rubric/versions/2", headers=as_user("maria"))
        assert old.json()["criteria"][0]["key"] == "voice"

    async def test_rename_archive_restore(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        writing = await create(client, as_user)
        path = f"/v1/rubrics/{writing['id']}"
        renamed = await client.patch(path, json={"name": "Essays"}, headers=admin)
        assert renamed.json()["name"] == "Essays"
        assert renamed.json()["current"]["name"] == "Writing rubric"  # versions keep theirs
        archived = await client.post(f"{path}/archive", headers=admin)
        assert archived.json()["archived"] is True
        assert_problem(await client.post(f"{path}/versions", json=WRITING, headers=admin), 409)
        assert_problem(await assign(client, as_user, writing["id"]), 409, "rubric-archived")
        restored = await client.post(f"{path}/restore", headers=admin)
        assert restored.json()["archived"] is False
        assert (await assign(client, as_user, writing["id"])).status_code == 200
        in_use = assert_problem(await client.post(f"{path}/archive", headers=admin), 409)
        assert in_use["cohorts"] == ["Cohort A"]
        assert_problem(
            await client.post("/v1/rubrics/default/archive", headers=admin), 409, "default-rubric"
        )

    async def test_unknown_rubric(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        for method, path in (
            ("GET", "/v1/rubrics/nope"),
            ("GET", "/v1/rubrics/nope/versions"),
            ("PATCH", "/v1/rubrics/nope"),
            ("POST", "/v1/rubrics/nope/versions"),
            ("POST", "/v1/rubrics/nope/archive"),
        ):
            body = {"name": "X"} if method == "PATCH" else WRITING if "versions" in path else None
            response = await client.request(method, path, json=body, headers=admin)
            assert_problem(response, 404, "rubric-not-found")
        problem = assert_problem(await assign(client, as_user, "nope"), 422, "unknown-rubric")
        assert problem["errors"][0]["loc"] == ["body", "rubric_id"]
        bad_id = await client.get("/v1/rubrics/no%20pe", headers=admin)
        assert assert_problem(bad_id, 422)["errors"][0]["loc"] == ["path", "rubric_id"]


def c0(body: Body) -> Body:
    first: Body = body["criteria"][0]
    return first


# The refusals the issue names, on the library's two writing routes.
BAD: list[tuple[str, Body, list[str]]] = [
    (
        "duplicate level scores",
        {**WRITING, "criteria": [{**c0(WRITING), "levels": [{"score": 1, "label": "A"}] * 2}]},
        ["criteria", "0", "levels", "1", "score"],
    ),
    (
        "empty label",
        {**WRITING, "criteria": [{**c0(WRITING), "levels": [{"score": 1, "label": ""}]}]},
        ["criteria", "0", "levels", "0", "label"],
    ),
    ("over-long name", {**WRITING, "name": "W" * 201}, ["name"]),
    (
        "50 criteria",
        {**WRITING, "criteria": [{"key": f"c{i}", "name": f"C {i}"} for i in range(50)]},
        ["criteria"],
    ),
]


class TestBadInput:
    @pytest.mark.parametrize(("case", "body", "loc"), BAD, ids=[c for c, _, _ in BAD])
    async def test_refused_naming_the_field(
        self,
        setup: None,
        client: httpx.AsyncClient,
        as_user: Headers,
        case: str,
        body: Body,
        loc: list[str],
    ) -> None:
        admin = as_user("admin")
        writing = await create(client, as_user)
        for path in ("/v1/rubrics", f"/v1/rubrics/{writing['id']}/versions"):
            problem = assert_problem(await client.post(path, json=body, headers=admin), 422)
            assert problem["errors"][0]["loc"] == ["body", *loc], (path, problem["errors"])
        listed = (await client.get("/v1/rubrics", headers=admin)).json()["items"]
        assert [r["current"]["version"] for r in listed] == [1, 2], "nothing saved"

    async def test_cohort_settings_fields(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        for body, loc in (
            ({"post_policy": "sometimes"}, ["body", "post_policy"]),
            ({"self_assessment": "yes"}, ["body", "self_assessment"]),
            ({"rubric_id": ""}, ["body", "rubric_id"]),
            ({"colour": "red"}, ["body", "colour"]),
        ):
            response = await client.put("/v1/cohorts/Cohort A/settings", json=body, headers=admin)
            assert assert_problem(response, 422)["errors"][0]["loc"] == loc
        long_name = await client.get(f"/v1/cohorts/{'c' * 201}/settings", headers=admin)
        assert assert_problem(long_name, 422)["errors"][0]["loc"] == ["path", "cohort"]


class TestCohortSettings:
    async def test_defaults_until_set_then_listed_with_the_rubric_name(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        admin = as_user("admin")
        got = (await client.get("/v1/cohorts/Cohort A/settings", headers=admin)).json()
        assert (got["rubric_id"], got["post_policy"], got["self_assessment"]) == (
            "default",
            "automatic",
            False,
        )
        assert got["updated_at"] is None
        writing = await create(client, as_user)
        put = await client.put(
            "/v1/cohorts/Later/settings",
            json={"rubric_id": writing["id"], "post_policy": "manual", "self_assessment": True},
            headers=admin,
        )
        assert put.status_code == 200, put.text
        listed = (await client.get("/v1/cohorts", headers=admin)).json()["items"]
        assert [
            (c["cohort"], c["rubric_name"], c["post_policy"], c["self_assessment"]) for c in listed
        ] == [
            ("Cohort A", "Mentoring rubric", "automatic", False),
            ("Later", "Writing rubric", "manual", True),
        ]


class TestNewFeedbackUsesItsCohortsRubric:
    async def test_the_editor_and_the_service_agree(
        self, app: FastAPI, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        maria = as_user("maria")
        alex = user_id("alex")
        before = await client.get(f"/v1/rubric/for-student/{alex}", headers=maria)
        assert before.json()["rubric_id"] == "default"
        writing = await create(client, as_user)
        assert (await assign(client, as_user, writing["id"])).status_code == 200
        shown = await client.get(f"/v1/rubric/for-student/{alex}", headers=maria)
        assert [c["key"] for c in shown.json()["criteria"]] == ["voice", "structure"]
        assert shown.json()["version"] == writing["current"]["version"]
        refused = await write(client, as_user, title="Old keys", scores={"clarity": 4})
        assert_problem(refused, 422, "unknown-criterion")
        off_scale = await write(client, as_user, title="Off", scores={"voice": 4})
        assert_problem(off_scale, 422, "score-out-of-scale")
        made = await write(client, as_user, title="Essay", scores={"voice": 3, "structure": 1})
        assert made.status_code == 201, made.text
        assert made.json()["rubric_version"] == writing["current"]["version"]
        # Another cohort's rubric does not change feedback already written.
        assert (await assign(client, as_user, None)).status_code == 200
        patched = await client.patch(
            f"/v1/feedback/{made.json()['id']}", json={"scores": {"voice": 2}}, headers=maria
        )
        assert patched.status_code == 200, patched.text
        back = await client.get(f"/v1/rubric/for-student/{alex}", headers=maria)
        assert back.json()["rubric_id"] == "default"

    async def test_who_may_ask(
        self, setup: None, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        alex = user_id("alex")
        path = f"/v1/rubric/for-student/{alex}"
        assert_problem(await client.get(path, headers=as_user("tom")), 404, "student-not-found")
        assert_problem(await client.get(path, headers=as_user("alex")), 403)
        assert (await client.get(path, headers=as_user("admin"))).status_code == 200
        nobody = f"/v1/rubric/for-student/{user_id('fay')}"
        assert_problem(await client.get(nobody, headers=as_user("admin")), 404)
