"""The PostgreSQL list path: each filter shape's statement compiled once, then run on asyncpg
directly (its prepared-statement cache; no SQLAlchemy statement or execution context per
request). The list is the busiest query of the service and this is a fraction of its CPU."""

from __future__ import annotations

from typing import Any

from asyncpg.exceptions import PostgresConnectionError

from feedback_service.feedback.repository import to_feedback
from feedback_service.feedback.sql import SqlFeedback, filter_params, list_statement
from feedback_service.store.records import Cursor, Feedback, FeedbackFilter

MAX_SHAPES = 256


class PostgresFeedback(SqlFeedback):
    def __init__(self, url: str, **options: Any) -> None:
        super().__init__(url, **options)
        # (bind names, acknowledged, ascending) -> (SQL with $1.., bind names in that order)
        self._pg_lists: dict[tuple[Any, ...], tuple[str, list[str]]] = {}

    def _compiled(
        self, params: dict[str, Any], acknowledged: bool | None, ascending: bool
    ) -> tuple[str, list[str]]:
        key = (tuple(params), acknowledged, ascending)
        compiled = self._pg_lists.get(key)
        if compiled is None:
            query = list_statement(params, acknowledged, ascending).compile(
                dialect=self.engine.dialect
            )
            compiled = (str(query), list(query.positiontup or []))
            if len(self._pg_lists) >= MAX_SHAPES:
                self._pg_lists.clear()
            self._pg_lists[key] = compiled
        return compiled

    async def list_feedback(
        self, flt: FeedbackFilter, *, limit: int, after: Cursor | None, ascending: bool = False
    ) -> list[Feedback]:
        if flt.states == () or flt.cohorts == ():
            return []  # no state asked for, or no cohort matched: nothing matches
        params = filter_params(flt, after=after, limit=limit)
        sql, names = self._compiled(params, flt.acknowledged, ascending)
        async with self.reader.connect() as conn:
            raw = await conn.get_raw_connection()
            driver: Any = raw.driver_connection
            try:
                records = await driver.fetch(sql, *[params[n] for n in names])
            except Exception as exc:
                # A connection the server dropped (a restart) shows as one of several asyncpg
                # errors; like SQLAlchemy's own path, judge by whether the connection is closed.
                # Drop it from the pool and say 503 (the middleware maps ConnectionError).
                if isinstance(exc, OSError | PostgresConnectionError) or driver.is_closed():
                    await conn.invalidate()
                    raise ConnectionError("the database connection was lost") from exc
                raise
        return [to_feedback(r) for r in records]
