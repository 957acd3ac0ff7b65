"""Sign-in: password, then the emailed code (and a new code when it did not arrive)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from auth_backend.deps import ContextDep, LoginLimit, MetaDep, MfaLimit, SessionDep
from auth_backend.login import service as login
from auth_backend.login.schemas import (
    LoginRequest,
    MfaChallengeOut,
    MfaRequest,
    MfaResendRequest,
    TokenOut,
)
from auth_backend.sessions.cookies import token_out
from campus_common.app import Tag
from campus_common.errors import problem_responses

LOGIN = Tag("login", "Password, emailed code, tokens.")
router = APIRouter(tags=[LOGIN])


@router.post(
    "/login",
    summary="Check email and password, then email a code",
    description="Wrong email, wrong password, locked or disabled account: the same 401 body.",
    dependencies=[LoginLimit],
    responses=problem_responses(400, 401, 422, 429, 503),
)
async def login_password(
    body: LoginRequest, response: Response, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> MfaChallengeOut:
    response.headers["Cache-Control"] = "no-store"
    return await login.password_step(session, ctx, meta, email=body.email, password=body.password)


@router.post(
    "/login/mfa",
    summary="Check the emailed code; on success an access token and the refresh cookie",
    description="401 `wrong-code` says how many attempts are left; 410 `login-again` when the "
    "code can no longer be used.",
    dependencies=[MfaLimit],
    responses=problem_responses(400, 401, 410, 422, 429, 503),
)
async def login_code(
    body: MfaRequest, response: Response, session: SessionDep, ctx: ContextDep, meta: MetaDep
) -> TokenOut:
    issued = await login.code_step(session, ctx, meta, mfa_token=body.mfa_token, code=body.code)
    return token_out(response, ctx, issued)


@router.post(
    "/login/mfa/resend",
    summary="Email a new code (cooldown and per-recipient limits apply)",
    dependencies=[MfaLimit],
    responses=problem_responses(400, 410, 422, 429, 503),
)
async def login_resend(
    body: MfaResendRequest, session: SessionDep, ctx: ContextDep
) -> MfaChallengeOut:
    return await login.resend(session, ctx, mfa_token=body.mfa_token)
