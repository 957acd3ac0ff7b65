"""Sessions: refresh, logout, the signed-in user's sessions; the public keys of access tokens."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Request, Response, status

from auth_backend.accounts.router import ME
from auth_backend.deps import ActiveUser, ContextDep, MetaDep, SessionDep, current_session_id
from auth_backend.directory.router import INTERNAL
from auth_backend.login.router import LOGIN
from auth_backend.login.schemas import TokenOut
from auth_backend.sessions import revocations
from auth_backend.sessions import service as sessions
from auth_backend.sessions.cookies import clear_refresh_cookie, refresh_token, token_out
from auth_backend.sessions.revocations import RevocationFeed
from auth_backend.sessions.schemas import JWKS, RefreshRequest, SessionList, SessionOut
from campus_common.app import Tag
from campus_common.errors import problem_responses
from campus_common.paging import Cursor

router = APIRouter()
keys_router = APIRouter(tags=[Tag("keys", "Public keys that verify access tokens.")])


@router.post(
    "/refresh",
    summary="Rotate the refresh token (cookie, or body for non-browser clients)",
    tags=[LOGIN],
    responses=problem_responses(400, 401, 422),
)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    ctx: ContextDep,
    meta: MetaDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenOut:
    issued = await sessions.refresh(session, ctx, refresh_token(request, ctx, body), meta)
    return token_out(response, ctx, issued)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session (the one the refresh cookie belongs to)",
    tags=[LOGIN],
    responses=problem_responses(400, 422),
)
async def logout(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    meta: MetaDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> Response:
    await sessions.end(session, ctx, refresh_token(request, ctx, body), meta)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response, ctx)
    return response


@router.post(
    "/logout/all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of the signed-in user",
    tags=[LOGIN],
    responses=problem_responses(401),
)
async def logout_all(
    user: ActiveUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Response:
    await sessions.sign_out_everywhere(session, ctx, user, meta)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_refresh_cookie(response, ctx)
    return response


@router.get(
    "/sessions",
    summary="My active sessions (the current one marked)",
    tags=[ME],
    responses=problem_responses(401),
)
async def list_sessions(
    request: Request, user: ActiveUser, session: SessionDep, ctx: ContextDep
) -> SessionList:
    current = current_session_id(request)
    rows = await sessions.active(session, ctx, user)
    return SessionList(
        sessions=[
            SessionOut(
                id=r.id,
                created_at=r.created_at,
                last_used_at=r.last_used_at,
                user_agent=r.user_agent,
                ip=r.ip,
                current=r.id == current,
            )
            for r in rows
        ]
    )


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End one of my sessions",
    tags=[ME],
    responses=problem_responses(401, 404, 422),
)
async def revoke_session(
    session_id: uuid.UUID, user: ActiveUser, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Response:
    await sessions.revoke_one(session, ctx, user, session_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@keys_router.get(
    "/.well-known/jwks.json",
    summary="JSON Web Key Set: the current and previous signing keys",
)
async def jwks(ctx: ContextDep, response: Response) -> JWKS:
    response.headers["Cache-Control"] = "public, max-age=300"
    return JWKS.model_validate(ctx.keys.jwks())


internal_router = APIRouter(prefix="/internal", tags=[INTERNAL])


@internal_router.get(
    "/revocations",
    summary="Revoked session ids and per-user not-before times (all still relevant, or since a cursor)",
    responses=problem_responses(400, 401, 403, 422),
)
async def revocation_feed(
    session: SessionDep,
    ctx: ContextDep,
    since: Cursor = None,
) -> RevocationFeed:
    return await revocations.feed(session, ctx, since=since)
