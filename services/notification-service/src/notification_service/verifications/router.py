"""HTTP of the internal verifications API (service token required, not routed by the edge)."""

from __future__ import annotations

import uuid

from fastapi import status

from campus_common.app import domain_router
from campus_common.errors import problem_responses
from notification_service.deps import ContextDep, NowDep, SessionDep
from notification_service.verifications import service
from notification_service.verifications.schemas import (
    CheckRequest,
    CheckResult,
    CodeLifetimes,
    VerificationCreate,
    VerificationOut,
)

router = domain_router(
    "verifications", "One-time codes (internal: service token).", prefix="/v1/verifications"
)


@router.get(
    "/lifetimes",
    summary="How long a code of each purpose stays usable (seconds)",
    responses=problem_responses(401, 403),
)
async def code_lifetimes(ctx: ContextDep) -> CodeLifetimes:
    return service.lifetimes(ctx.settings)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Start a verification: make a code and email it",
    responses=problem_responses(401, 403, 422, 429),
)
async def create_verification(
    body: VerificationCreate,
    session: SessionDep,
    ctx: ContextDep,
    now: NowDep,
) -> VerificationOut:
    verification = await service.create(session, ctx=ctx, request=body, now=now)
    return service.to_out(verification, settings=ctx.settings, now=now)


@router.post(
    "/{verification_id}/resend",
    summary="Send a fresh code (the previous one dies)",
    responses=problem_responses(401, 403, 404, 409, 429),
)
async def resend_verification(
    verification_id: uuid.UUID,
    session: SessionDep,
    ctx: ContextDep,
    now: NowDep,
) -> VerificationOut:
    verification = await service.resend(session, ctx=ctx, verification_id=verification_id, now=now)
    return service.to_out(verification, settings=ctx.settings, now=now)


@router.post(
    "/{verification_id}/check",
    summary="Check a code",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def check_verification(
    verification_id: uuid.UUID,
    body: CheckRequest,
    session: SessionDep,
    ctx: ContextDep,
    now: NowDep,
) -> CheckResult:
    return await service.check(
        session,
        keeper=ctx.keeper,
        verification_id=verification_id,
        code=body.code,
        now=now,
    )
