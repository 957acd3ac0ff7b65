"""Where people touch the service: links that lead to pages of the web app, bulk assignment and
one rule for email addresses, exports that cannot run formulas, text that can reach an email header, and settings
documented as they are."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from campus_testing.emails import EMAIL_CASES
from feedback_service.assignments.schemas import AssignmentIn
from feedback_service.clients.directory import DirectoryUser
from feedback_service.settings import Settings
from feedback_service.store.records import Feedback, State

from .conftest import user_id, write

Headers = Callable[[str], dict[str, str]]
ENV_EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"
# Every line or paragraph separator and control character that could split an email header.
BREAKERS = ["\u2028", "\u2029", "\u0085", "\r", "\n", "\t", "\x1b", "\x7f", "\x0b", "\x0c"]


class TestPlatform:
    async def test_root_redirects_to_web_app(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/")
        assert response.status_code == 307
        # The web app's home: a page that exists for everyone (contract C3).
        assert response.headers["location"] == "http://campus.test/"

    async def test_openapi_declares_problems(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/openapi.json")).json()
        publish_op = spec["paths"]["/v1/feedback/{feedback_id}/publish"]["post"]
        assert {"401", "403", "404", "409"} <= set(publish_op["responses"])


class TestImport:
    async def test_bulk_assignment_dry_run_then_real(
        self, client: httpx.AsyncClient, as_user: Headers, app: FastAPI, setup: None
    ) -> None:
        content = (
            b"mentor_email,student_email,cohort\n"
            b"tom.mentor@campus.local,eli.student@campus.local,Cohort B\n"
            b"maria.mentor@campus.local,alex.student@campus.local,Cohort A\n"
            b"alex.student@campus.local,fay.student@campus.local,\n"
        )
        files = {"file": ("a.csv", content, "text/csv")}
        dry = await client.post("/v1/assignments/import", files=files, headers=as_user("admin"))
        assert (dry.json()["created"], dry.json()["existing"], dry.json()["errors"]) == (1, 1, 1)
        assert [r["status"] for r in dry.json()["rows"]] == ["would_create", "exists", "error"]
        assert (
            await app.state.context.store.find_assignment(
                mentor_id=user_id("tom"), student_id=user_id("eli")
            )
            is None
        )
        real = await client.post(
            "/v1/assignments/import?dry_run=false", files=files, headers=as_user("admin")
        )
        assert real.json()["rows"][0]["status"] == "created"
        listed = await client.get("/v1/assignments", headers=as_user("tom"))
        assert {a["student"]["name"] for a in listed.json()["items"]} == {
            "Dara Haddad",
            "Eli Novak",
        }


class TestOneEmailRule:
    @pytest.mark.parametrize(("given", "normalised"), EMAIL_CASES)
    def test_assignment_addresses(self, given: str, normalised: str | None) -> None:
        if normalised is None:
            with pytest.raises(ValidationError):
                AssignmentIn(mentor_email=given, student_id=uuid.uuid4())
            with pytest.raises(ValidationError):
                AssignmentIn(mentor_id=uuid.uuid4(), student_email=given)
        else:
            assert AssignmentIn(mentor_email=given, student_id=uuid.uuid4()).mentor_email == (
                normalised
            )
            assert AssignmentIn(mentor_id=uuid.uuid4(), student_email=given).student_email == (
                normalised
            )

    @pytest.mark.parametrize(("given", "normalised"), EMAIL_CASES)
    async def test_import_addresses(
        self, client: httpx.AsyncClient, as_user: Headers, given: str, normalised: str | None
    ) -> None:
        out = io.StringIO()
        csv.writer(out).writerows(
            [["mentor_email", "student_email", "cohort"], [given, "alex.student@campus.local", ""]]
        )
        response = await client.post(
            "/v1/assignments/import",
            files={"file": ("a.csv", out.getvalue().encode(), "text/csv")},
            headers=as_user("admin"),
        )
        if normalised is None:
            if response.status_code == 400:  # a file with control characters is refused whole
                assert response.json()["type"].endswith("bad-csv")
                return
            assert response.status_code == 200, response.text
            (row,) = response.json()["rows"]
            assert row["status"] == "error"
            assert "mentor_email" in row["error"]
        else:
            assert response.status_code == 200, response.text
            (row,) = response.json()["rows"]
            assert row["mentor_email"] == normalised
            assert row["status"] == "error"  # no such mentor; the address itself was fine
            assert row["error"] == "The mentor is not an active mentor account."

    async def test_an_address_as_people_type_it_finds_the_account(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        content = (
            b"mentor_email,student_email\n  Maria.Mentor@Campus.LOCAL ,ALEX.student@campus.local\n"
        )
        response = await client.post(
            "/v1/assignments/import",
            files={"file": ("a.csv", content, "text/csv")},
            headers=as_user("admin"),
        )
        assert [r["status"] for r in response.json()["rows"]] == ["would_create"]

    async def test_refused_address_is_a_clear_422(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        response = await client.post(
            "/v1/assignments",
            json={"mentor_email": "m\u0430ria.mentor@campus.local", "student_id": user_id("alex")},
            headers=as_user("admin"),
        )
        assert response.status_code == 422
        assert response.json()["type"].endswith("validation-error")
        assert "ASCII" in response.text


def _feedback(text: str) -> Feedback:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return Feedback(
        id="f1",
        student_id="s1",
        mentor_id="m1",
        cohort=text,
        title=text,
        rubric_version=1,
        scores={"clarity": 3},
        overall_rating=3,
        strengths=text,
        improvements=text,
        comments=text,
        state=State.published,
        created_at=now,
        updated_at=now,
        published_at=now,
        reply=text,
    )


TEXT_COLUMNS = [
    "title",
    "student_name",
    "student_email",
    "mentor_name",
    "cohort",
    "strengths",
    "improvements",
    "comments",
    "reply",
]


class TestExportCannotRunFormulas:
    @pytest.mark.parametrize("column", TEXT_COLUMNS)
    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b"])
    def test_every_text_column(self, column: str, start: str) -> None:
        from feedback_service.insights.export import csv_chunks, header
        from feedback_service.insights.repository import Column, Columns

        payload = f"{start}HYPERLINK(1)"
        names = {
            "s1": DirectoryUser(id="s1", email=payload, name=payload, role="student"),
            "m1": DirectoryUser(id="m1", email=payload, name=payload, role="mentor"),
        }
        criteria = ["clarity"]
        columns = Columns(items={"clarity": Column("clarity", "clarity", "C", "default", "R")})
        text = "".join(csv_chunks([_feedback(payload)], names, columns))
        rows = list(csv.reader(io.StringIO(text)))
        (row,) = rows
        cells = dict(zip(header(criteria), row, strict=True))
        assert cells[column] == "'" + payload

    async def test_through_the_api(
        self, client: httpx.AsyncClient, as_user: Headers, setup: None
    ) -> None:
        draft = await write(
            client,
            as_user,
            title="-1+1",
            scores={"clarity": 3, "depth": 3},
            overall_rating=3,
            strengths="@SUM(A1)",
        )
        assert draft.status_code == 201, draft.text
        fid = draft.json()["id"]
        assert (
            await client.post(f"/v1/feedback/{fid}/publish", headers=as_user("maria"))
        ).status_code == 200
        response = await client.get("/v1/export/feedback.csv", headers=as_user("admin"))
        (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        assert (row["title"], row["strengths"]) == ("'-1+1", "'@SUM(A1)")


class TestSingleLineText:
    @pytest.mark.parametrize("char", BREAKERS)
    async def test_feedback_title(
        self, client: httpx.AsyncClient, as_user: Headers, setup: None, char: str
    ) -> None:
        body = {"student_id": user_id("alex"), "title": f"Week 5{char}Bcc: eve@example.org"}
        created = await client.post("/v1/feedback", json=body, headers=as_user("maria"))
        assert created.status_code == 422, created.text
        draft = await client.post(
            "/v1/feedback", json={**body, "title": "Week 5"}, headers=as_user("maria")
        )
        patched = await client.patch(
            f"/v1/feedback/{draft.json()['id']}",
            json={"title": f"Week{char}5"},
            headers=as_user("maria"),
        )
        assert patched.status_code == 422, patched.text

    @pytest.mark.parametrize("char", BREAKERS)
    @pytest.mark.parametrize("where", ["name", "criterion", "level"])
    async def test_rubric_names(
        self, client: httpx.AsyncClient, as_user: Headers, char: str, where: str
    ) -> None:
        rubric: dict[str, Any] = {
            "name": "Rubric",
            "criteria": [
                {"key": "clarity", "name": "Clarity", "levels": [{"score": 1, "label": "Low"}]}
            ],
        }
        if where == "name":
            rubric["name"] = f"Rub{char}ric"
        elif where == "criterion":
            rubric["criteria"][0]["name"] = f"Cla{char}rity"
        else:
            rubric["criteria"][0]["levels"][0]["label"] = f"Lo{char}w"
        response = await client.put("/v1/rubric", json=rubric, headers=as_user("admin"))
        assert response.status_code == 422, response.text

    @pytest.mark.parametrize("char", BREAKERS)
    async def test_cohort(self, client: httpx.AsyncClient, as_user: Headers, char: str) -> None:
        created = await client.post(
            "/v1/assignments",
            json={
                "mentor_email": "maria.mentor@campus.local",
                "student_email": "alex.student@campus.local",
                "cohort": f"Cohort{char}A",
            },
            headers=as_user("admin"),
        )
        assert created.status_code == 422, created.text
        listed = await client.get(
            "/v1/feedback", params={"cohort": f"Cohort{char}A"}, headers=as_user("admin")
        )
        assert listed.status_code == 422, listed.text
        out = io.StringIO()
        csv.writer(out).writerows(
            [
                ["mentor_email", "student_email", "cohort"],
                ["maria.mentor@campus.local", "alex.student@campus.local", f"Cohort{char}A"],
            ]
        )
        imported = await client.post(
            "/v1/assignments/import",
            files={"file": ("a.csv", out.getvalue().encode(), "text/csv")},
            headers=as_user("admin"),
        )
        assert imported.status_code == 400, imported.text
        assert imported.json()["type"].endswith("bad-csv")


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


class TestEnvExample:
    def test_lists_every_setting(self) -> None:
        names = {name.upper() for name in Settings.model_fields}
        assert sorted(names - set(_env_example())) == []
        assert sorted(set(_env_example()) - names) == []

    def test_values_are_the_real_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in Settings.model_fields:
            monkeypatch.delenv(name.upper(), raising=False)
        defaults = Settings(_env_file=None)
        documented = Settings(_env_file=str(ENV_EXAMPLE))
        assert documented.model_dump() == defaults.model_dump()
