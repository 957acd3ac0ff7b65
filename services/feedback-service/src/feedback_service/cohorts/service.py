"""The rules of cohort settings: which library rubric new feedback of a cohort is written with,
its post policy and whether its students assess themselves. Admins set them; a cohort never
set (or feedback without a cohort) has the defaults: the default rubric, automatic release, no
self-assessment.

Other domains read a cohort's settings through `settings_for` and its rubric through
`rubric_for`."""

from __future__ import annotations

from campus_common.errors import Conflict, Unprocessable
from campus_common.jwt import Principal
from feedback_service.cohorts.repository import CohortRepository, CohortSettings
from feedback_service.cohorts.schemas import CohortSettingsIn
from feedback_service.context import Context
from feedback_service.rubric import library
from feedback_service.rubric.repository import DEFAULT_RUBRIC
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import RubricVersion


async def settings_for(store: CohortRepository, cohort: str | None) -> CohortSettings:
    """The settings of `cohort` (exact name), the defaults when it has none stored or is None."""
    if cohort is None:
        return CohortSettings.defaults("")
    return await store.get_cohort_settings(cohort) or CohortSettings.defaults(cohort)


async def rubric_for(store: FeedbackStore, cohort: str | None) -> RubricVersion:
    """The current version of the rubric new feedback of `cohort` is written with: the cohort's
    rubric, or the default rubric (also when the cohort's has no version yet)."""
    settings = await settings_for(store, cohort)
    if settings.rubric_id and settings.rubric_id != DEFAULT_RUBRIC:
        rubric = await store.current_rubric(settings.rubric_id)
        if rubric is not None:
            return rubric
    return await library.current(store, DEFAULT_RUBRIC)


async def all_settings(store: FeedbackStore) -> list[CohortSettings]:
    """Every cohort (of the assignments, or with settings stored) with its settings, by name."""
    stored = {s.cohort: s for s in await store.list_cohort_settings()}
    names = set(stored) | set(await store.assignment_cohorts())
    return [stored.get(name) or CohortSettings.defaults(name) for name in sorted(names)]


async def put(
    ctx: Context, *, user: Principal, cohort: str, data: CohortSettingsIn
) -> CohortSettings:
    """Set a cohort's settings. Its rubric must be in the library and not archived."""
    rubric_id = data.rubric_id
    if rubric_id is not None:
        entry = await library.find(ctx.store, rubric_id)
        if entry is None:
            raise Unprocessable(
                f"rubric_id: no rubric '{rubric_id}' in the library.",
                slug="unknown-rubric",
                errors=[
                    {
                        "loc": ["body", "rubric_id"],
                        "msg": "no rubric with this id in the library",
                        "type": "unknown_rubric",
                    }
                ],
            )
        if entry.archived:
            raise Conflict(
                f"The rubric '{entry.name}' is archived; restore it before assigning it.",
                slug="rubric-archived",
            )
        if rubric_id == DEFAULT_RUBRIC:
            rubric_id = None
    settings = CohortSettings(
        cohort=cohort,
        rubric_id=rubric_id,
        post_policy=data.post_policy,
        self_assessment=data.self_assessment,
        updated_at=ctx.clock(),
        updated_by=user.id,
    )
    await ctx.store.put_cohort_settings(settings)
    return settings
