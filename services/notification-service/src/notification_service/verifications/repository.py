"""Queries on verifications and code sends. Attempt counting is one conditional UPDATE."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import CodeSend, Verification


class ConsumedAttempt(NamedTuple):
    attempts: int
    max_attempts: int
    code_hash: str


async def get(session: AsyncSession, verification_id: uuid.UUID) -> Verification | None:
    return await session.get(Verification, verification_id, populate_existing=True)


async def lock_recipient(session: AsyncSession, *, to: str) -> None:
    """Serialise code sends to one address until the transaction ends (PostgreSQL; SQLite has
    a single writer, and callers write before they count)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:to, 0))"), {"to": to}
        )


async def cancel_pending(
    session: AsyncSession, *, to: str, purpose: str, now: datetime
) -> list[uuid.UUID]:
    result = await session.execute(
        update(Verification)
        .where(
            Verification.to == to,
            Verification.purpose == purpose,
            Verification.status == "pending",
        )
        .values(status="canceled", finished_at=now)
        .returning(Verification.id)
        .execution_options(synchronize_session=False)
    )
    return list(result.scalars())


async def consume_attempt(
    session: AsyncSession, *, verification_id: uuid.UUID, now: datetime
) -> ConsumedAttempt | None:
    """Use one attempt, atomically: None when the verification is not open for checks."""
    result = await session.execute(
        update(Verification)
        .where(
            Verification.id == verification_id,
            Verification.status == "pending",
            Verification.attempts < Verification.max_attempts,
            Verification.expires_at > now,
        )
        .values(attempts=Verification.attempts + 1)
        .returning(Verification.attempts, Verification.max_attempts, Verification.code_hash)
        .execution_options(synchronize_session=False)
    )
    row = result.one_or_none()
    return None if row is None else ConsumedAttempt(row[0], row[1], row[2])


async def finish(
    session: AsyncSession, *, verification_id: uuid.UUID, status: str, now: datetime
) -> bool:
    """Move a pending verification to a final status; False if it was no longer pending."""
    result = await session.execute(
        update(Verification)
        .where(Verification.id == verification_id, Verification.status == "pending")
        .values(status=status, finished_at=now)
        .returning(Verification.id)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none() is not None


async def rotate_code(
    session: AsyncSession,
    *,
    verification_id: uuid.UUID,
    code_hash: str,
    now: datetime,
    expires_at: datetime,
    sent_before: datetime,
) -> bool:
    """Give a pending verification a fresh code, unless it was sent after `sent_before`."""
    result = await session.execute(
        update(Verification)
        .where(
            Verification.id == verification_id,
            Verification.status == "pending",
            Verification.expires_at > now,
            Verification.last_sent_at <= sent_before,
        )
        .values(
            code_hash=code_hash,
            last_sent_at=now,
            expires_at=expires_at,
            send_count=Verification.send_count + 1,
        )
        .returning(Verification.id)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none() is not None


async def sends_since(
    session: AsyncSession, *, to: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many codes went to `to` after `since`, and when the oldest of them went."""
    result = await session.execute(
        select(func.count(CodeSend.id), func.min(CodeSend.sent_at)).where(
            CodeSend.to == to, CodeSend.sent_at > since
        )
    )
    count, oldest = result.one()
    return int(count), oldest


async def record_send(
    session: AsyncSession, *, verification_id: uuid.UUID, to: str, now: datetime
) -> None:
    session.add(CodeSend(verification_id=verification_id, to=to, sent_at=now))
    await session.flush()
