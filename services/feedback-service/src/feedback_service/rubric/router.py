"""`/v1/rubric`: the default rubric (the current version, its versions, and, admin, a new
version), any version by number, and the rubric new feedback for a student is written with."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from campus_common.app import Tag
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.rubric import service
from feedback_service.rubric.schemas import RubricIn, RubricOut, RubricVersions
from feedback_service.store.records import RubricVersion

router = APIRouter(prefix="/v1/rubric", tags=[Tag("rubric", "Versioned rubric criteria")])


def to_out(rubric: RubricVersion) -> RubricOut:
    return RubricOut.model_validate(asdict(rubric))


@router.get("", responses=problem_responses(401, 404))
async def current_rubric(ctx: ContextDep, user: CurrentUser) -> RubricOut:
    """The default rubric: what new feedback of a cohort without a rubric is written with."""
    return to_out(await service.current(ctx.store))


@router.get("/for-student/{student_id}", responses=problem_responses(401, 403, 404, 422))
async def rubric_for_student(student_id: UUID, ctx: ContextDep, user: CurrentUser) -> RubricOut:
    """The rubric new feedback for this student is written with: their cohort's rubric, or the
    default one. Mentors ask about their own students; admins about any assigned student."""
    return to_out(await service.for_student(ctx, user=user, student_id=str(student_id)))


@router.get("/versions", responses=problem_responses(401))
async def rubric_versions(ctx: ContextDep, user: CurrentUser) -> RubricVersions:
    """The default rubric's versions, the oldest first."""
    return RubricVersions(items=[to_out(r) for r in await service.versions(ctx.store)])


@router.get("/versions/{version}", responses=problem_responses(401, 404, 422))
async def rubric_version(
    version: Annotated[int, Path(ge=1, le=1_000_000)], ctx: ContextDep, user: CurrentUser
) -> RubricOut:
    """A rubric version of any library rubric, e.g. the one a feedback was written with."""
    return to_out(await service.version(ctx.store, number=version))


@router.put(
    "",
    dependencies=[require_role("admin")],
    responses=problem_responses(400, 401, 403, 409, 422),
)
async def save_rubric(data: RubricIn, ctx: ContextDep, user: CurrentUser) -> RubricOut:
    """Save the default rubric as a new version; existing feedback keeps its own version."""
    return to_out(await service.save(ctx, user=user, data=data))
