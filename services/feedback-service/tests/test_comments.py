"""The comment bank through the API: a mentor keeps their own comments, an admin curates the
shared ones every mentor sees, search ignores accents and case, inserting a comment counts a
use, students are kept out, and bad text is a 422 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from campus_testing.demo import DEMO_ACCOUNTS

Headers = Callable[[str], dict[str, str]]


def uid(short: str) -> str:
    return next(str(a.id) for a in DEMO_ACCOUNTS if a.email.startswith(short + "."))


async def add(
    client: httpx.AsyncClient, as_user: Headers, who: str, text: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/comments", json={"text": text, **fields}, headers=as_user(who)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def bank(client: httpx.AsyncClient, as_user: Headers, who: str, q: str = "") -> list[Any]:
    response = await client.get("/v1/comments", params={"q": q}, headers=as_user(who))
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


async def test_mentor_bank_is_own_and_shared(client: httpx.AsyncClient, as_user: Headers) -> None:
    shared = await add(client, as_user, "admin", "Great use of tests.", shared=True)
    mine = await add(
        client, as_user, "maria", "Name things\nfor what they do.", criterion="clarity"
    )
    theirs = await add(client, as_user, "tom", "Tom's own")
    assert shared["shared"] is True
    assert shared["owner_id"] is None
    assert (mine["shared"], mine["owner_id"], mine["criterion"]) == (False, uid("maria"), "clarity")
    assert mine["text"] == "Name things\nfor what they do."
    assert mine["usage_count"] == 0
    maria = {c["id"]: c for c in await bank(client, as_user, "maria")}
    assert set(maria) == {shared["id"], mine["id"]}
    assert maria[mine["id"]]["can_edit"] is True
    assert maria[shared["id"]]["can_edit"] is False
    assert {c["id"] for c in await bank(client, as_user, "tom")} == {shared["id"], theirs["id"]}
    admin = {c["id"]: c for c in await bank(client, as_user, "admin")}
    assert set(admin) == {shared["id"]}
    assert admin[shared["id"]]["can_edit"] is True


async def test_search_is_accent_and_case_insensitive_most_used_first(
    client: httpx.AsyncClient, as_user: Headers
) -> None:
    rare = await add(client, as_user, "maria", "Buena organización del código")
    popular = await add(client, as_user, "admin", "ORGANIZACION clara", shared=True)
    await add(client, as_user, "maria", "Something else")
    for _ in range(2):
        used = await client.post(f"/v1/comments/{popular['id']}/used", headers=as_user("maria"))
        assert used.status_code == 200, used.text
    assert used.json()["usage_count"] == 2
    found = await bank(client, as_user, "maria", "organizacion")
    assert [c["id"] for c in found] == [popular["id"], rare["id"]]
    assert [c["id"] for c in await bank(client, as_user, "maria", "CÓDIGO")] == [rare["id"]]
    assert await bank(client, as_user, "maria", "nowhere") == []


async def test_owner_edits_and_deletes_own(client: httpx.AsyncClient, as_user: Headers) -> None:
    mine = await add(client, as_user, "maria", "Draft words", criterion="depth")
    path = f"/v1/comments/{mine['id']}"
    changed = await client.patch(path, json={"text": "Better words"}, headers=as_user("maria"))
    assert changed.status_code == 200, changed.text
    assert (changed.json()["text"], changed.json()["criterion"]) == ("Better words", "depth")
    cleared = await client.patch(path, json={"criterion": None}, headers=as_user("maria"))
    assert (cleared.json()["text"], cleared.json()["criterion"]) == ("Better words", None)
    # Another mentor, and admins, do not see a mentor's own comments.
    for who in ("tom", "admin"):
        response = await client.patch(path, json={"text": "x"}, headers=as_user(who))
        assert response.status_code == 404, who
        assert (await client.delete(path, headers=as_user(who))).status_code == 404
        used = await client.post(f"{path}/used", headers=as_user(who))
        assert used.status_code == 404
    assert (await client.delete(path, headers=as_user("maria"))).status_code == 204
    assert (await client.delete(path, headers=as_user("maria"))).status_code == 404
    assert await bank(client, as_user, "maria") == []


async def test_only_admins_curate_shared(client: httpx.AsyncClient, as_user: Headers) -> None:
    refused = await client.post(
        "/v1/comments", json={"text": "For all", "shared": True}, headers=as_user("maria")
    )
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("shared-comment")
    shared = await add(client, as_user, "admin", "For all", shared=True)
    path = f"/v1/comments/{shared['id']}"
    assert (
        await client.patch(path, json={"text": "x"}, headers=as_user("maria"))
    ).status_code == 403
    assert (await client.delete(path, headers=as_user("maria"))).status_code == 403
    edited = await client.patch(path, json={"text": "For everyone"}, headers=as_user("admin"))
    assert edited.status_code == 200
    assert edited.json()["text"] == "For everyone"
    assert (await client.delete(path, headers=as_user("admin"))).status_code == 204


async def test_students_are_kept_out(client: httpx.AsyncClient, as_user: Headers) -> None:
    shared = await add(client, as_user, "admin", "Hidden from students", shared=True)
    for method, path, body in (
        ("GET", "/v1/comments", None),
        ("POST", "/v1/comments", {"text": "Mine"}),
        ("PATCH", f"/v1/comments/{shared['id']}", {"text": "x"}),
        ("DELETE", f"/v1/comments/{shared['id']}", None),
        ("POST", f"/v1/comments/{shared['id']}/used", None),
    ):
        response = await client.request(method, path, json=body, headers=as_user("alex"))
        assert response.status_code == 403, (method, path)
        assert "Hidden" not in response.text
    assert (await client.get("/v1/comments")).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": "bell \x07 here"}, "text"),
        ({"text": "line\u2028separator"}, "text"),
        ({"text": "ok", "criterion": "two\nlines"}, "criterion"),
        ({"text": "ok", "criterion": "c" * 65}, "criterion"),
        ({"text": "ok", "shared": "maybe"}, "shared"),
        ({"text": "ok", "owner_id": "someone"}, "owner_id"),
    ],
)
async def test_bad_text_is_a_422_naming_the_field(
    client: httpx.AsyncClient, as_user: Headers, body: dict[str, Any], field: str
) -> None:
    response = await client.post("/v1/comments", json=body, headers=as_user("maria"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


async def test_text_keeps_lines_and_tabs_up_to_1000(
    client: httpx.AsyncClient, as_user: Headers
) -> None:
    text = "a\tb\r\nc" + "x" * 995
    saved = await add(client, as_user, "maria", text)
    assert saved["text"] == "a\tb\nc" + "x" * 995


async def test_bad_query_and_ids(client: httpx.AsyncClient, as_user: Headers) -> None:
    for q in ("a\x00b", "x" * 201, "line\nbreak"):
        response = await client.get("/v1/comments", params={"q": q}, headers=as_user("maria"))
        assert response.status_code == 422, q
        assert "q" in json_fields(response.json())
    response = await client.post("/v1/comments/not-a-uuid/used", headers=as_user("maria"))
    assert response.status_code == 422
    missing = "00000000-0000-4000-8000-000000000000"
    assert (
        await client.post(f"/v1/comments/{missing}/used", headers=as_user("maria"))
    ).status_code == 404


def json_fields(problem: dict[str, Any]) -> set[str]:
    return {str(e.get("loc", [""])[-1]) for e in problem.get("errors", [])} | {
        str(e.get("field", "")) for e in problem.get("errors", [])
    }
