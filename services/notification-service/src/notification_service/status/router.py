"""The public status page: server-rendered, no login, no personal data."""

from __future__ import annotations

from starlette.responses import HTMLResponse

from campus_common.app import domain_router
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.status import service
from notification_service.status.pages import render_page

router = domain_router("status", "Public status page (no personal data).")


@router.get("/", response_class=HTMLResponse, summary="Status page")
async def status_page(session: SessionDep, ctx: ContextDep, now: NowDep) -> HTMLResponse:
    summary = await service.summary(session, ctx=ctx, now=now)
    return render_page(
        "status.html",
        s=summary,
        platform_name=ctx.settings.platform_name,
        brand_color=ctx.settings.brand_color,
        show_mailbox=service.mailbox_shown(ctx),
    )
