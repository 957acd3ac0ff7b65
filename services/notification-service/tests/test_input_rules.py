"""The platform's input rules at this service's API: the one email rule (the shared table of
cases) and single-line text wherever it can reach an email header."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from campus_testing.emails import EMAIL_CASES
from campus_testing.problems import assert_problem

SEPARATORS = {"U+2028": "\u2028", "U+2029": "\u2029", "U+0085": "\u0085"}


@pytest.mark.parametrize(("address", "expected"), EMAIL_CASES)
class TestOneEmailRule:
    async def test_verification_recipient(
        self, internal: httpx.AsyncClient, address: str, expected: str | None
    ) -> None:
        response = await internal.post(
            "/v1/verifications", json={"to": address, "purpose": "login"}
        )
        if expected is None:
            assert_problem(response, 422)
        else:
            assert response.status_code == 201, response.text
            assert response.json()["to"] == expected

    async def test_notification_recipient(
        self, internal: httpx.AsyncClient, address: str, expected: str | None
    ) -> None:
        response = await internal.post(
            "/v1/notifications",
            json={
                "template": "password_changed",
                "to": address,
                "data": {},
                "idempotency_key": "rule:" + hashlib.sha256(address.encode()).hexdigest(),
            },
        )
        if expected is None:
            assert_problem(response, 422)
        else:
            assert response.status_code == 202, response.text

    async def test_mailbox_filter(
        self, client: httpx.AsyncClient, address: str, expected: str | None
    ) -> None:
        response = await client.get("/mailbox/api/messages", params={"to": address})
        if expected is None and address.strip():
            assert_problem(response, 422)
        else:
            assert response.status_code == 200, response.text


def feedback(**data: Any) -> dict[str, Any]:
    values = {
        "student_name": "Dara Haddad",
        "mentor_name": "Tom Lindqvist",
        "title": "Week 3",
        "url": "http://localhost:8080/feedback/42",
        **data,
    }
    return {
        "template": "feedback_published",
        "to": "dara.student@campus.local",
        "data": values,
        "idempotency_key": "feedback-published:42",
    }


@pytest.mark.parametrize("separator", SEPARATORS.values(), ids=SEPARATORS.keys())
class TestHeaderTextIsOneLine:
    """Text with a line or paragraph separator is refused with a 422 at the API, instead of being
    queued and then failing at delivery."""

    @pytest.mark.parametrize("field", ["title", "student_name", "mentor_name"])
    async def test_feedback_fields(
        self, internal: httpx.AsyncClient, separator: str, field: str
    ) -> None:
        response = await internal.post(
            "/v1/notifications", json=feedback(**{field: f"Week{separator}Bcc: eve@example.org"})
        )
        assert_problem(response, 422)
        assert field in response.text

    @pytest.mark.parametrize("template", ["invitation", "password_changed"])
    async def test_names_of_other_templates(
        self, internal: httpx.AsyncClient, separator: str, template: str
    ) -> None:
        response = await internal.post(
            "/v1/notifications",
            json={
                "template": template,
                "to": "dara.student@campus.local",
                "data": {"name": f"Dara{separator}Haddad"},
                "idempotency_key": f"{template}:1",
            },
        )
        assert_problem(response, 422)

    async def test_verification_name(self, internal: httpx.AsyncClient, separator: str) -> None:
        response = await internal.post(
            "/v1/verifications",
            json={
                "to": "dara.student@campus.local",
                "purpose": "login",
                "data": {"name": f"Dara{separator}Haddad"},
            },
        )
        assert_problem(response, 422)

    async def test_idempotency_key(self, internal: httpx.AsyncClient, separator: str) -> None:
        body = feedback()
        body["idempotency_key"] = f"feedback{separator}42"
        response = await internal.post("/v1/notifications", json=body)
        assert_problem(response, 422)


async def test_ordinary_unicode_names_still_pass(internal: httpx.AsyncClient) -> None:
    response = await internal.post(
        "/v1/notifications", json=feedback(student_name="Zoë Ångström", title="Åtta: REST")
    )
    assert response.status_code == 202, response.text
