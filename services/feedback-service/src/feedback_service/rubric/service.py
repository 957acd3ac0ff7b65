"""The rubric: every edit is a new version; feedback keeps the version it was written with."""

from __future__ import annotations

import weakref

from campus_common.errors import Conflict, NotFound, Unprocessable
from campus_common.jwt import Principal
from feedback_service.context import Context
from feedback_service.outbox import audit
from feedback_service.rubric.repository import RubricRepository, to_rubric
from feedback_service.rubric.schemas import RubricIn
from feedback_service.store.records import DuplicateError, RubricVersion


async def current(store: RubricRepository) -> RubricVersion:
    rubric = await store.current_rubric()
    if rubric is None:
        raise NotFound("No rubric has been defined yet.", slug="rubric-not-found")
    return rubric


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


async def versions(store: RubricRepository) -> list[RubricVersion]:
    return await store.list_rubrics()


async def save(ctx: Context, *, user: Principal, data: RubricIn) -> RubricVersion:
    store = ctx.store
    latest = await store.current_rubric()
    rubric = to_rubric(
        {**data.model_dump(), "created_at": ctx.clock(), "created_by": user.id},
        version=(latest.version + 1) if latest else 1,
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
