"""The email of a new thread message: the message's text reaches the other party escaped in the
HTML part and as it is in the text part; its link opens the feedback; hostile text is refused
or inert."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

Drain = Callable[[], Awaitable[int]]
TO = "maria.mentor@campus.local"
SCRIPT = 'Thanks! <script>alert("x")</script> <img src=x onerror=alert(1)> **bold**'


def notification(key: str, **data: Any) -> dict[str, Any]:
    return {
        "template": "feedback_message",
        "to": TO,
        "data": {
            "recipient_name": "Maria Okafor",
            "author_name": "Alex Rivera",
            "title": "Week 3 review",
            "body": "Thanks!",
            "url": "http://localhost:8080/feedback/42",
            **data,
        },
        "idempotency_key": key,
    }


async def test_a_script_bearing_message_is_escaped_in_the_html_part(
    internal: httpx.AsyncClient, client: httpx.AsyncClient, drain: Drain
) -> None:
    queued = await internal.post("/v1/notifications", json=notification("m-1", body=SCRIPT))
    assert queued.status_code == 202, queued.text
    await drain()
    found = await client.get("/mailbox/api/messages", params={"to": TO, "limit": 5})
    [message] = [m for m in found.json()["messages"] if m["template"] == "feedback_message"]
    assert message["subject"] == 'Alex Rivera wrote on "Week 3 review"'
    assert "<script" not in message["html"]
    assert "<img" not in message["html"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in message["html"]
    assert SCRIPT in message["text"]  # the plain-text part is the message's text as written
    assert "http://localhost:8080/feedback/42" in message["text"]
    assert 'href="http://localhost:8080/feedback/42"' in message["html"]


async def test_control_characters_and_oversized_bodies_are_refused(
    internal: httpx.AsyncClient,
) -> None:
    for i, body in enumerate(("bad\x07bell", "x" * 5001, "")):
        refused = await internal.post("/v1/notifications", json=notification(f"m-{i}", body=body))
        assert refused.status_code == 422, body[:20]
        assert "body" in refused.text
    header = await internal.post(
        "/v1/notifications", json=notification("m-title", title="Week\r\nBcc: x@y.z")
    )
    assert header.status_code == 422
    assert "title" in header.text
