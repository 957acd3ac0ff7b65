"""Queries on the email outbox and its delivery log.

Claiming is one UPDATE over a sub-select of due rows: on PostgreSQL the sub-select takes
`FOR UPDATE SKIP LOCKED`, so replicas never claim the same row; on SQLite the single writer makes
the statement atomic. A claim carries a lease: a row whose lease ran out (its worker died) is due
again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.request_id import current_request_id
from notification_service.models import DeliveryAttempt, OutboxMessage

CODE_PRIORITY = 0
DEFAULT_PRIORITY = 10
OPEN_STATUSES = ("pending", "sending")


async def enqueue(
    session: AsyncSession,
    *,
    template: str,
    to: str,
    data: dict[str, Any],
    now: datetime,
    message_id: uuid.UUID | None = None,
    sealed: bytes | None = None,
    priority: int = DEFAULT_PRIORITY,
    idempotency_key: str | None = None,
    verification_id: uuid.UUID | None = None,
    locale: str | None = None,
    status: str = "pending",
    user_id: str | None = None,
) -> OutboxMessage:
    """`status`: pending (to deliver), or digest / suppressed for a feedback email the
    recipient's preferences hold back (never claimed)."""
    message = OutboxMessage(
        id=message_id or uuid.uuid4(),
        template=template,
        to=to,
        data=data,
        sealed=sealed,
        locale=locale,
        user_id=user_id,
        idempotency_key=idempotency_key,
        verification_id=verification_id,
        priority=priority,
        request_id=current_request_id(),
        status=status,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(message)
    await session.flush()
    return message


async def by_idempotency_key(session: AsyncSession, key: str) -> OutboxMessage | None:
    result = await session.execute(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    )
    return result.scalar_one_or_none()


async def cancel_for_verifications(
    session: AsyncSession, *, verification_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    """Code emails not yet sent for these verifications will never be: their code is dead."""
    if not verification_ids:
        return
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.verification_id.in_(verification_ids),
            OutboxMessage.status == "pending",
        )
        .values(status="canceled", sealed=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    lease_until: datetime,
    token: str,
    limit: int,
    skip_locked: bool,
    max_priority: int | None = None,
) -> list[OutboxMessage]:
    due = or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.lease_expires_at < now),
    )
    if max_priority is not None:
        due = and_(due, OutboxMessage.priority <= max_priority)
    candidates = (
        select(OutboxMessage.id)
        .where(due)
        .order_by(OutboxMessage.priority, OutboxMessage.next_attempt_at)
        .limit(limit)
    )
    if skip_locked:
        candidates = candidates.with_for_update(skip_locked=True)
    result = await session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates), due)  # re-checked on the row's newest version
        .values(
            status="sending",
            attempts=OutboxMessage.attempts + 1,
            lease_expires_at=lease_until,
            claim_token=token,
            updated_at=now,
        )
        .returning(OutboxMessage),
        execution_options={"populate_existing": True, "synchronize_session": False},
    )
    return sorted(result.all(), key=lambda m: (m.priority, m.created_at))


async def renew_lease(
    session: AsyncSession,
    *,
    message_ids: Sequence[uuid.UUID],
    token: str,
    now: datetime,
    lease_until: datetime,
) -> set[uuid.UUID]:
    """Extend the claim on these rows; returns the ones still held under `token`."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.claim_token == token,
            OutboxMessage.status == "sending",
        )
        .values(lease_expires_at=lease_until, updated_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.scalars())


async def settle(
    session: AsyncSession,
    *,
    message_id: uuid.UUID,
    token: str,
    now: datetime,
    status: str,
    error: str | None = None,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record the outcome of a claim (only the holder of the claim token may)."""
    values: dict[str, Any] = {
        "status": status,
        "updated_at": now,
        "lease_expires_at": None,
        "claim_token": None,
        "last_error": error,
    }
    if status == "sent":
        values.update(sent_at=now, sealed=None)
    elif status == "canceled":
        values["sealed"] = None
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.claim_token == token,
            OutboxMessage.status == "sending",
        )
        .values(**values)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none() is not None


async def release(session: AsyncSession, *, message_ids: Sequence[uuid.UUID], token: str) -> None:
    """Give claimed rows back untried (their attempt is not counted)."""
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(message_ids),
            OutboxMessage.claim_token == token,
            OutboxMessage.status == "sending",
        )
        .values(
            status="pending",
            attempts=OutboxMessage.attempts - 1,
            lease_expires_at=None,
            claim_token=None,
        )
        .execution_options(synchronize_session=False)
    )


async def log_attempt(
    session: AsyncSession,
    *,
    message_id: uuid.UUID,
    now: datetime,
    result: str,
    error: str | None,
    duration_ms: int,
) -> None:
    session.add(
        DeliveryAttempt(
            outbox_id=message_id,
            attempted_at=now,
            result=result,
            error=error,
            duration_ms=duration_ms,
        )
    )
    await session.flush()


async def latest_for_verification(
    session: AsyncSession, *, verification_id: uuid.UUID
) -> OutboxMessage | None:
    result = await session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.verification_id == verification_id)
        .order_by(OutboxMessage.created_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()
