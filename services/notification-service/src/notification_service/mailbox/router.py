"""The dev mailbox: every message the `mailbox` backend "sent", newest first (development only)."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import HTMLResponse

from campus_common.errors import Unprocessable, problem_responses
from notification_service.addresses import normalize_email
from notification_service.deps import SessionDep, SettingsDep
from notification_service.mailbox import repository
from notification_service.pages import render_page
from notification_service.schemas import MailboxMessageOut, MailboxMessages

router = APIRouter(prefix="/mailbox", tags=["dev mailbox"])
_CODE_LINE = re.compile(r"^\s*(\d{4,10})\s*$", re.MULTILINE)

ToQuery = Annotated[str | None, Query(max_length=254, description="Only messages to this address")]
LimitQuery = Annotated[int, Query(ge=1, le=200)]


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
    session: SessionDep, to: ToQuery = None, limit: LimitQuery = 20
) -> MailboxMessages:
    rows = await repository.latest(session, to=_recipient(to), limit=limit)
    return MailboxMessages(
        messages=[MailboxMessageOut.model_validate(r, from_attributes=True) for r in rows]
    )


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
