"""Retention: old verifications, code sends, settled emails and dev mailbox messages are deleted
(personal data kept no longer than needed). Run hourly in the background, or
`campus-notification-service prune`. The same shape as auth-backend's housekeeping: `purge` in
the caller's transaction, `purge_once` in its own, `run_periodically` on `campus_common.tasks`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.db import purge_in_transaction
from campus_common.tasks import every
from notification_service.models import CodeSend, MailboxMessage, OutboxMessage, Verification

if TYPE_CHECKING:
    from notification_service.context import Context

PURGE_INTERVAL = 3600.0


async def purge(session: AsyncSession, ctx: Context) -> dict[str, int]:
    """Delete what is past its retention; returns the rows deleted per table."""
    settings, now = ctx.settings, ctx.clock()
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
            # digested / suppressed: feedback emails sent in a digest or turned off (a held
            # `digest` row waits for its digest, whatever its age).
            OutboxMessage.status.in_(("sent", "canceled", "dead", "digested", "suppressed")),
            OutboxMessage.updated_at < keep_until,
        ),
    )
    await run("verifications", delete(Verification).where(Verification.expires_at < keep_until))
    await run(
        "mailbox_messages",
        delete(MailboxMessage).where(MailboxMessage.created_at < now - settings.mailbox_retention),
    )
    return counts


async def purge_once(ctx: Context) -> dict[str, int]:
    return await purge_in_transaction(
        ctx.sessionmaker, lambda s: purge(s, ctx), event="retention_pruned"
    )


async def run_periodically(ctx: Context) -> None:
    """At start, then hourly; a failed round is logged and the next one tries again."""
    await every(PURGE_INTERVAL, lambda: purge_once(ctx), failure="retention_prune_failed")
