"""The rubric library: admins create, rename, archive and restore rubrics; each keeps its own
versions (`rubric.service.save`). The "default" rubric is the one of every version saved before
the library, of `/v1/rubric`, and of cohorts without a rubric; it is listed as soon as it has a
version and cannot be archived."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from campus_common.errors import Conflict, NotFound
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.rubric.repository import DEFAULT_RUBRIC, LibraryRubric, RubricRepository
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import DuplicateError, RubricVersion


def _not_found(rubric_id: str) -> NotFound:
    return NotFound(f"No rubric '{rubric_id}' in the library.", slug="rubric-not-found")


async def _implicit_default(store: RubricRepository) -> LibraryRubric | None:
    """The default rubric of a store whose versions predate its library entry (demo data, a
    store migrated without versions): named after its latest version."""
    latest = await store.current_rubric(DEFAULT_RUBRIC)
    if latest is None:
        return None
    return LibraryRubric(
        id=DEFAULT_RUBRIC,
        name=latest.name,
        created_at=latest.created_at,
        created_by=latest.created_by,
    )


async def find(store: RubricRepository, rubric_id: str) -> LibraryRubric | None:
    entry = await store.get_library_rubric(rubric_id)
    if entry is None and rubric_id == DEFAULT_RUBRIC:
        entry = await _implicit_default(store)
    return entry


async def get(store: RubricRepository, rubric_id: str) -> LibraryRubric:
    entry = await find(store, rubric_id)
    if entry is None:
        raise _not_found(rubric_id)
    return entry


async def entries(store: RubricRepository) -> list[LibraryRubric]:
    """Every rubric of the library, the default one first, then the oldest first."""
    stored = await store.list_library_rubrics()
    if not any(e.id == DEFAULT_RUBRIC for e in stored):
        default = await _implicit_default(store)
        stored = [default, *stored] if default else stored
    return sorted(stored, key=lambda e: e.id != DEFAULT_RUBRIC)


async def names(store: RubricRepository) -> dict[str, str]:
    return {e.id: e.name for e in await entries(store)}


async def current(store: RubricRepository, rubric_id: str) -> RubricVersion:
    rubric = await store.current_rubric(rubric_id)
    if rubric is None:
        if rubric_id == DEFAULT_RUBRIC:
            raise NotFound("No rubric has been defined yet.", slug="rubric-not-found")
        raise NotFound(f"The rubric '{rubric_id}' has no version yet.", slug="rubric-not-found")
    return rubric


async def stored(ctx: Context, rubric_id: str) -> LibraryRubric:
    """The library entry of `rubric_id`, stored (the implicit default one is stored first)."""
    entry = await ctx.store.get_library_rubric(rubric_id)
    if entry is not None:
        return entry
    if rubric_id != DEFAULT_RUBRIC:
        raise _not_found(rubric_id)
    entry = await _implicit_default(ctx.store) or LibraryRubric(
        id=DEFAULT_RUBRIC, name="Default rubric", created_at=ctx.clock(), created_by="system"
    )
    with suppress(DuplicateError):  # stored meanwhile by another request
        await ctx.store.add_library_rubric(entry)
    return await get(ctx.store, rubric_id)


async def rename(ctx: Context, *, user: Principal, rubric_id: str, name: str) -> LibraryRubric:
    entry = await stored(ctx, rubric_id)
    return await _update(ctx.store, entry, name=name, archived_at=entry.archived_at)


async def _cohorts_using(store: FeedbackStore, rubric_id: str) -> list[str]:
    return [s.cohort for s in await store.list_cohort_settings() if s.rubric_id == rubric_id]


async def archive(ctx: Context, *, user: Principal, rubric_id: str) -> LibraryRubric:
    """Archive a rubric no cohort uses (its versions stay, for the feedback written with them)."""
    if rubric_id == DEFAULT_RUBRIC:
        raise Conflict("The default rubric cannot be archived.", slug="default-rubric")
    entry = await stored(ctx, rubric_id)
    using = await _cohorts_using(ctx.store, rubric_id)
    if using:
        raise Conflict(
            "Cohorts use this rubric: " + ", ".join(using) + ". Give them another one first.",
            slug="rubric-in-use",
            cohorts=using,
        )
    if entry.archived:
        return entry
    return await _update(ctx.store, entry, name=entry.name, archived_at=ctx.clock())


async def restore(ctx: Context, *, user: Principal, rubric_id: str) -> LibraryRubric:
    entry = await stored(ctx, rubric_id)
    return await _update(ctx.store, entry, name=entry.name, archived_at=None)


async def _update(
    store: RubricRepository, entry: LibraryRubric, *, name: str, archived_at: datetime | None
) -> LibraryRubric:
    changed = await store.update_library_rubric(entry.id, name=name, archived_at=archived_at)
    if changed is None:
        raise _not_found(entry.id)
    return changed
