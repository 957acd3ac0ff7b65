"""The public status page: server-rendered, no login, no personal data."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from notification_service.deps import SessionDep, SettingsDep
from notification_service.pages import render_page
from notification_service.status import service

router = APIRouter(tags=["status"])


@router.get("/", response_class=HTMLResponse, summary="Status page")
async def status_page(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    summary = await service.summary(
        session, settings=settings, monitor=request.app.state.monitor, now=datetime.now(UTC)
    )
    show_mailbox = settings.resolved_email_backend == "mailbox" and not settings.is_production
    return render_page(
        "status.html",
        s=summary,
        platform_name=settings.platform_name,
        brand_color=settings.brand_color,
        show_mailbox=show_mailbox,
    )
