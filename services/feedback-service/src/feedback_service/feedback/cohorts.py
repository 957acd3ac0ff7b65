"""Forgiving cohort filters: a cohort asked for by part of its name, whatever its case, accents
and dash ("week 8 - rev" finds "Week 8 — Review").

The store keeps cohorts as they were typed; the few distinct cohorts are read, folded in Python
(`campus_common.text.fold`) and the ones holding the folded text become an exact `IN` filter.
So SQLite, PostgreSQL (its prepared list path included) and MongoDB match the same cohorts and
keep using their cohort indexes, and no database extension is needed."""

from __future__ import annotations

from collections.abc import Iterable

from campus_common.text import fold


def matching(text: str | None, cohorts: Iterable[str | None]) -> tuple[str, ...] | None:
    """The cohorts among `cohorts` whose folded name holds the folded `text`, sorted; None
    (no cohort filter) when `text` is absent or blank."""
    needle = fold(text or "")
    if not needle:
        return None
    return tuple(sorted({c for c in cohorts if c is not None and needle in fold(c)}))
