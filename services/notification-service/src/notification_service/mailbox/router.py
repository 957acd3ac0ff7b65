"""The dev mailbox: every message the `mailbox` backend "sent", newest first (development only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query
from starlette.responses import HTMLResponse

from campus_common.app import domain_router
from campus_common.errors import problem_responses
from campus_common.paging import Limit
from notification_service.deps import ContextDep, SessionDep
from notification_service.mailbox import service
from notification_service.mailbox.schemas import MailboxMessages
from notification_service.status.pages import render_page

router = domain_router("dev mailbox", "Captured emails (development only).", prefix="/mailbox")

ToQuery = Annotated[str | None, Query(max_length=254, description="Only messages to this address")]
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


@router.get(
    "/api/messages",
    summary="Messages in the dev mailbox, newest first",
    responses=problem_responses(422),
)
async def list_messages(
    session: SessionDep,
    ctx: ContextDep,
    to: ToQuery = None,
    limit: Limit = 20,
    newer_than: NewerQuery = None,
    wait: WaitQuery = 0,
) -> MailboxMessages:
    return await service.messages(
        session, backend=ctx.backend, to=to, limit=limit, newer_than=newer_than, wait=wait
    )


@router.get(
    "",
    response_class=HTMLResponse,
    summary="The dev mailbox page",
    responses=problem_responses(422),
)
async def mailbox_page(
    session: SessionDep, ctx: ContextDep, to: ToQuery = None, limit: Limit = 50
) -> HTMLResponse:
    entries = await service.page_entries(session, to=to, limit=limit)
    return render_page(
        "mailbox.html", entries=entries, to=to or "", platform_name=ctx.settings.platform_name
    )
