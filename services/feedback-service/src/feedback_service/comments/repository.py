"""Storage of the comment bank: the interface, the comment as plain data, and the SQL adapter
(MongoDB's is in `mongo.py`).

Search is accent- and case-insensitive on every adapter: each comment stores its text folded
(`fold`) beside it, and a query is folded the same way and matched as a plain substring."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, delete, insert, or_, select, update

from feedback_service.models import CommentRow
from feedback_service.store.sql import SqlBase

COMMENTS = cast(Table, CommentRow.__table__)
# The most comments one bank lists (the most used first).
BANK_LIMIT = 200


def fold(value: str) -> str:
    """`value` without accents and case: "Révisé ÉTÉ" → "revise ete"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(slots=True)
class Comment:
    id: str
    owner_id: str | None  # None: shared (admin-curated)
    text: str
    criterion: str | None
    usage_count: int
    created_at: datetime
    updated_at: datetime

    @property
    def shared(self) -> bool:
        return self.owner_id is None


def to_comment(values: Mapping[Any, Any]) -> Comment:
    """A comment from a SQL row or a MongoDB document (`_id` is the id, `search` left out)."""
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
    fields.pop("search", None)
    return Comment(**fields)


def as_row(comment: Comment) -> dict[str, Any]:
    return {**asdict(comment), "search": fold(comment.text)}


def _like(query: str) -> str:
    escaped = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CommentRepository(Protocol):
    async def add_comment(self, comment: Comment) -> None: ...

    async def get_comment(self, comment_id: str) -> Comment | None: ...

    async def list_comments(
        self, *, owner_id: str, query: str = "", limit: int = BANK_LIMIT
    ) -> list[Comment]:
        """`owner_id`'s comments and the shared ones whose text holds `query` (accents and
        case ignored), the most used first (then the newest, then by id)."""

    async def update_comment(
        self, comment_id: str, *, text: str, criterion: str | None, at: datetime
    ) -> Comment | None:
        """The changed comment, or None when there is none with this id."""

    async def delete_comment(self, comment_id: str) -> bool:
        """Whether there was such a comment."""

    async def count_comment_use(self, comment_id: str) -> Comment | None:
        """Add one to its usage count (atomically); None when there is no such comment."""


class SqlComments(SqlBase):
    async def add_comment(self, comment: Comment) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(insert(COMMENTS).values(**as_row(comment)))

    async def get_comment(self, comment_id: str) -> Comment | None:
        query = select(COMMENTS).where(COMMENTS.c.id == comment_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return to_comment(row) if row else None

    async def list_comments(
        self, *, owner_id: str, query: str = "", limit: int = BANK_LIMIT
    ) -> list[Comment]:
        c = COMMENTS.c
        statement = select(COMMENTS).where(or_(c.owner_id == owner_id, c.owner_id.is_(None)))
        if query:
            statement = statement.where(c.search.like(_like(query), escape="\\"))
        statement = statement.order_by(
            c.usage_count.desc(), c.created_at.desc(), c.id.desc()
        ).limit(limit)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(statement)).mappings().all()
        return [to_comment(r) for r in rows]

    async def update_comment(
        self, comment_id: str, *, text: str, criterion: str | None, at: datetime
    ) -> Comment | None:
        statement = (
            update(COMMENTS)
            .where(COMMENTS.c.id == comment_id)
            .values(text=text, search=fold(text), criterion=criterion, updated_at=at)
        )
        async with self.engine.begin() as conn:
            await conn.execute(statement)
        return await self.get_comment(comment_id)

    async def delete_comment(self, comment_id: str) -> bool:
        async with self.engine.begin() as conn:
            result = await conn.execute(delete(COMMENTS).where(COMMENTS.c.id == comment_id))
        return bool(result.rowcount)

    async def count_comment_use(self, comment_id: str) -> Comment | None:
        statement = (
            update(COMMENTS)
            .where(COMMENTS.c.id == comment_id)
            .values(usage_count=COMMENTS.c.usage_count + 1)
        )
        async with self.engine.begin() as conn:
            await conn.execute(statement)
        return await self.get_comment(comment_id)
