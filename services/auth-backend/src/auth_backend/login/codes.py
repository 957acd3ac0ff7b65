"""Checking an emailed code through the notification service, for any purpose."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts.models import User
from auth_backend.audit import service as audit
from auth_backend.clients.notification import VerificationFinished
from auth_backend.context import Context, RequestMeta
from auth_backend.login.models import Challenge
from auth_backend.metrics import CODE_CHECKS
from campus_common.db import after_commit, keep_when_refused
from campus_common.errors import Gone, ProblemError, Unauthorized


def login_again(detail: str) -> Gone:
    return Gone(detail, slug="login-again", title="Start again")


def wrong_code(attempts_left: int | None) -> Unauthorized:
    if attempts_left is None:
        detail = "The code is not right."
    else:
        plural = "attempt" if attempts_left == 1 else "attempts"
        detail = f"The code is not right. {attempts_left} {plural} left."
    return Unauthorized(detail, slug="wrong-code", attempts_left=attempts_left)


async def check_code(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    challenge: Challenge,
    user: User,
    code: str,
    *,
    dead: ProblemError | None = None,
    wrong: ProblemError | None = None,
) -> None:
    """Return when the code is right; otherwise record it and raise (wrong: `wrong`, by default
    401 with the attempts left; no longer usable: `dead`, by default 410 telling the user to log
    in again)."""
    dead = dead or login_again("This code can no longer be used. Log in again.")
    now = ctx.now()
    try:
        result = await ctx.notifier.check(challenge.verification_id, code)
    except VerificationFinished as exc:
        challenge.finished_at = now
        audit.record(session, ctx, meta, "code_dead", subject=user, purpose=challenge.purpose)
        keep_when_refused(session)
        after_commit(session, CODE_CHECKS.labels(challenge.purpose, "dead").inc)
        raise dead from exc
    if result.status == "approved":
        challenge.finished_at = now
        after_commit(session, CODE_CHECKS.labels(challenge.purpose, "approved").inc)
        return
    audit.record(
        session,
        ctx,
        meta,
        "code_failed",
        subject=user,
        purpose=challenge.purpose,
        attempts_left=result.attempts_left,
    )
    if result.status == "max_attempts_reached":
        challenge.finished_at = now
        keep_when_refused(session)
        after_commit(session, CODE_CHECKS.labels(challenge.purpose, "dead").inc)
        raise dead
    keep_when_refused(session)
    after_commit(session, CODE_CHECKS.labels(challenge.purpose, "wrong").inc)
    raise wrong or wrong_code(result.attempts_left)
