"""The rubric: every edit is a new version; feedback keeps the version it was written with."""

from __future__ import annotations

import weakref

from campus_common.errors import Conflict, Forbidden, NotFound, Unprocessable
from campus_common.jwt import Principal
from feedback_service.cohorts import service as cohorts
from feedback_service.context import Context
from feedback_service.outbox import audit
from feedback_service.rubric import library
from feedback_service.rubric.repository import (
    DEFAULT_RUBRIC,
    LibraryRubric,
    RubricRepository,
    to_rubric,
)
from feedback_service.rubric.schemas import RubricIn
from feedback_service.store.records import DuplicateError, RubricVersion, new_id


async def current(store: RubricRepository, rubric_id: str = DEFAULT_RUBRIC) -> RubricVersion:
    """The latest version of a library rubric (of the default one unless named)."""
    return await library.current(store, rubric_id)


# Rubric versions never change once saved, so each is read from the store once per process.
_versions: weakref.WeakKeyDictionary[RubricRepository, dict[int, RubricVersion]] = (
    weakref.WeakKeyDictionary()
)


async def version(store: RubricRepository, *, number: int) -> RubricVersion:
    known = _versions.setdefault(store, {})
    rubric = known.get(number)
    if rubric is None:
        rubric = await store.get_rubric(number)
        if rubric is None:
            raise NotFound(f"No rubric version {number}.", slug="rubric-not-found")
        known[number] = rubric
    return rubric


async def versions(store: RubricRepository, rubric_id: str = DEFAULT_RUBRIC) -> list[RubricVersion]:
    return await store.list_rubrics(rubric_id)


async def create(ctx: Context, *, user: Principal, data: RubricIn) -> RubricVersion:
    """A new rubric of the library, with `data` as its first version."""
    entry = LibraryRubric(id=new_id(), name=data.name, created_at=ctx.clock(), created_by=user.id)
    await ctx.store.add_library_rubric(entry)
    return await save(ctx, user=user, data=data, rubric_id=entry.id)


async def save(
    ctx: Context, *, user: Principal, data: RubricIn, rubric_id: str = DEFAULT_RUBRIC
) -> RubricVersion:
    """A new version of a library rubric (not an archived one), numbered after the highest
    version of the whole library; the rubric takes the version's name."""
    store = ctx.store
    entry = await library.stored(ctx, rubric_id)
    if entry.archived:
        raise Conflict(
            f"The rubric '{entry.name}' is archived; restore it to change it.",
            slug="rubric-archived",
        )
    rubric = to_rubric(
        {
            **data.model_dump(),
            "created_at": ctx.clock(),
            "created_by": user.id,
            "rubric_id": entry.id,
        },
        version=await store.last_rubric_version() + 1,
    )
    try:
        await store.add_rubric(rubric)
    except DuplicateError as exc:
        raise Conflict(
            "The rubric was changed at the same time; reload and try again.",
            slug="rubric-changed",
        ) from exc
    await audit.record(
        store,
        ctx.relay.wake,
        audit.RUBRIC_SAVED,
        actor_id=user.id,
        details={
            "version": rubric.version,
            "name": rubric.name[:200],
            "criteria": len(rubric.criteria),
        },
        now=rubric.created_at,
    )
    if entry.name != rubric.name:
        await store.update_library_rubric(entry.id, name=rubric.name, archived_at=entry.archived_at)
    return rubric


def check_scores(rubric: RubricVersion, scores: dict[str, int], *, complete: bool) -> None:
    """Every score names a criterion of this rubric version and lies on its scale."""
    by_key = {c.key: c for c in rubric.criteria}
    for key, score in scores.items():
        criterion = by_key.get(key)
        if criterion is None:
            raise Unprocessable(
                f"'{key}' is not a criterion of rubric version {rubric.version}.",
                slug="unknown-criterion",
            )
        if not criterion.scale_min <= score <= criterion.scale_max:
            raise Unprocessable(
                f"The score for '{key}' must be between {criterion.scale_min} and "
                f"{criterion.scale_max}.",
                slug="score-out-of-scale",
            )
    if complete:
        missing = [k for k in by_key if k not in scores]
        if missing:
            raise Unprocessable(
                "Score every criterion before publishing (missing: " + ", ".join(missing) + ").",
                slug="incomplete-feedback",
            )


async def for_student(ctx: Context, *, user: Principal, student_id: str) -> RubricVersion:
    """The rubric new feedback for `student_id` is written with (the cohort of the caller's
    assignment of them, else of their first one): as `feedback.service.create` picks it."""
    if user.role not in ("mentor", "admin"):
        raise Forbidden("Only mentors and admins write feedback.", slug="not-staff")
    assignments = await ctx.store.list_assignments(student_id=student_id)
    mine = [a for a in assignments if a.mentor_id == user.id]
    if user.role == "mentor" and not mine:
        raise NotFound("No student with this id among yours.", slug="student-not-found")
    if not (mine or assignments):
        raise NotFound("No student with this id has a mentor.", slug="student-not-found")
    return await cohorts.rubric_for(ctx.store, (mine or assignments)[0].cohort)
