"""`POST /v1/notifications`: templates, idempotency, validation; the dev mailbox pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from campus_testing.problems import assert_problem

from .conftest import code_in, service_headers

Drain = Callable[[], Awaitable[int]]
TO = "dara.student@campus.local"
FEEDBACK = {
    "template": "feedback_published",
    "to": TO,
    "data": {
        "student_name": "Dara Haddad",
        "mentor_name": "Tom <b>Lindqvist</b>",
        "title": "Week 3: REST APIs",
        "url": "http://localhost:8080/feedback/42",
    },
    "idempotency_key": "feedback-published:42",
}


async def mailbox(client: httpx.AsyncClient, to: str = TO) -> list[dict[str, Any]]:
    response = await client.get("/mailbox/api/messages", params={"to": to})
    assert response.status_code == 200
    messages: list[dict[str, Any]] = response.json()["messages"]
    return messages


class TestQueue:
    async def test_feedback_published_is_queued_rendered_and_escaped(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        response = await internal.post("/v1/notifications", json=FEEDBACK)
        assert response.status_code == 202
        assert response.json()["status"] == "queued"
        assert await drain() == 1
        [message] = await mailbox(client)
        assert message["template"] == "feedback_published"
        assert message["subject"] == "New feedback from Tom <b>Lindqvist</b>: Week 3: REST APIs"
        assert "http://localhost:8080/feedback/42" in message["text"]
        assert "Tom &lt;b&gt;Lindqvist&lt;/b&gt;" in message["html"]
        assert "<b>Lindqvist</b>" not in message["html"]

    async def test_same_idempotency_key_sends_once(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        first = await internal.post("/v1/notifications", json=FEEDBACK)
        second = await internal.post("/v1/notifications", json=FEEDBACK)
        assert (first.status_code, second.status_code) == (202, 200)
        assert first.json()["id"] == second.json()["id"]
        await drain()
        assert len(await mailbox(client)) == 1

    async def test_feedback_without_a_known_mentor_still_goes_out(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        data = {**FEEDBACK["data"], "mentor_name": ""}  # type: ignore[dict-item]
        response = await internal.post("/v1/notifications", json={**FEEDBACK, "data": data})
        assert response.status_code == 202
        await drain()
        [message] = await mailbox(client)
        assert message["subject"] == "New feedback from your mentor: Week 3: REST APIs"
        assert "Your mentor published new feedback" in message["text"]

    async def test_key_reused_for_another_email_is_409(self, internal: httpx.AsyncClient) -> None:
        await internal.post("/v1/notifications", json=FEEDBACK)
        other = {**FEEDBACK, "to": "eli.student@campus.local"}
        response = await internal.post("/v1/notifications", json=other)
        assert response.status_code == 409

    @pytest.mark.parametrize(
        ("template", "data", "needle"),
        [
            (
                "password_changed",
                {"name": "Dara"},
                "password of your Campus account was just changed",
            ),
            ("invitation", {"name": "Dara"}, "You have been invited to Campus"),
        ],
    )
    async def test_other_templates(
        self,
        internal: httpx.AsyncClient,
        client: httpx.AsyncClient,
        drain: Drain,
        template: str,
        data: dict[str, str],
        needle: str,
    ) -> None:
        body = {"template": template, "to": TO, "data": data, "idempotency_key": template}
        assert (await internal.post("/v1/notifications", json=body)).status_code == 202
        await drain()
        [message] = await mailbox(client)
        assert needle in message["text"].replace("\n", " ")
        assert "Hello Dara" in message["html"]

    @pytest.mark.parametrize(
        "change",
        [
            {"template": "login_code"},
            {"data": {"student_name": "x"}},
            {"data": {**FEEDBACK["data"], "title": ""}},  # type: ignore[dict-item]
            {"data": {**FEEDBACK["data"], "extra": "x"}},  # type: ignore[dict-item]
            {"data": {**FEEDBACK["data"], "url": "javascript:alert(1)"}},  # type: ignore[dict-item]
            {"idempotency_key": ""},
        ],
    )
    async def test_bad_payload_is_422(
        self, internal: httpx.AsyncClient, change: dict[str, Any]
    ) -> None:
        response = await internal.post("/v1/notifications", json={**FEEDBACK, **change})
        assert_problem(response, 422)

    async def test_feedback_service_may_call_it(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/v1/notifications", json=FEEDBACK, headers=service_headers("feedback-service")
        )
        assert response.status_code == 202


class TestDevMailbox:
    async def test_page_lists_newest_first_and_sandboxes_html(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await internal.post("/v1/notifications", json=FEEDBACK)
        await drain()
        await internal.post(
            "/v1/notifications",
            json={"template": "password_changed", "to": TO, "data": {}, "idempotency_key": "pc"},
        )
        await drain()
        page = await client.get("/mailbox")
        assert page.status_code == 200
        assert "default-src 'none'" in page.headers["content-security-policy"]
        html = page.text
        assert html.index("password was changed") < html.index("New feedback from")
        assert "<iframe sandbox" in html
        assert "<b>Lindqvist</b>" not in html
        assert 'srcdoc="&lt;!doctype html&gt;' in html
        messages = await mailbox(client)
        assert [m["template"] for m in messages] == ["password_changed", "feedback_published"]
        assert "Code: <strong>" not in html

    async def test_page_shows_the_code_of_a_code_email(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await internal.post("/v1/verifications", json={"to": TO, "purpose": "login"})
        await drain()
        [message] = await mailbox(client)
        code = code_in(message["text"])
        assert f"Code: <strong>{code}</strong>" in (await client.get("/mailbox")).text

    async def test_limit_and_recipient_filter(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        for i in range(3):
            body = {**FEEDBACK, "idempotency_key": f"k{i}"}
            await internal.post("/v1/notifications", json=body)
        await drain()
        one = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 1})
        assert len(one.json()["messages"]) == 1
        assert await mailbox(client, to="nobody@campus.local") == []


class TestControlCharacters:
    @pytest.mark.parametrize(
        "change",
        [
            {"data": {**FEEDBACK["data"], "title": "a\u0000"}},  # type: ignore[dict-item]
            {"data": {**FEEDBACK["data"], "mentor_name": "Tom\r\nBcc: x"}},  # type: ignore[dict-item]
            {"idempotency_key": "k\u0000"},
        ],
    )
    async def test_are_refused_with_422(
        self, internal: httpx.AsyncClient, change: dict[str, Any]
    ) -> None:
        response = await internal.post("/v1/notifications", json={**FEEDBACK, **change})
        assert response.status_code == 422

    async def test_verification_name_with_nul_is_422(self, internal: httpx.AsyncClient) -> None:
        response = await internal.post(
            "/v1/verifications",
            json={"to": TO, "purpose": "login", "data": {"name": "A\u0000"}},
        )
        assert response.status_code == 422

    @pytest.mark.parametrize("path", ["/mailbox/api/messages", "/mailbox"])
    async def test_mailbox_filter_with_nul_is_422(
        self, client: httpx.AsyncClient, path: str
    ) -> None:
        response = await client.get(path, params={"to": "a\u0000@campus.local"})
        assert_problem(response, 422)


class TestCommitBeforeResponse:
    async def test_a_2xx_is_sent_only_after_the_commit(self, app: Any) -> None:
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        from .conftest import service_headers

        order: list[str] = []

        def committed(_session: Any) -> None:
            order.append("commit")

        async def recording_app(scope: Any, receive: Any, send: Any) -> None:
            async def recording_send(message: Any) -> None:
                if message["type"] == "http.response.start":
                    order.append("response")
                await send(message)

            await app(scope, receive, recording_send)

        event.listen(Session, "after_commit", committed)
        try:
            transport = httpx.ASGITransport(app=recording_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                response = await c.post(
                    "/v1/notifications", json=FEEDBACK, headers=service_headers()
                )
        finally:
            event.remove(Session, "after_commit", committed)
        assert response.status_code == 202
        assert order.count("response") == 1
        assert order[-1] == "response"  # every commit of the request happened before it
        assert "commit" in order
