"""Password reset by emailed code, password change, invitations (set a first password)."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as users_repo
from auth_backend.accounts import service as accounts
from auth_backend.accounts.models import User
from auth_backend.accounts.service import check_password
from auth_backend.audit import service as audit
from auth_backend.clients.notification import Purpose
from auth_backend.context import Context, RequestMeta
from auth_backend.login import repository as challenges_repo
from auth_backend.login.codes import check_code
from auth_backend.login.models import Challenge
from auth_backend.login.service import clear_failures, invalid_credentials
from auth_backend.passwords import repository as repo
from auth_backend.security.tokens import new_token, token_hash
from auth_backend.sessions import service as sessions
from campus_common.db import after_commit, keep_when_refused
from campus_common.email import normalize_email
from campus_common.errors import BadRequest, Conflict, ProblemError, Unprocessable
from campus_common.logging import get_logger

log = get_logger(__name__)
RESET: Final = "password_reset"
INVITE: Final = "invite"
RESET_ACCEPTED = "If an account exists for this address, a code is on its way to it."
INVITE_ACCEPTED = "If an invitation is waiting for this address, a new code is on its way to it."
# The code's own expiry is the notifier's (INVITE_CODE_LIFETIME, RESET_CODE_LIFETIME there); the
# challenge follows it, within these bounds (a clock skew or an odd answer cannot stretch it).
INVITE_TTL = timedelta(days=30)
RESET_TTL = timedelta(days=1)
# Once the code is verified and only the password is refused, the answer carries a grant: an
# opaque single-use token (only its hash is stored) for choosing another password without a
# new code. A chain of grants lives GRANT_TTL from the code's check, for GRANT_TRIES passwords.
GRANT_TTL = timedelta(minutes=10)
GRANT_TRIES = 5


def _invalid_code() -> BadRequest:
    return BadRequest("This code is not valid any more. Ask for a new one.", slug="code-invalid")


async def send_code(session: AsyncSession, ctx: Context, user: User, *, purpose: Purpose) -> None:
    """Ask the notification service to email `user` a code for `purpose`, replacing older ones."""
    verification = await ctx.notifier.create_verification(
        to=user.email, purpose=purpose, name=user.name, locale=user.locale
    )
    now = ctx.now()
    await challenges_repo.finish_open(session, user.id, purpose=purpose, at=now)
    bound = INVITE_TTL if purpose == INVITE else RESET_TTL
    expires_in = verification.expires_in(now, bound)
    ttl = timedelta(seconds=expires_in) if 0 < expires_in <= bound.total_seconds() else bound
    session.add(
        Challenge(
            user_id=user.id,
            purpose=purpose,
            verification_id=verification.id,
            created_at=now,
            expires_at=now + ttl,
        )
    )


async def _send_code_quietly(
    session: AsyncSession,
    ctx: Context,
    *,
    email: str,
    status: str,
    purpose: Purpose,
    not_sent_event: str,
) -> User | None:
    """A `purpose` code for the account at `email` if its status is `status`: the user it went to,
    or None. Callers answer the same either way, so nothing tells whether the account exists."""
    try:
        email = normalize_email(email)
    except ValueError:
        return None
    user = await users_repo.get_by_email(session, email)
    if user is None or user.status != status:
        return None
    try:
        await send_code(session, ctx, user, purpose=purpose)
    except ProblemError as exc:
        log.warning(not_sent_event, reason=exc.slug)
        return None
    return user


async def request_reset(
    session: AsyncSession, ctx: Context, meta: RequestMeta, *, email: str
) -> None:
    if ctx.supabase is not None:
        return  # passwords live in Supabase; the answer stays the same
    user = await _send_code_quietly(
        session,
        ctx,
        email=email,
        status="active",
        purpose=RESET,
        not_sent_event="password_reset_code_not_sent",
    )
    if user is not None:
        audit.record(session, ctx, meta, "password_reset_requested", subject=user)


async def request_invite_code(
    session: AsyncSession, ctx: Context, meta: RequestMeta, *, email: str
) -> None:
    """A fresh invitation code for an invited user who let theirs expire (same answer always)."""
    user = await _send_code_quietly(
        session,
        ctx,
        email=email,
        status="invited",
        purpose=INVITE,
        not_sent_event="invitation_code_not_sent",
    )
    if user is not None:
        audit.record(session, ctx, meta, "invitation_sent", subject=user, self_service=True)


async def _user_and_challenge(
    session: AsyncSession, ctx: Context, email: str, *, purpose: str, status: str
) -> tuple[User, Challenge] | None:
    try:
        email = normalize_email(email)
    except ValueError:
        return None
    user = await users_repo.get_by_email(session, email)
    if user is None or user.status != status:
        return None
    challenge = await repo.latest_open(session, user.id, purpose=purpose, now=ctx.now())
    return None if challenge is None else (user, challenge)


@dataclass(frozen=True, slots=True)
class _Verified:
    """The account whose code (or grant) is verified, and the grant chain it belongs to."""

    user: User
    chain: str
    expires_at: datetime
    grants_issued: int


def _grant_purpose(purpose: str) -> str:
    return f"{purpose}_grant"


async def _verified(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    *,
    email: str,
    code: str | None,
    grant: str | None,
    password: str,
    purpose: str,
    status: str,
) -> _Verified:
    """The account once its emailed code (or a grant from a refused password) is verified. An
    unknown address, an address without a pending code, a wrong code and an unusable grant get
    one answer (400 `code-invalid`), after the same work (a check at the notification service:
    of a decoy when there is nothing to check), and only the rules that say nothing about the
    account are applied to the password before that."""
    check_password(ctx, password, email=None, name=None)
    if grant is not None:
        granted = await _granted(session, ctx, email, grant, purpose=purpose, status=status)
        if granted is None:
            raise _invalid_code()
        return granted
    code = code or ""
    found = await _user_and_challenge(session, ctx, email, purpose=purpose, status=status)
    if found is None:
        await _decoy_check(ctx, code)
        raise _invalid_code()
    user, challenge = found
    refused = _invalid_code()
    await check_code(session, ctx, meta, challenge, user, code.strip(), dead=refused, wrong=refused)
    # The code is used up now: a refusal from here on keeps that (and hands out a grant).
    keep_when_refused(session)
    return _Verified(user, challenge.id.hex, ctx.now() + GRANT_TTL, 0)


async def _granted(
    session: AsyncSession, ctx: Context, email: str, grant: str, *, purpose: str, status: str
) -> _Verified | None:
    """The account a live grant of `purpose` was given to, if `email` is its address; the grant
    is used up by this (one password per grant)."""
    now = ctx.now()
    held = await challenges_repo.by_token_hash(session, token_hash(grant))
    if (
        held is None
        or held.purpose != _grant_purpose(purpose)
        or held.finished_at is not None
        or held.expires_at <= now
    ):
        return None
    try:
        email = normalize_email(email)
    except ValueError:
        return None
    user = await users_repo.get(session, held.user_id)
    if user is None or user.email != email or user.status != status:
        return None
    held.finished_at = now
    keep_when_refused(session)
    issued = await repo.grants_in_chain(session, held.verification_id, purpose=held.purpose)
    return _Verified(user, held.verification_id, held.expires_at, issued)


async def _set_password_or_grant(
    session: AsyncSession, ctx: Context, verified: _Verified, password: str, *, purpose: str
) -> None:
    """Set the password; when the account's own rules refuse it, answer 422 with a grant to try
    another one (none once the chain's tries or time are used up: then a new code is needed)."""
    try:
        await accounts.set_password(ctx, verified.user, password)
    except ProblemError as exc:
        now = ctx.now()
        reason = exc.detail or "This password is refused."
        if verified.grants_issued >= GRANT_TRIES or verified.expires_at <= now:
            raise Unprocessable(
                f"{reason} {NEW_CODE_NEEDED}", slug=exc.slug, title=exc.title, new_code_needed=True
            ) from None
        grant = new_token()
        session.add(
            Challenge(
                user_id=verified.user.id,
                purpose=_grant_purpose(purpose),
                verification_id=verified.chain,
                token_hash=token_hash(grant),
                created_at=now,
                expires_at=verified.expires_at,
            )
        )
        raise Unprocessable(
            f"{reason} {ANOTHER_PASSWORD}",
            slug=exc.slug,
            title=exc.title,
            grant=grant,
            grant_expires_in=int((verified.expires_at - now).total_seconds()),
        ) from None


async def _decoy_check(ctx: Context, code: str) -> None:
    with contextlib.suppress(Exception):
        await ctx.notifier.check(uuid.uuid4().hex, code.strip())


NEW_CODE_NEEDED = "Ask for a new code and choose another password."
ANOTHER_PASSWORD = "Choose another password; the code is not needed again."  # noqa: S105


async def confirm_reset(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    *,
    email: str,
    code: str | None,
    new_password: str,
    grant: str | None = None,
) -> None:
    verified = await _verified(
        session,
        ctx,
        meta,
        email=email,
        code=code,
        grant=grant,
        password=new_password,
        purpose=RESET,
        status="active",
    )
    await _set_password_or_grant(session, ctx, verified, new_password, purpose=RESET)
    user = verified.user
    await clear_failures(ctx, user)
    await sessions.end_all(session, ctx, user, meta, reason="password_reset")
    audit.record(session, ctx, meta, "password_reset", subject=user)
    _tell_password_changed(session, ctx, user)


async def change(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    user: User,
    *,
    current_password: str,
    new_password: str,
    current_session: uuid.UUID | None,
) -> None:
    if ctx.supabase is not None:
        raise Conflict(
            "Passwords are managed by the identity provider; change yours there.",
            slug="password-managed-externally",
        )
    if not await ctx.hasher.verify(user.password_hash, current_password):
        audit.record(session, ctx, meta, "login_failed", subject=user, reason="change_password")
        keep_when_refused(session)
        raise invalid_credentials()
    await accounts.set_password(ctx, user, new_password)
    await sessions.end_all(
        session, ctx, user, meta, reason="password_changed", keep=current_session
    )
    audit.record(session, ctx, meta, "password_changed", subject=user)
    _tell_password_changed(session, ctx, user)


async def accept_invitation(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    *,
    email: str,
    code: str | None,
    password: str,
    grant: str | None = None,
) -> sessions.Issued:
    """Set the first password and sign the person in: the emailed code proved the address and
    the password was just chosen, the same two factors a completed sign-in checks."""
    verified = await _verified(
        session,
        ctx,
        meta,
        email=email,
        code=code,
        grant=grant,
        password=password,
        purpose=INVITE,
        status="invited",
    )
    await _set_password_or_grant(session, ctx, verified, password, purpose=INVITE)
    user = verified.user
    user.status = "active"
    user.last_login_at = ctx.now()
    audit.record(session, ctx, meta, "invitation_accepted", subject=user)
    audit.record(session, ctx, meta, "code_ok", subject=user, purpose=INVITE)
    return await sessions.start(session, ctx, user, meta, amr=["pwd", "otp"])


def _tell_password_changed(session: AsyncSession, ctx: Context, user: User) -> None:
    """Email "your password was changed" once the change is committed."""
    to, locale, data, key = (
        user.email,
        user.locale,
        {"name": user.name},
        f"password-changed:{user.id}:{uuid.uuid4().hex}",
    )

    async def send() -> None:
        await ctx.notifier.notify(
            template="password_changed", to=to, data=data, idempotency_key=key, locale=locale
        )

    after_commit(session, send)
