"""`/v1/cohorts`: every cohort with its settings, and (admin) one cohort's settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.cohorts import service
from feedback_service.cohorts.repository import CohortSettings
from feedback_service.cohorts.schemas import (
    CohortName,
    CohortSettingsIn,
    CohortSettingsList,
    CohortSettingsOut,
)
from feedback_service.deps import ContextDep
from feedback_service.rubric import library
from feedback_service.rubric.repository import DEFAULT_RUBRIC

router = domain_router(
    "cohorts",
    "Per-cohort settings: rubric, post policy, self-assessment",
    prefix="/v1/cohorts",
    dependencies=[require_role("admin")],
)

Cohort = Annotated[CohortName, Path(description="The cohort's name, as assignments give it.")]


def _out(settings: CohortSettings, names: dict[str, str]) -> CohortSettingsOut:
    rubric_id = settings.rubric_id or DEFAULT_RUBRIC
    return CohortSettingsOut(
        cohort=settings.cohort,
        rubric_id=rubric_id,
        rubric_name=names.get(rubric_id),
        post_policy=settings.post_policy,
        self_assessment=settings.self_assessment,
        updated_at=settings.updated_at,
    )


@router.get("", responses=problem_responses(401, 403))
async def list_cohorts(ctx: ContextDep, user: CurrentUser) -> CohortSettingsList:
    """Every cohort (of the assignments, or already set) with its settings, by name."""
    names = await library.names(ctx.store)
    return CohortSettingsList(items=[_out(s, names) for s in await service.all_settings(ctx.store)])


@router.get("/{cohort}/settings", responses=problem_responses(401, 403, 422))
async def cohort_settings(cohort: Cohort, ctx: ContextDep, user: CurrentUser) -> CohortSettingsOut:
    """A cohort's settings (the defaults while it has never been set)."""
    settings = await service.settings_for(ctx.store, cohort)
    return _out(settings, await library.names(ctx.store))


@router.put("/{cohort}/settings", responses=problem_responses(401, 403, 409, 422))
async def put_cohort_settings(
    cohort: Cohort, data: CohortSettingsIn, ctx: ContextDep, user: CurrentUser
) -> CohortSettingsOut:
    """Set a cohort's rubric (one of the library, not archived), post policy and
    self-assessment."""
    settings = await service.put(ctx, user=user, cohort=cohort, data=data)
    return _out(settings, await library.names(ctx.store))
