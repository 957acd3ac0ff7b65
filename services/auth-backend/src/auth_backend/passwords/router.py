"""Passwords: reset by emailed code, change, invitations (a first password)."""

from __future__ import annotations

from fastapi import Request, Response, status

from auth_backend.deps import (
    ActiveUser,
    ContextDep,
    MetaDep,
    PasswordLimit,
    SessionDep,
    current_session_id,
)
from auth_backend.login.schemas import TokenOut
from auth_backend.passwords import service as passwords
from auth_backend.passwords.schemas import (
    Accepted,
    InvitationAccept,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
)
from auth_backend.sessions.cookies import token_out
from campus_common.app import domain_router
from campus_common.errors import problem_responses

router = domain_router(
    "passwords", "Password reset by emailed code, invitations.", dependencies=[PasswordLimit]
)


@router.post(
    "/password/reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Email a reset code (always the same answer)",
    responses=problem_responses(400, 422, 429),
)
async def reset_request(
    body: PasswordResetRequest, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Accepted:
    await passwords.request_reset(session, ctx, meta, email=body.email)
    return Accepted(detail=passwords.RESET_ACCEPTED)


@router.post(
    "/password/reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the emailed code; every session ends",
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def reset_confirm(
    body: PasswordResetConfirm, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Response:
    await passwords.confirm_reset(
        session,
        ctx,
        meta,
        email=body.email,
        code=body.code,
        grant=body.grant,
        new_password=body.new_password,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/invitations/resend",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Email a new invitation code to an invited address (always the same answer)",
    responses=problem_responses(400, 422, 429),
)
async def resend_invitation(
    body: PasswordResetRequest, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> Accepted:
    await passwords.request_invite_code(session, ctx, meta, email=body.email)
    return Accepted(detail=passwords.INVITE_ACCEPTED)


@router.post(
    "/invitations/accept",
    summary="Accept an invitation: the emailed code and a first password; signs the person in",
    description="On success the same answer as a completed sign-in: an access token in the "
    "body and the refresh cookie.",
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def accept_invitation(
    body: InvitationAccept, response: Response, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> TokenOut:
    issued = await passwords.accept_invitation(
        session,
        ctx,
        meta,
        email=body.email,
        code=body.code,
        grant=body.grant,
        password=body.password,
    )
    return token_out(response, ctx, issued)


@router.post(
    "/password/change",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change my password (needs the current one); my other sessions end",
    responses=problem_responses(400, 401, 409, 422, 429),
)
async def change_password(
    body: PasswordChange,
    request: Request,
    user: ActiveUser,
    session: SessionDep,
    ctx: ContextDep,
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
