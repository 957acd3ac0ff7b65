"""The public keys that verify access tokens."""

from __future__ import annotations

from fastapi import APIRouter, Response

from auth_backend.deps import CtxDep
from auth_backend.schemas import JWKS

router = APIRouter(tags=["keys"])


@router.get(
    "/.well-known/jwks.json",
    response_model=JWKS,
    summary="JSON Web Key Set: the current and previous signing keys",
)
async def jwks(ctx: CtxDep, response: Response) -> JWKS:
    response.headers["Cache-Control"] = "public, max-age=300"
    return JWKS.model_validate(ctx.keys.jwks())
