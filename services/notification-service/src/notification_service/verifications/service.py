"""The rules of verifications: create, resend, check (the pattern of Twilio Verify)."""

from __future__ import annotations

import math
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.db import after_commit
from campus_common.errors import Conflict, NotFound, TooManyRequests
from notification_service.context import Context
from notification_service.metrics import CODES_CHECKED, CODES_CREATED, SENDS_REFUSED
from notification_service.models import Verification
from notification_service.outbox import repository as outbox
from notification_service.outbox.rendering import PURPOSE_TEMPLATES
from notification_service.settings import Settings
from notification_service.verifications import repository as repo
from notification_service.verifications.codes import CodeKeeper
from notification_service.verifications.schemas import (
    CheckResult,
    CodeLifetimes,
    VerificationCreate,
    VerificationOut,
)

# Refusals are counted at once (the transaction that refuses rolls back); what a committed
# change means (a code created, a check's outcome) is counted after the commit.


def effective_status(verification: Verification, now: datetime) -> str:
    if verification.status == "pending" and verification.expires_at <= now:
        return "expired"
    return verification.status


def to_out(verification: Verification, *, settings: Settings, now: datetime) -> VerificationOut:
    return VerificationOut(
        id=verification.id,
        to=verification.to,
        purpose=verification.purpose,
        status=effective_status(verification, now),
        expires_at=verification.expires_at,
        resend_after=verification.last_sent_at + settings.code_resend_cooldown,
        attempts_left=max(0, verification.max_attempts - verification.attempts),
    )


def lifetimes(settings: Settings) -> CodeLifetimes:
    def seconds(purpose: str) -> int:
        return int(settings.code_lifetime_for(purpose).total_seconds())

    return CodeLifetimes(
        login=seconds("login"), password_reset=seconds("password_reset"), invite=seconds("invite")
    )


def _finished(verification: Verification, now: datetime) -> Conflict:
    status = effective_status(verification, now)
    return Conflict(
        f"This verification is {status.replace('_', ' ')}; start a new one.",
        slug="verification-finished",
        verification_status=status,
    )


async def _enforce_send_limit(
    session: AsyncSession, *, settings: Settings, to: str, now: datetime
) -> None:
    count, oldest = await repo.sends_since(session, to=to, since=now - settings.code_send_window)
    if count >= settings.code_max_sends_per_window:
        wait = (oldest + settings.code_send_window - now).total_seconds() if oldest else 1
        SENDS_REFUSED.labels("limit").inc()
        raise TooManyRequests(
            "Too many codes were sent to this address; wait before asking for another.",
            slug="send-limit-reached",
            retry_after=math.ceil(wait),
        )


async def _send_code(
    session: AsyncSession,
    *,
    ctx: Context,
    verification: Verification,
    code: str,
    name: str | None,
    now: datetime,
) -> None:
    await repo.record_send(session, verification_id=verification.id, to=verification.to, now=now)
    message_id = uuid.uuid4()
    await outbox.enqueue(
        session,
        message_id=message_id,
        template=PURPOSE_TEMPLATES[verification.purpose],
        to=verification.to,
        data={"name": name} if name else {},
        sealed=ctx.keeper.seal(code, context=str(message_id)),
        priority=outbox.CODE_PRIORITY,
        verification_id=verification.id,
        locale=verification.locale,
        now=now,
    )
    ctx.lanes.wake_after_commit(session, outbox.CODE_PRIORITY)
    after_commit(session, CODES_CREATED.labels(verification.purpose).inc)


