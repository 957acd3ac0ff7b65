"""The dev mailbox's reads: newest messages (to one address), a long poll that answers as soon as
a message arrives, and the one-time code of a code email for the page."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import uuid
from collections.abc import Iterator

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.email import normalize_email
from campus_common.errors import Unprocessable
from notification_service.mailbox import repository
from notification_service.mailbox.schemas import MailboxMessageOut, MailboxMessages
from notification_service.models import MailboxMessage
from notification_service.outbox.backends import EmailBackend, MailboxBackend

_CODE_LINE = re.compile(r"^\s*(\d{4,10})\s*$", re.MULTILINE)
# A waiting reader re-reads at least this often: messages stored by another process (a second
# worker or replica) are not signalled to this one.
_REREAD_SECONDS = 0.5


def recipient(to: str | None) -> str | None:
    if not to or not to.strip():
        return None
    try:
        return normalize_email(to)
    except ValueError as exc:
        raise Unprocessable(f"to: {exc}", slug="validation-error") from exc


async def messages(
    session: AsyncSession,
    *,
    backend: EmailBackend,
    to: str | None,
    limit: int,
    newer_than: uuid.UUID | None,
    wait: float,
) -> MailboxMessages:
    """The newest messages; with `wait`, wait up to that many seconds for one to arrive."""
    address = recipient(to)
    deadline = time.monotonic() + wait
    with _arrivals(backend, address, waiting=wait > 0) as arrived:
        while True:
            if arrived is not None:
                arrived.clear()
            rows = await repository.latest(session, to=address, limit=limit, newer_than=newer_than)
            left = deadline - time.monotonic()
            if rows or arrived is None or left <= 0:
                break
            # Read-only: hand the connection back while waiting (the request still owns the
            # session and ends it).
            await session.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), min(left, _REREAD_SECONDS))
    return MailboxMessages(
        messages=[MailboxMessageOut.model_validate(r, from_attributes=True) for r in rows]
    )


async def page_entries(
    session: AsyncSession, *, to: str | None, limit: int
) -> list[tuple[MailboxMessage, str | None]]:
    """The page's rows: each message with its one-time code, if it carries one."""
    rows = await repository.latest(session, to=recipient(to), limit=limit)
    return [(row, code_of(row.text)) for row in rows]


@contextlib.contextmanager
def _arrivals(
    backend: EmailBackend, to: str | None, *, waiting: bool
) -> Iterator[asyncio.Event | None]:
    """The mailbox backend's signal of new messages to `to`; None when not waiting."""
    if not waiting or not isinstance(backend, MailboxBackend):
        yield None
        return
    with backend.arrivals(to) as event:
        yield event


def code_of(text: str) -> str | None:
    """The one-time code of a code email: the line holding only digits."""
    found = _CODE_LINE.search(text)
    return found.group(1) if found else None
