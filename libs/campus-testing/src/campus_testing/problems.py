"""The one check of an error answer's shape (RFC 9457 problem+json), as every service and the
edge give it."""

from __future__ import annotations

from typing import Any

import httpx


def assert_problem(
    response: httpx.Response, status: int, slug: str | None = None
) -> dict[str, Any]:
    """Check that `response` is a problem of `status` (its type ending in `/slug` when given) and
    return its body: the status line and the body's `status` agree, the media type is
    application/problem+json (a UTF-8 charset at most), and it has a type URL and a title."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    media_type, _, parameters = response.headers["content-type"].partition(";")
    assert media_type.strip() == "application/problem+json", response.headers["content-type"]
    assert parameters.strip().lower() in {"", "charset=utf-8"}, response.headers["content-type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://"), body["type"]
    if slug is not None:
        assert body["type"].endswith(f"/{slug}"), body["type"]
    assert body["title"]
    return body
