"""`/v1/rubrics` (admins): the rubric library. Each rubric keeps its own versions; a save is a
new version, and feedback keeps the version it was written with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, status

from campus_common.app import domain_router
from campus_common.deps import CurrentUser, require_role
from campus_common.errors import problem_responses
from feedback_service.deps import ContextDep
from feedback_service.rubric import library, service
from feedback_service.rubric.repository import DEFAULT_RUBRIC, LibraryRubric
from feedback_service.rubric.router import to_out
from feedback_service.rubric.schemas import (
    LibraryRubricList,
    LibraryRubricOut,
    RubricId,
    RubricIn,
    RubricOut,
    RubricRename,
    RubricVersions,
)
from feedback_service.store.adapters import FeedbackStore

router = domain_router(
    "rubrics",
    "The rubric library: several rubrics, each with its versions",
    prefix="/v1/rubrics",
    dependencies=[require_role("admin")],
)

Id = Annotated[RubricId, Path(description='A library rubric\'s id ("default" for the first).')]


async def _out(store: FeedbackStore, entry: LibraryRubric) -> LibraryRubricOut:
    latest = await store.current_rubric(entry.id)
    return LibraryRubricOut(
        id=entry.id,
        name=entry.name,
        archived=entry.archived,
        archived_at=entry.archived_at,
        created_at=entry.created_at,
        is_default=entry.id == DEFAULT_RUBRIC,
        current=to_out(latest) if latest else None,
    )


@router.get("", responses=problem_responses(401, 403))
async def list_library(ctx: ContextDep, user: CurrentUser) -> LibraryRubricList:
    """Every rubric of the library (archived ones too), the default one first."""
    entries = await library.entries(ctx.store)
    return LibraryRubricList(items=[await _out(ctx.store, e) for e in entries])


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(401, 403, 422))
async def create_rubric(data: RubricIn, ctx: ContextDep, user: CurrentUser) -> LibraryRubricOut:
    """A new rubric, `data` its first version (a rubric exported as JSON imports this way)."""
    first = await service.create(ctx, user=user, data=data)
    return await _out(ctx.store, await library.get(ctx.store, first.rubric_id))


@router.get("/{rubric_id}", responses=problem_responses(401, 403, 404, 422))
async def get_rubric(rubric_id: Id, ctx: ContextDep, user: CurrentUser) -> LibraryRubricOut:
    return await _out(ctx.store, await library.get(ctx.store, rubric_id))


@router.patch("/{rubric_id}", responses=problem_responses(401, 403, 404, 422))
async def rename_rubric(
    rubric_id: Id, data: RubricRename, ctx: ContextDep, user: CurrentUser
) -> LibraryRubricOut:
    """Rename a rubric (its versions keep the name they were saved with)."""
    entry = await library.rename(ctx, user=user, rubric_id=rubric_id, name=data.name)
    return await _out(ctx.store, entry)


@router.get("/{rubric_id}/versions", responses=problem_responses(401, 403, 404, 422))
async def library_versions(rubric_id: Id, ctx: ContextDep, user: CurrentUser) -> RubricVersions:
    """The rubric's versions, the oldest first."""
    entry = await library.get(ctx.store, rubric_id)
    return RubricVersions(items=[to_out(r) for r in await service.versions(ctx.store, entry.id)])


@router.post(
    "/{rubric_id}/versions",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
async def save_version(
    rubric_id: Id, data: RubricIn, ctx: ContextDep, user: CurrentUser
) -> RubricOut:
    """Save the rubric as a new version (409 while it is archived)."""
    return to_out(await service.save(ctx, user=user, data=data, rubric_id=rubric_id))


@router.post("/{rubric_id}/archive", responses=problem_responses(401, 403, 404, 409, 422))
async def archive_rubric(rubric_id: Id, ctx: ContextDep, user: CurrentUser) -> LibraryRubricOut:
    """Archive a rubric no cohort uses; the default rubric cannot be archived (409)."""
    return await _out(ctx.store, await library.archive(ctx, user=user, rubric_id=rubric_id))


@router.post("/{rubric_id}/restore", responses=problem_responses(401, 403, 404, 422))
async def restore_rubric(rubric_id: Id, ctx: ContextDep, user: CurrentUser) -> LibraryRubricOut:
    """Bring an archived rubric back (it can be changed and assigned again)."""
    return await _out(ctx.store, await library.restore(ctx, user=user, rubric_id=rubric_id))
