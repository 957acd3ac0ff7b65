"""The dev mailbox: every message the `mailbox` backend "sent", newest first (development only)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse

from campus_common.errors import Unprocessable, problem_responses
from notification_service.addresses import normalize_email
from notification_service.deps import SessionDep, SettingsDep
from notification_service.mailbox import repository
from notification_service.outbox.backends import MailboxBackend
from notification_service.pages import render_page
from notification_service.schemas import MailboxMessageOut, MailboxMessages

router = APIRouter(prefix="/mailbox", tags=["dev mailbox"])
_CODE_LINE = re.compile(r"^\s*(\d{4,10})\s*$", re.MULTILINE)

ToQuery = Annotated[str | None, Query(max_length=254, description="Only messages to this address")]
LimitQuery = Annotated[int, Query(ge=1, le=200)]
NewerQuery = Annotated[
    uuid.UUID | None,
    Query(description="Only messages newer than this one (all when it is not stored)"),
]
WaitQuery = Annotated[
    float,
    Query(
        ge=0,
        le=30,
        description="Seconds to wait for a message when there is none yet (long poll; 0: answer "
        "at once)",
    ),
]
# A waiting reader re-reads at least this often: messages stored by another process (a second
# worker or replica) are not signalled to this one.
_REREAD_SECONDS = 0.5


def _recipient(to: str | None) -> str | None:
    if not to or not to.strip():
        return None
    try:
        return normalize_email(to)
    except ValueError as exc:
        raise Unprocessable(f"to: {exc}", slug="validation-error") from exc


@router.get(
    "/api/messages",
    response_model=MailboxMessages,
    summary="Messages in the dev mailbox, newest first",
    responses=problem_responses(422),
)
async def list_messages(
    request: Request,
    session: SessionDep,
    to: ToQuery = None,
    limit: LimitQuery = 20,
    newer_than: NewerQuery = None,
    wait: WaitQuery = 0,
) -> MailboxMessages:
    recipient = _recipient(to)
    deadline = time.monotonic() + wait
    with _arrivals(request, recipient, waiting=wait > 0) as arrived:
        while True:
            if arrived is not None:
                arrived.clear()
            rows = await repository.latest(
                session, to=recipient, limit=limit, newer_than=newer_than
            )
            left = deadline - time.monotonic()
            if rows or arrived is None or left <= 0:
                break
            await session.commit()  # no connection held while waiting
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), min(left, _REREAD_SECONDS))
    return MailboxMessages(
        messages=[MailboxMessageOut.model_validate(r, from_attributes=True) for r in rows]
    )


@contextlib.contextmanager
def _arrivals(request: Request, to: str | None, *, waiting: bool) -> Iterator[asyncio.Event | None]:
    """The mailbox backend's signal of new messages to `to`; None when not waiting."""
    backend = request.app.state.email_backend
    if not waiting or not isinstance(backend, MailboxBackend):
        yield None
        return
    with backend.arrivals(to) as event:
        yield event


@router.get(
    "",
    response_class=HTMLResponse,
    summary="The dev mailbox page",
    responses=problem_responses(422),
)
async def mailbox_page(
    session: SessionDep, settings: SettingsDep, to: ToQuery = None, limit: LimitQuery = 50
) -> HTMLResponse:
    rows = await repository.latest(session, to=_recipient(to), limit=limit)
    entries = [(row, _code_of(row.text)) for row in rows]
    return render_page(
        "mailbox.html", entries=entries, to=to or "", platform_name=settings.platform_name
    )


def _code_of(text: str) -> str | None:
    """The one-time code of a code email: the line holding only digits."""
    found = _CODE_LINE.search(text)
    return found.group(1) if found else None
