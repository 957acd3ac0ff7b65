"""Password login, then the emailed code: the first two steps of every sign-in."""

from __future__ import annotations

from datetime import timedelta

from limits import RateLimitItem
from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as users_repo
from auth_backend.accounts import service as accounts
from auth_backend.accounts.models import User
from auth_backend.audit import service as audit
from auth_backend.clients.notification import VerificationFinished
from auth_backend.context import Context, RequestMeta
from auth_backend.login import repository as challenges_repo
from auth_backend.login.codes import check_code, login_again
from auth_backend.login.models import Challenge
from auth_backend.login.schemas import MfaChallengeOut
from auth_backend.metrics import PASSWORD_STEPS
from auth_backend.security.ratelimit import per_window
from auth_backend.security.tokens import new_token, token_hash
from auth_backend.sessions import service as sessions
from campus_common.db import after_commit, keep_when_refused
from campus_common.email import normalize_email
from campus_common.errors import Unauthorized
from campus_common.logging import get_logger
from campus_common.text import single_line

LOGIN = "login"
log = get_logger(__name__)


def invalid_credentials() -> Unauthorized:
    """The one answer for a wrong email, a wrong password, a locked or a disabled account."""
    return Unauthorized("The email or password is not right.", slug="invalid-credentials")


def _failures(ctx: Context) -> RateLimitItem:
    s = ctx.settings
    return per_window(s.lockout_threshold, int(s.lockout_window.total_seconds()))


async def _record_failure(
    session: AsyncSession, ctx: Context, meta: RequestMeta, user: User | None, email: str
) -> None:
    audit.record(session, ctx, meta, "login_failed", subject=user, subject_email=email)
    if user is None:
        return
    item = _failures(ctx)
    await ctx.limits.add(item, "pwfail", str(user.id))
    if await ctx.limits.count(item, "pwfail", str(user.id)) >= ctx.settings.lockout_threshold:
        user.locked_until = ctx.now() + ctx.settings.lockout_duration
        await ctx.limits.clear(item, "pwfail", str(user.id))
        audit.record(session, ctx, meta, "lockout", subject=user)


async def clear_failures(ctx: Context, user: User) -> None:
    item = _failures(ctx)
    await ctx.limits.clear(item, "pwfail", str(user.id))
    user.locked_until = None


async def _check_password(
    session: AsyncSession, ctx: Context, email: str, password: str
) -> tuple[User | None, bool]:
    """The account and whether the password is right (local store or Supabase)."""
    if ctx.supabase is None:
        user = await users_repo.get_by_email(session, email) if email else None
        ok, rehash = await ctx.hasher.check(user.password_hash if user else None, password)
        if ok and rehash and user is not None:
            user.password_hash = await ctx.hasher.hash(password)
        return user, ok
    remote = await ctx.supabase.password_grant(email, password) if email else None
    if remote is None:
        return (await users_repo.get_by_email(session, email) if email else None), False
    user = await users_repo.get_by_external_id(session, remote.id)
    if user is None:
        user = await users_repo.get_by_email(session, email)
        if user is not None and user.external_id is None:
            user.external_id = remote.id
        elif user is not None:
            # This account belongs to another Supabase user who had this address before: the
            # new holder of the address does not become them.
            log.warning("supabase_identity_mismatch", user_id=str(user.id))
            raise invalid_credentials()
    if user is None:
        user = await accounts.create_user(
            session,
            ctx,
            email=email,
            name=_display_name(remote.name, email),
            role=remote.role,
            status="active",
            external_id=remote.id,
        )
    return user, True


def _display_name(name: str | None, email: str) -> str:
    """Supabase's name when it is one line of at most 200 characters, else the address's local
    part (names reach email headers)."""
    if name:
        try:
            candidate = single_line(name.strip())
        except ValueError:
            candidate = ""
        if 0 < len(candidate) <= 200:
            return candidate
    return email.split("@", 1)[0]


