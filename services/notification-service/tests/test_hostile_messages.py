"""Hostile thread messages in every email that carries one: the new-message email and the daily
digest that quotes it. Each HTML part is parsed and compared with the same email written with
harmless words: no element or attribute that the harmless one lacks, no `on*=` attribute, no
`javascript:` (or other non-web) link, no script; the text part carries the message as written.
Oversized, control-character and non-web values are refused with a 422 naming the field."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI

from notification_service.preferences import digests

from .test_digests import KIWI, URL, add_user, hold, mailbox, utc

Drain = Callable[[], Awaitable[int]]
TO = "maria.mentor@campus.local"
HOSTILE = (
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '"><script>alert(2)</script>',
    "' onmouseover='alert(3)",
    '<iframe src="data:text/html,<script>alert(4)</script>">',
    "<a href=vbscript:msgbox(1)>vb</a>",
)
BODY = " ".join(HOSTILE)
HARMLESS = "Thanks, I will look again."
WEB_SCHEMES = {"http", "https", "mailto"}


class Markup(HTMLParser):
    """The live markup of an HTML document: each element with its attribute names, and every
    link-like attribute value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: set[tuple[str, frozenset[str]]] = set()
        self.handlers: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.add((tag, frozenset(name for name, _ in attrs)))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                self.links.append(value)


def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(hostile_html: str, harmless_html: str) -> None:
    hostile, harmless = markup(hostile_html), markup(harmless_html)
    assert hostile.elements <= harmless.elements, hostile.elements - harmless.elements
    assert hostile.handlers == []
    schemes = {urlsplit(link.strip()).scheme.lower() for link in hostile.links}
    assert schemes <= WEB_SCHEMES, schemes
    assert "<script" not in hostile_html.lower()


def message_data(**data: Any) -> dict[str, Any]:
    return {
        "recipient_name": "Maria Okafor",
        "author_name": "Alex Rivera",
        "title": "Week 3 review",
        "body": HARMLESS,
        "url": "http://localhost:8080/feedback/42",
        **data,
    }


async def send_message_email(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain, key: str, **data: Any
) -> dict[str, Any]:
    queued = await internal.post(
        "/v1/notifications",
        json={
            "template": "feedback_message",
            "to": TO,
            "data": message_data(**data),
            "idempotency_key": key,
        },
    )
    assert queued.status_code == 202, queued.text
    await drain()
    found = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 1})
    [newest] = found.json()["messages"]
    assert newest["template"] == "feedback_message"
    return dict(newest)


class TestNewMessageEmail:
    async def test_hostile_body_title_and_author_are_inert_in_the_html_part(
        self, internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        harmless = await send_message_email(internal, client, drain, "h-0")
        hostile = await send_message_email(
            internal,
            client,
            drain,
            "h-1",
            body=BODY,
            title=HOSTILE[1],
            author_name=HOSTILE[4],
            recipient_name=HOSTILE[6],
        )
        assert_inert(hostile["html"], harmless["html"])
        assert "&lt;script&gt;" in hostile["html"]  # shown, as text
        assert BODY in hostile["text"]  # the plain-text part: the message as written

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("body", "x" * 5001),
            ("body", "nul\x00"),
            ("body", "esc\x1b[31m"),
            ("title", "Week\u2028three"),
            ("author_name", "Eve\x07"),
            ("url", "javascript:alert(1)"),
            ("url", "data:text/html,<script>alert(1)</script>"),
        ],
    )
    async def test_oversized_control_and_non_web_values_are_refused(
        self, internal: httpx.AsyncClient, field: str, value: str
    ) -> None:
        refused = await internal.post(
            "/v1/notifications",
            json={
                "template": "feedback_message",
                "to": TO,
                "data": message_data(**{field: value}),
                "idempotency_key": f"bad-{field}-{len(value)}",
            },
        )
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert field in refused.json()["detail"]


class TestDigest:
    async def test_a_quoted_hostile_message_is_inert(
        self, app: FastAPI, client: httpx.AsyncClient, drain: Drain
    ) -> None:
        await add_user(app, KIWI)
        sent = []
        for day, (title, body, author) in enumerate(
            [("Week 3", HARMLESS, "Alex"), (HOSTILE[1], BODY, HOSTILE[4])], start=8
        ):
            await hold(
                app,
                KIWI[1],
                utc(2026, 3, day, 12, 0),
                template="feedback_message",
                recipient_name="Kiwi",
                author_name=author,
                title=title,
                body=body,
                url=URL,
            )
            assert await digests.run_once(app.state.context, now=utc(2026, 3, day, 20, 0)) == 1
            await drain()
            sent = await mailbox(client, KIWI[1])
        hostile, harmless = sent[0], sent[1]  # newest first
        assert_inert(hostile["html"], harmless["html"])
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in hostile["html"]
        assert BODY in hostile["text"]
