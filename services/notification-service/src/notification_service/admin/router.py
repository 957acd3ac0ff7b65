"""Admin API for the SPA (role admin, required where the router is included): status summary,
recent and dead deliveries, retry."""

from __future__ import annotations

import uuid

from campus_common.app import domain_router
from campus_common.errors import problem_responses
from campus_common.paging import Limit
from notification_service.admin import service
from notification_service.admin.schemas import Delivery, DeliveryList, DeliveryStatus
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.status import service as status_service
from notification_service.status.schemas import StatusSummary

router = domain_router("admin", "Delivery status and retries (role admin).", prefix="/v1/admin")


@router.get(
    "/status",
    summary="Health, SMTP reachability, outbox depth and delivery counts",
    responses=problem_responses(401, 403),
)
async def status(session: SessionDep, ctx: ContextDep, now: NowDep) -> StatusSummary:
    return await status_service.summary(session, ctx=ctx, now=now)


@router.get(
    "/deliveries",
    summary="Recent emails, newest first (recipients masked)",
    responses=problem_responses(401, 403, 422),
)
async def deliveries(
    session: SessionDep, status: DeliveryStatus | None = None, limit: Limit = 50
) -> DeliveryList:
    return await service.deliveries(session, limit=limit, status=status)


@router.get(
    "/deliveries/dead",
    summary="Emails that gave up after every retry",
    responses=problem_responses(401, 403, 422),
)
async def dead_deliveries(session: SessionDep, limit: Limit = 50) -> DeliveryList:
    return await service.deliveries(session, limit=limit, status="dead")


@router.post(
    "/deliveries/{delivery_id}/retry",
    summary="Send a dead email again",
    responses=problem_responses(401, 403, 404, 409),
)
async def retry(
    delivery_id: uuid.UUID, session: SessionDep, ctx: ContextDep, now: NowDep
) -> Delivery:
    return await service.retry_dead(session, lanes=ctx.lanes, message_id=delivery_id, now=now)
