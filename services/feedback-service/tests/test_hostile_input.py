"""Hostile text on every route that stores a message or a request: a wide set of script-bearing
messages renders with no script, no `on*=` attribute and no link other than http(s) or mailto,
posted or edited; control characters and oversized text are refused on edits as on posts; a
request's title and description are refused when they carry control characters and otherwise
kept as the plain text they are (the API never turns them into HTML)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest

from .test_threads import Headers, post, publish

HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    '<iframe src="https://x.test"></iframe>',
    '"><script>alert(2)</script>',
    "<p onclick=alert(1)>hi</p>",
    "<a href=https://x.test onmouseover=alert(1)>x</a>",
    '[ok](https://x.test "title" onclick=alert(1))',
    "<style>body{display:none}</style>",
    "<form action=https://x.test><input></form>",
]
ALLOWED_SCHEMES = {"http", "https", "mailto"}


class Live(HTMLParser):
    """Elements, event-handler attributes and link targets of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)


def assert_inert(html: str) -> None:
    live = Live()
    live.feed(html)
    live.close()
    dangerous = {"script", "img", "svg", "iframe", "style", "form", "input", "object", "embed"}
    assert not live.tags & dangerous, live.tags
    assert live.handlers == []
    assert {urlsplit(link).scheme.lower() for link in live.links} <= ALLOWED_SCHEMES, live.links


@pytest.mark.usefixtures("setup")
class TestMessages:
    @pytest.mark.parametrize("body", HOSTILE)
    async def test_a_posted_message_renders_inert(
        self, client: httpx.AsyncClient, as_user: Headers, body: str
    ) -> None:
        fid = await publish(client, as_user)
        written = await post(client, as_user, fid, "alex", body)
        assert written.status_code == 201, written.text
        assert written.json()["body"] == body  # the source is kept as written
        assert_inert(written.json()["html"])
        thread = await client.get(f"/v1/feedback/{fid}/messages", headers=as_user("maria"))
        [read] = thread.json()["messages"]
        assert_inert(read["html"])

    async def test_an_edit_renders_inert_and_refuses_what_a_post_refuses(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        fid = await publish(client, as_user)
        mine = (await post(client, as_user, fid, "alex", "First")).json()["id"]
        url = f"/v1/feedback/{fid}/messages/{mine}"
        for bad in ("x" * 5001, "bell\x07", "nul\x00", "sep\u2029", ""):
            refused = await client.patch(url, json={"body": bad}, headers=as_user("alex"))
            assert refused.status_code == 422, refused.text
            assert refused.headers["content-type"].startswith("application/problem+json")
            assert refused.json()["detail"].startswith("body:")
        edited = await client.patch(url, json={"body": " ".join(HOSTILE)}, headers=as_user("alex"))
        assert edited.status_code == 200, edited.text
        assert_inert(edited.json()["html"])


@pytest.mark.usefixtures("setup")
class TestRequests:
    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"title": "bell\x07"}, "title"),
            ({"title": "nul\x00"}, "title"),
            ({"title": "line\u2028break"}, "title"),
            ({"title": "esc\x1b[31m"}, "title"),
            ({"title": "ok", "description": "nul\x00"}, "description"),
            ({"title": "ok", "description": "esc\x1b[31m"}, "description"),
            ({"title": "ok", "link": "JAVASCRIPT:alert(1)"}, "link"),
            ({"title": "ok", "link": "data:text/html,<script>alert(1)</script>"}, "link"),
        ],
    )
    async def test_control_characters_and_non_web_links_are_refused(
        self, client: httpx.AsyncClient, as_user: Headers, body: dict[str, str], field: str
    ) -> None:
        refused = await client.post("/v1/requests", json=body, headers=as_user("alex"))
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"].startswith(f"{field}:")

    async def test_script_bearing_title_and_description_stay_plain_text(
        self, client: httpx.AsyncClient, as_user: Headers
    ) -> None:
        title = HOSTILE[1]
        description = "\n".join(HOSTILE[:3])
        opened = await client.post(
            "/v1/requests",
            json={"title": title, "description": description},
            headers=as_user("alex"),
        )
        assert opened.status_code == 201, opened.text
        listed = await client.get("/v1/requests", headers=as_user("maria"))
        assert listed.headers["content-type"] == "application/json"
        [mine] = [r for r in listed.json()["items"] if r["id"] == opened.json()["id"]]
        assert (mine["title"], mine["description"]) == (title, description)
