"""The shared paging parameters: their bounds answer 422, within them the values arrive."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from campus_common.cursor import MAX_CURSOR_LENGTH
from campus_common.paging import MAX_LIMIT, MAX_OFFSET, Cursor, Limit, Offset


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/items")
    async def items(
        limit: Limit = 50, offset: Offset = 0, cursor: Cursor = None
    ) -> dict[str, object]:
        return {"limit": limit, "offset": offset, "cursor": cursor}

    return app


async def _get(params: dict[str, str | int]) -> httpx.Response:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/items", params=params)


async def test_defaults_and_values_within_the_bounds_arrive() -> None:
    assert (await _get({})).json() == {"limit": 50, "offset": 0, "cursor": None}
    response = await _get(
        {"limit": MAX_LIMIT, "offset": MAX_OFFSET, "cursor": "a" * MAX_CURSOR_LENGTH}
    )
    assert response.json() == {
        "limit": MAX_LIMIT,
        "offset": MAX_OFFSET,
        "cursor": "a" * MAX_CURSOR_LENGTH,
    }


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": MAX_LIMIT + 1},
        {"offset": -1},
        {"offset": MAX_OFFSET + 1},
        {"cursor": "a" * (MAX_CURSOR_LENGTH + 1)},
    ],
)
async def test_out_of_bounds_is_refused(params: dict[str, str | int]) -> None:
    assert (await _get(params)).status_code == 422
