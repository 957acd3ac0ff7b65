"""Retention: old verifications, code sends, settled emails and dev mailbox messages are deleted
(personal data kept no longer than needed). Run hourly by the monitor, or `campus-notification-service prune`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from notification_service.models import CodeSend, MailboxMessage, OutboxMessage, Verification
from notification_service.settings import Settings


async def prune(session: AsyncSession, *, settings: Settings, now: datetime) -> dict[str, int]:
    keep_until = now - settings.retention
    counts: dict[str, int] = {}

    async def run(name: str, statement: object) -> None:
        result = await session.execute(statement)  # type: ignore[call-overload]
        counts[name] = int(result.rowcount or 0)

    await run(
        "code_sends", delete(CodeSend).where(CodeSend.sent_at < now - 2 * settings.code_send_window)
    )
    await run(
        "email_outbox",
        delete(OutboxMessage).where(
            OutboxMessage.status.in_(("sent", "canceled", "dead")),
            OutboxMessage.updated_at < keep_until,
        ),
    )
    await run("verifications", delete(Verification).where(Verification.expires_at < keep_until))
    await run(
        "mailbox_messages",
        delete(MailboxMessage).where(MailboxMessage.created_at < now - settings.mailbox_retention),
    )
    return counts
