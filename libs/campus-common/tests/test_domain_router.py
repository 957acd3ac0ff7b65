"""A domain's router carries its prefix, its documented tag and its dependencies."""

from __future__ import annotations

import httpx
from fastapi import Depends, FastAPI, HTTPException

from campus_common.app import domain_router


def refuse() -> None:
    raise HTTPException(status_code=403)


async def test_domain_router_prefix_tag_and_dependencies() -> None:
    router = domain_router("things", "Things, listed.", prefix="/v1/things")
    guarded = domain_router("secrets", "Kept.", dependencies=[Depends(refuse)])

    @router.get("")
    async def things() -> list[str]:
        return ["a"]

    @guarded.get("/secret")
    async def secret() -> str:
        return "s"

    app = FastAPI()
    app.include_router(router)
    app.include_router(guarded)
    (tag,) = router.tags
    assert (tag, getattr(tag, "description", None)) == ("things", "Things, listed.")
    assert app.openapi()["paths"]["/v1/things"]["get"]["tags"] == ["things"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        assert (await client.get("/v1/things")).json() == ["a"]
        assert (await client.get("/secret")).status_code == 403
