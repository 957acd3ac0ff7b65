"""Every link of every email leads to a page of the web app (contract C3): sent through the API,
read back from the dev mailbox, each link's path checked against the SPA's own route list."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from notification_service.outbox import repository as outbox
from notification_service.outbox.rendering import ALL_TEMPLATES

Drain = Callable[[], Awaitable[int]]
PUBLIC_URL = "http://localhost:8080"
TO = "dara+links@campus.local"  # a "+" shows the address is URL-encoded in links
WEB = Path(__file__).resolve().parents[3] / "web" / "src"
_ROUTE = re.compile(r"""\bpath:\s*["']([^"']+)["']""")
_HREF = re.compile(r"""href=["']([^"']+)["']""")
_URL = re.compile(r"https?://[^\s<>\"')]+")
# Not a page of the web app but a service page the edge routes (deploy/nginx): a digest's
# one-click unsubscribe.
EDGE_PAGES = {"/api/notifications/v1/unsubscribe"}


def spa_routes() -> list[str]:
    """The paths the web app serves: its route table and the per-role route files."""
    files = [WEB / "routes.tsx", *sorted((WEB / "pages").glob("*/routes.tsx"))]
    found = {m for f in files for m in _ROUTE.findall(f.read_text())}
    found.discard("*")  # the not-found page
    return ["", *sorted(found)]  # "" is the index route


def route_of(path: str, routes: list[str]) -> str | None:
    segments = path.strip("/").split("/") if path.strip("/") else []
    for route in routes:
        parts = route.split("/") if route else []
        if len(parts) == len(segments) and all(
            p.startswith(":") or p == s for p, s in zip(parts, segments, strict=True)
        ):
            return route
    return None


def links_of(message: dict[str, Any]) -> list[str]:
    in_text = [url.rstrip(".,;:!?") for url in _URL.findall(message["text"])]
    return [*_HREF.findall(message["html"]), *in_text]


async def send_all(internal: httpx.AsyncClient) -> None:
    for purpose in ("login", "password_reset", "invite"):
        response = await internal.post("/v1/verifications", json={"to": TO, "purpose": purpose})
        assert response.status_code == 201, response.text
    for template, data in (
        ("invitation", {"name": "Dara"}),
        ("password_changed", {"name": "Dara"}),
        ("feedback_published", {"title": "Week 3", "url": f"{PUBLIC_URL}/feedback/42"}),
        (
            "feedback_message",
            {"title": "Week 3", "body": "Thanks!", "url": f"{PUBLIC_URL}/feedback/42"},
        ),
        (
            "feedback_edited",
            {"title": "Week 3", "changes": ["title"], "url": f"{PUBLIC_URL}/feedback/42"},
        ),
        (
            "feedback_withdrawn",
            {"title": "Week 3", "reason": "Duplicate", "url": f"{PUBLIC_URL}/feedback/42"},
        ),
        ("feedback_acknowledged", {"title": "Week 3", "url": f"{PUBLIC_URL}/feedback/42"}),
        ("feedback_requested", {"title": "Essay", "url": f"{PUBLIC_URL}/mentor/requests"}),
        ("assignment_added", {"role": "student", "url": f"{PUBLIC_URL}/student"}),
    ):
        response = await internal.post(
            "/v1/notifications",
            json={"template": template, "to": TO, "data": data, "idempotency_key": template},
        )
        assert response.status_code == 202, response.text


async def queue_digest(app: FastAPI) -> None:
    """A daily digest of one published feedback (the digest job's own tests cover how one is
    made; here only its links matter)."""
    ctx = app.state.context
    entry = {"kind": "feedback_published", "title": "Week 3", "url": f"{PUBLIC_URL}/feedback/42"}
    async with ctx.sessionmaker() as session, session.begin():
        await outbox.enqueue(
            session,
            template="digest",
            to=TO,
            data={"user_id": "u1", "day": "2026-11-28", "name": "Dara", "entries": [entry]},
            now=ctx.clock(),
        )


@pytest.fixture
async def sent(
    app: FastAPI, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
) -> list[dict[str, Any]]:
    await send_all(internal)
    await queue_digest(app)
    await drain()
    response = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 50})
    messages: list[dict[str, Any]] = response.json()["messages"]
    assert {m["template"] for m in messages} == ALL_TEMPLATES
    return messages


def by_template(messages: list[dict[str, Any]], template: str) -> list[dict[str, Any]]:
    return [m for m in messages if m["template"] == template]


def email_param(link: str) -> list[str]:
    return parse_qs(urlsplit(link).query).get("email", [])


class TestEmailLinks:
    def test_the_route_list_is_read(self) -> None:
        routes = spa_routes()
        for path in ("login", "accept-invite", "reset-password", "forgot-password"):
            assert path in routes

    async def test_every_link_is_a_page_of_the_web_app(self, sent: list[dict[str, Any]]) -> None:
        routes = spa_routes()
        for message in sent:
            links = links_of(message)
            assert links, message["template"]
            for link in links:
                assert link.startswith(PUBLIC_URL + "/") or link == PUBLIC_URL, link
                path = urlsplit(link).path
                if path in EDGE_PAGES:
                    continue
                assert route_of(path, routes) is not None, (message["template"], link)

    async def test_invitations_open_the_accept_page_with_the_address(
        self, sent: list[dict[str, Any]]
    ) -> None:
        invitations = by_template(sent, "invitation")
        assert len(invitations) == 2  # with a code (invite verification) and without
        for message in invitations:
            accept = [link for link in links_of(message) if "/accept-invite" in link]
            assert accept, message["text"]
            for link in accept:
                assert urlsplit(link).path == "/accept-invite"
                assert email_param(link) == [TO]

    async def test_the_reset_email_opens_the_reset_page_with_the_address(
        self, sent: list[dict[str, Any]]
    ) -> None:
        [message] = by_template(sent, "password_reset_code")
        reset = [link for link in links_of(message) if urlsplit(link).path == "/reset-password"]
        assert reset, message["text"]
        assert all(email_param(link) == [TO] for link in reset)

    @pytest.mark.parametrize("template", ["login_code", "password_changed"])
    async def test_not_you_links_open_forgot_password_with_the_address(
        self, sent: list[dict[str, Any]], template: str
    ) -> None:
        [message] = by_template(sent, template)
        forgot = [link for link in links_of(message) if urlsplit(link).path == "/forgot-password"]
        assert forgot, message["text"]
        assert all(email_param(link) == [TO] for link in forgot)
        assert "Not you?" in message["text"]

    async def test_the_feedback_email_links_to_the_feedback(
        self, sent: list[dict[str, Any]]
    ) -> None:
        for template in ("feedback_published", "feedback_message"):
            [message] = by_template(sent, template)
            assert f"{PUBLIC_URL}/feedback/42" in links_of(message)
