"""Sign-in: password, emailed code, refresh, logout; password reset and invitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request, Response, status

from auth_backend.context import AuthContext
from auth_backend.deps import (
    ActiveUser,
    CtxDep,
    LoginLimit,
    MetaDep,
    MfaLimit,
    PasswordLimit,
    SessionDep,
)
from auth_backend.schemas import (
    Accepted,
    InvitationAccept,
    LoginRequest,
    MfaChallengeOut,
    MfaRequest,
    MfaResendRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    TokenOut,
    UserOut,
)
from auth_backend.service import audit, login, passwords, sessions
from campus_common.errors import problem_responses

router = APIRouter(tags=["login"])
password_router = APIRouter(prefix="/password", tags=["passwords"])


def _set_refresh_cookie(response: Response, ctx: AuthContext, token: str) -> None:
    s = ctx.settings
    response.set_cookie(
        s.refresh_cookie_name,
        token,
        max_age=int(s.refresh_token_ttl.total_seconds()),
        path=s.refresh_cookie_path,
        secure=s.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def _clear_refresh_cookie(response: Response, ctx: AuthContext) -> None:
    s = ctx.settings
    response.delete_cookie(
        s.refresh_cookie_name,
        path=s.refresh_cookie_path,
        secure=s.cookie_secure,
        httponly=True,
        samesite="strict",
    )


def _token_out(response: Response, ctx: AuthContext, issued: sessions.Issued) -> TokenOut:
    _set_refresh_cookie(response, ctx, issued.refresh_token)
    response.headers["Cache-Control"] = "no-store"
    return TokenOut(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        user=UserOut.model_validate(issued.user),
    )


def _refresh_token(request: Request, ctx: AuthContext, body: RefreshRequest | None) -> str | None:
    cookie = request.cookies.get(ctx.settings.refresh_cookie_name)
    return cookie or (body.refresh_token if body else None)


@router.post(
    "/login",
    response_model=MfaChallengeOut,
    summary="Check email and password, then email a code",
    description="Wrong email, wrong password, locked or disabled account: the same 401 body.",
    dependencies=[LoginLimit],
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def login_password(
    body: LoginRequest, response: Response, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> MfaChallengeOut:
    response.headers["Cache-Control"] = "no-store"
    return await login.password_step(session, ctx, meta, email=body.email, password=body.password)


@router.post(
    "/login/mfa",
    response_model=TokenOut,
    summary="Check the emailed code; on success an access token and the refresh cookie",
    description="401 `wrong-code` says how many attempts are left; 410 `login-again` when the "
    "code can no longer be used.",
    dependencies=[MfaLimit],
    responses=problem_responses(400, 401, 410, 422, 429, 503),
)
async def login_code(
    body: MfaRequest, response: Response, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> TokenOut:
    issued = await login.code_step(session, ctx, meta, mfa_token=body.mfa_token, code=body.code)
    return _token_out(response, ctx, issued)


@router.post(
    "/login/mfa/resend",
    response_model=MfaChallengeOut,
    summary="Email a new code (cooldown and per-recipient limits apply)",
    dependencies=[MfaLimit],
    responses=problem_responses(400, 410, 422, 429, 503),
)
async def login_resend(body: MfaResendRequest, session: SessionDep, ctx: CtxDep) -> MfaChallengeOut:
    return await login.resend(session, ctx, mfa_token=body.mfa_token)


@router.post(
    "/refresh",
    response_model=TokenOut,
    summary="Rotate the refresh token (cookie, or body for non-browser clients)",
    responses=problem_responses(400, 401, 422),
)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    ctx: CtxDep,
    meta: MetaDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenOut:
    issued = await sessions.refresh(session, ctx, _refresh_token(request, ctx, body), meta)
    return _token_out(response, ctx, issued)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session (the one the refresh cookie belongs to)",
    responses=problem_responses(400, 422),
)
async def logout(
    request: Request,
    session: SessionDep,
    ctx: CtxDep,
    meta: MetaDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> Response:
    await sessions.end(session, ctx, _refresh_token(request, ctx, body), meta)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _clear_refresh_cookie(response, ctx)
    return response


@router.post(
    "/logout/all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of the signed-in user",
    responses=problem_responses(401),
)
async def logout_all(user: ActiveUser, session: SessionDep, ctx: CtxDep, meta: MetaDep) -> Response:
    count = await sessions.end_all(session, ctx, user, meta, reason="logout_all")
    audit.record(session, ctx, meta, "logout_all", subject=user, count=count)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _clear_refresh_cookie(response, ctx)
    return response


@password_router.post(
    "/reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    summary="Email a reset code (always the same answer)",
    dependencies=[PasswordLimit],
    responses=problem_responses(400, 422, 429),
)
async def reset_request(
    body: PasswordResetRequest, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> Accepted:
    await passwords.request_reset(session, ctx, meta, email=body.email)
    return Accepted(detail=passwords.RESET_ACCEPTED)


@password_router.post(
    "/reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the emailed code; every session ends",
    dependencies=[PasswordLimit],
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def reset_confirm(
    body: PasswordResetConfirm, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> Response:
    await passwords.confirm_reset(
        session, ctx, meta, email=body.email, code=body.code, new_password=body.new_password
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/invitations/resend",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    summary="Email a new invitation code to an invited address (always the same answer)",
    tags=["passwords"],
    dependencies=[PasswordLimit],
    responses=problem_responses(400, 422, 429),
)
async def resend_invitation(
    body: PasswordResetRequest, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> Accepted:
    await passwords.request_invite_code(session, ctx, meta, email=body.email)
    return Accepted(detail=passwords.INVITE_ACCEPTED)


@router.post(
    "/invitations/accept",
    response_model=UserOut,
    summary="Accept an invitation: the emailed code and a first password",
    tags=["passwords"],
    dependencies=[PasswordLimit],
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def accept_invitation(
    body: InvitationAccept, session: SessionDep, ctx: CtxDep, meta: MetaDep
) -> UserOut:
    user = await passwords.accept_invitation(
        session, ctx, meta, email=body.email, code=body.code, password=body.password
    )
    return UserOut.model_validate(user)


router.include_router(password_router)