async def password_step(
    session: AsyncSession, ctx: Context, meta: RequestMeta, *, email: str, password: str
) -> MfaChallengeOut:
    try:
        email = normalize_email(email)
    except ValueError:
        email = ""
    user, ok = await _check_password(session, ctx, email, password)
    now = ctx.now()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        audit.record(session, ctx, meta, "login_locked", subject=user)
        keep_when_refused(session)
        after_commit(session, PASSWORD_STEPS.labels("locked").inc)
        raise invalid_credentials()
    if not ok or user is None or user.status != "active":
        if ok and user is not None:
            audit.record(session, ctx, meta, "login_failed", subject=user, reason=user.status)
        else:
            await _record_failure(session, ctx, meta, user, email)
        keep_when_refused(session)  # the failure and any lockout are kept
        after_commit(session, PASSWORD_STEPS.labels("invalid").inc)
        raise invalid_credentials()
    await clear_failures(ctx, user)
    verification = await ctx.notifier.create_verification(
        to=user.email, purpose="login", name=user.name, locale=user.locale
    )
    await challenges_repo.finish_open(session, user.id, purpose=LOGIN, at=now)
    raw = new_token()
    # The code's own expiry, as long as it is sane: a clock skew between the services must not
    # end every sign-in at once (the notification service still refuses an expired code).
    ttl = int(ctx.settings.mfa_token_ttl.total_seconds())
    expires_in = verification.expires_in(now, ctx.settings.mfa_token_ttl)
    expires_in = expires_in if 0 < expires_in <= ttl else ttl
    session.add(
        Challenge(
            user_id=user.id,
            purpose=LOGIN,
            verification_id=verification.id,
            token_hash=token_hash(raw),
            amr="pwd",
            created_at=now,
            expires_at=now + timedelta(seconds=expires_in),
        )
    )
    audit.record(session, ctx, meta, "login_password_ok", subject=user)
    after_commit(session, PASSWORD_STEPS.labels("ok").inc)
    return MfaChallengeOut(
        mfa_token=raw,
        expires_in=expires_in,
        resend_after=verification.resend_after_seconds(now),
    )


async def _open_challenge(
    session: AsyncSession, ctx: Context, mfa_token: str
) -> tuple[Challenge, User]:
    challenge = await challenges_repo.by_token_hash(session, token_hash(mfa_token))
    if (
        challenge is None
        or challenge.purpose != LOGIN
        or challenge.finished_at is not None
        or challenge.expires_at <= ctx.now()
    ):
        raise login_again("This sign-in has expired. Log in again.")
    user = await users_repo.get(session, challenge.user_id)
    if user is None or user.status != "active":
        raise login_again("This sign-in has expired. Log in again.")
    return challenge, user


async def code_step(
    session: AsyncSession, ctx: Context, meta: RequestMeta, *, mfa_token: str, code: str
) -> sessions.Issued:
    challenge, user = await _open_challenge(session, ctx, mfa_token)
    await check_code(session, ctx, meta, challenge, user, code.strip())
    user.last_login_at = ctx.now()
    audit.record(session, ctx, meta, "code_ok", subject=user, purpose=LOGIN)
    return await sessions.start(session, ctx, user, meta, amr=[*challenge.amr.split(), "otp"])


async def resend(session: AsyncSession, ctx: Context, *, mfa_token: str) -> MfaChallengeOut:
    challenge, _user = await _open_challenge(session, ctx, mfa_token)
    now = ctx.now()
    try:
        verification = await ctx.notifier.resend(challenge.verification_id)
    except VerificationFinished as exc:
        challenge.finished_at = now
        keep_when_refused(session)
        raise login_again("This code can no longer be used. Log in again.") from exc
    return MfaChallengeOut(
        mfa_token=mfa_token,
        expires_in=max(0, int((challenge.expires_at - now).total_seconds())),
        resend_after=verification.resend_after_seconds(now),
    )
