"""The signed-in user: profile, sessions, password change."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response, status

from auth_backend.deps import (
    ActiveUser,
    CtxDep,
    MetaDep,
    PasswordLimit,
    SessionDep,
    current_session_id,
)
from auth_backend.schemas import MeUpdate, PasswordChange, SessionList, SessionOut, UserOut
from auth_backend.service import passwords, sessions
from campus_common.errors import problem_responses

router = APIRouter(tags=["me"])


@router.get(
    "/me", response_model=UserOut, summary="The signed-in user", responses=problem_responses(401)
)
async def me(user: ActiveUser) -> UserOut:
    return UserOut.model_validate(user)


@router.patch(
    "/me",
    response_model=UserOut,
    summary="Change my name",
    responses=problem_responses(400, 401, 422),
)
async def update_me(body: MeUpdate, user: ActiveUser, ctx: CtxDep) -> UserOut:
    user.name = body.name
    user.updated_at = ctx.now()
    return UserOut.model_validate(user)


@router.get(
    "/sessions",
    response_model=SessionList,
    summary="My active sessions (the current one marked)",
    responses=problem_responses(401),
)
async def list_sessions(
    request: Request, user: ActiveUser, session: SessionDep, ctx: CtxDep
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
    responses=problem_responses(401, 404, 422),
)
async def revoke_session(
    session_id: uuid.UUID, user: ActiveUser, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> Response:
    await sessions.revoke_one(session, ctx, user, session_id, meta)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password/change",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change my password (needs the current one); my other sessions end",
    tags=["passwords"],
    dependencies=[PasswordLimit],
    responses=problem_responses(400, 401, 409, 422, 429),
)
async def change_password(
    body: PasswordChange,
    request: Request,
    user: ActiveUser,
    session: SessionDep,
    ctx: CtxDep,
    meta: MetaDep,
) -> Response:
    await passwords.change(
        session,
        ctx,
        meta,
        user,
        current_password=body.current_password,
        new_password=body.new_password,
        current_session=current_session_id(request),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