async def create(
    session: AsyncSession, *, ctx: Context, request: VerificationCreate, now: datetime
) -> Verification:
    settings, keeper = ctx.settings, ctx.keeper
    # Write first, count second: concurrent sends to one address queue up behind each other, so
    # the limit holds under concurrency. A refusal rolls the cancellation back.
    await repo.lock_recipient(session, to=request.to)
    canceled = await repo.cancel_pending(session, to=request.to, purpose=request.purpose, now=now)
    await _enforce_send_limit(session, settings=settings, to=request.to, now=now)
    await outbox.cancel_for_verifications(session, verification_ids=canceled, now=now)
    code = keeper.new_code()
    verification = Verification(
        id=uuid.uuid4(),
        to=request.to,
        channel=request.channel,
        purpose=request.purpose,
        locale=request.locale,
        status="pending",
        code_hash=keeper.hash(code),
        attempts=0,
        max_attempts=settings.code_max_attempts,
        send_count=1,
        created_at=now,
        expires_at=now + settings.code_lifetime_for(request.purpose),
        last_sent_at=now,
    )
    session.add(verification)
    await session.flush()
    name = request.data.name if request.data else None
    await _send_code(session, ctx=ctx, verification=verification, code=code, name=name, now=now)
    return verification


async def resend(
    session: AsyncSession, *, ctx: Context, verification_id: uuid.UUID, now: datetime
) -> Verification:
    settings, keeper = ctx.settings, ctx.keeper
    verification = await repo.get(session, verification_id)
    if verification is None:
        raise NotFound("No verification with this id.", slug="verification-not-found")
    if effective_status(verification, now) != "pending":
        raise _finished(verification, now)
    ready_at = verification.last_sent_at + settings.code_resend_cooldown
    if ready_at > now:
        SENDS_REFUSED.labels("cooldown").inc()
        raise TooManyRequests(
            "A code was sent moments ago; wait before asking for another.",
            slug="resend-cooldown",
            retry_after=math.ceil((ready_at - now).total_seconds()),
        )
    await repo.lock_recipient(session, to=verification.to)
    code = keeper.new_code()
    rotated = await repo.rotate_code(
        session,
        verification_id=verification.id,
        code_hash=keeper.hash(code),
        now=now,
        expires_at=now + settings.code_lifetime_for(verification.purpose),
        sent_before=now - settings.code_resend_cooldown,
    )
    if not rotated:  # a concurrent resend won the race
        SENDS_REFUSED.labels("cooldown").inc()
        raise TooManyRequests(
            "A code was sent moments ago; wait before asking for another.",
            slug="resend-cooldown",
            retry_after=math.ceil(settings.code_resend_cooldown.total_seconds()),
        )
    await _enforce_send_limit(session, settings=settings, to=verification.to, now=now)
    await outbox.cancel_for_verifications(session, verification_ids=[verification.id], now=now)
    name = await _name_of_last_email(session, verification.id)
    verification = await repo.get(session, verification.id) or verification
    await _send_code(session, ctx=ctx, verification=verification, code=code, name=name, now=now)
    return verification


async def _name_of_last_email(session: AsyncSession, verification_id: uuid.UUID) -> str | None:
    message = await outbox.latest_for_verification(session, verification_id=verification_id)
    name = message.data.get("name") if message else None
    return name if isinstance(name, str) else None


async def check(
    session: AsyncSession,
    *,
    keeper: CodeKeeper,
    verification_id: uuid.UUID,
    code: str,
    now: datetime,
) -> CheckResult:
    consumed = await repo.consume_attempt(session, verification_id=verification_id, now=now)
    if consumed is None:
        verification = await repo.get(session, verification_id)
        if verification is None:
            raise NotFound("No verification with this id.", slug="verification-not-found")
        CODES_CHECKED.labels("refused").inc()
        raise _finished(verification, now)
    left = consumed.max_attempts - consumed.attempts
    if keeper.matches(code.strip(), consumed.code_hash):
        if await repo.finish(session, verification_id=verification_id, status="approved", now=now):
            after_commit(session, CODES_CHECKED.labels("approved").inc)
            return CheckResult(id=verification_id, status="approved", attempts_left=left)
        verification = await repo.get(session, verification_id)
        assert verification is not None
        CODES_CHECKED.labels("refused").inc()
        raise _finished(verification, now)
    if left <= 0:
        await repo.finish(
            session, verification_id=verification_id, status="max_attempts_reached", now=now
        )
        after_commit(session, CODES_CHECKED.labels("max_attempts_reached").inc)
        return CheckResult(id=verification_id, status="max_attempts_reached", attempts_left=0)
    after_commit(session, CODES_CHECKED.labels("pending").inc)
    return CheckResult(id=verification_id, status="pending", attempts_left=left)
