"""Admin API for the SPA (role admin): status summary, recent and dead deliveries, retry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from campus_common.errors import problem_responses
from notification_service.admin import service
from notification_service.deps import SessionDep, SettingsDep
from notification_service.outbox import repository as outbox
from notification_service.schemas import Delivery, DeliveryList, DeliveryStatus, StatusSummary
from notification_service.status import service as status_service

router = APIRouter(prefix="/v1/admin", tags=["admin"])
LimitQuery = Annotated[int, Query(ge=1, le=200)]


@router.get(
    "/status",
    response_model=StatusSummary,
    summary="Health, SMTP reachability, outbox depth and delivery counts",
    responses=problem_responses(401, 403),
)
async def status(request: Request, session: SessionDep, settings: SettingsDep) -> StatusSummary:
    return await status_service.summary(
        session, settings=settings, monitor=request.app.state.monitor, now=datetime.now(UTC)
    )


@router.get(
    "/deliveries",
    response_model=DeliveryList,
    summary="Recent emails, newest first (recipients masked)",
    responses=problem_responses(401, 403, 422),
)
async def deliveries(
    session: SessionDep, status: DeliveryStatus | None = None, limit: LimitQuery = 50
) -> DeliveryList:
    rows = await outbox.recent(session, limit=limit, status=status)
    return DeliveryList(deliveries=[status_service.delivery_out(r) for r in rows])


@router.get(
    "/deliveries/dead",
    response_model=DeliveryList,
    summary="Emails that gave up after every retry",
    responses=problem_responses(401, 403, 422),
)
async def dead_deliveries(session: SessionDep, limit: LimitQuery = 50) -> DeliveryList:
    rows = await outbox.recent(session, limit=limit, status="dead")
    return DeliveryList(deliveries=[status_service.delivery_out(r) for r in rows])


@router.post(
    "/deliveries/{delivery_id}/retry",
    response_model=Delivery,
    summary="Send a dead email again",
    responses=problem_responses(401, 403, 404, 409),
)
async def retry(delivery_id: uuid.UUID, session: SessionDep) -> Delivery:
    message = await service.retry_dead(session, message_id=delivery_id, now=datetime.now(UTC))
    return status_service.delivery_out(message)
