"""Storage of the rubric library and its versions: the interface, one mapper, and the SQL
adapter (MongoDB's is in `mongo.py`).

A library rubric (`LibraryRubric`) has versions (`RubricVersion`, each naming its `rubric_id`);
version numbers are unique across the library. "default" is the rubric of every version saved
before the library existed and of cohorts without a rubric of their own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from feedback_service.models import RubricLibraryRow
from feedback_service.store.records import Criterion, DuplicateError, Level, RubricVersion
from feedback_service.store.sql import RUBRICS as R
from feedback_service.store.sql import SqlBase

LIBRARY = cast(Table, RubricLibraryRow.__table__)
DEFAULT_RUBRIC = "default"


@dataclass(slots=True)
class LibraryRubric:
    id: str
    name: str
    created_at: datetime
    created_by: str
    archived_at: datetime | None = None

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class RubricRepository(Protocol):
    async def current_rubric(self, rubric_id: str = DEFAULT_RUBRIC) -> RubricVersion | None:
        """The latest version of that library rubric."""

    async def get_rubric(self, version: int) -> RubricVersion | None: ...

    async def list_rubrics(self, rubric_id: str | None = None) -> list[RubricVersion]:
        """The versions of that library rubric (of every rubric when None), oldest first."""

    async def last_rubric_version(self) -> int:
        """The highest version number of the whole library (0 when there is none)."""

    async def add_rubric(self, rubric: RubricVersion) -> None:
        """Raise DuplicateError if that version number exists."""

    async def add_library_rubric(self, rubric: LibraryRubric) -> None:
        """Raise DuplicateError if that id exists."""

    async def get_library_rubric(self, rubric_id: str) -> LibraryRubric | None: ...

    async def list_library_rubrics(self) -> list[LibraryRubric]:
        """Every rubric of the library, the oldest first."""

    async def update_library_rubric(
        self, rubric_id: str, *, name: str, archived_at: datetime | None
    ) -> LibraryRubric | None:
        """Set its name and archive time; None when there is no such rubric."""


def to_rubric(values: Mapping[Any, Any], *, version: int) -> RubricVersion:
    """A rubric version from its stored form (a SQL row or a MongoDB document: the same fields,
    the version number read from the row's column or the document's `_id`; documents written
    before the library have no `rubric_id`), or from a new version's `RubricIn` dumped with its
    author and time."""
    return RubricVersion(
        version=version,
        name=values["name"],
        criteria=[
            Criterion(**{**c, "levels": [Level(**lv) for lv in c.get("levels", [])]})
            for c in values["criteria"]
        ],
        created_at=values["created_at"],
        created_by=values["created_by"],
        rubric_id=values.get("rubric_id") or DEFAULT_RUBRIC,
    )


def to_library_rubric(values: Mapping[Any, Any]) -> LibraryRubric:
    fields = dict(values)
    if "_id" in fields:
        fields["id"] = fields.pop("_id")
    return LibraryRubric(**fields)


def _row(row: Mapping[Any, Any]) -> RubricVersion:
    return to_rubric(row, version=row["version"])


class SqlRubrics(SqlBase):
    async def current_rubric(self, rubric_id: str = DEFAULT_RUBRIC) -> RubricVersion | None:
        query = select(R).where(R.c.rubric_id == rubric_id).order_by(R.c.version.desc()).limit(1)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _row(row) if row else None

    async def get_rubric(self, version: int) -> RubricVersion | None:
        async with self.reader.connect() as conn:
            row = (await conn.execute(select(R).where(R.c.version == version))).mappings().first()
        return _row(row) if row else None

    async def list_rubrics(self, rubric_id: str | None = None) -> list[RubricVersion]:
        query = select(R).order_by(R.c.version)
        if rubric_id is not None:
            query = query.where(R.c.rubric_id == rubric_id)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_row(r) for r in rows]

    async def last_rubric_version(self) -> int:
        async with self.reader.connect() as conn:
            highest = (await conn.execute(select(func.max(R.c.version)))).scalar()
        return int(highest or 0)

    async def add_rubric(self, rubric: RubricVersion) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(R).values(**asdict(rubric)))
        except IntegrityError as exc:
            raise DuplicateError("rubric version exists") from exc

    async def add_library_rubric(self, rubric: LibraryRubric) -> None:
        try:
            async with self.engine.begin() as conn:
                await conn.execute(insert(LIBRARY).values(**asdict(rubric)))
        except IntegrityError as exc:
            raise DuplicateError("rubric exists") from exc

    async def get_library_rubric(self, rubric_id: str) -> LibraryRubric | None:
        query = select(LIBRARY).where(LIBRARY.c.id == rubric_id)
        async with self.reader.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return to_library_rubric(row) if row else None

    async def list_library_rubrics(self) -> list[LibraryRubric]:
        query = select(LIBRARY).order_by(LIBRARY.c.created_at, LIBRARY.c.id)
        async with self.reader.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [to_library_rubric(r) for r in rows]

    async def update_library_rubric(
        self, rubric_id: str, *, name: str, archived_at: datetime | None
    ) -> LibraryRubric | None:
        statement = (
            update(LIBRARY)
            .where(LIBRARY.c.id == rubric_id)
            .values(name=name, archived_at=archived_at)
        )
        async with self.engine.begin() as conn:
            await conn.execute(statement)
        return await self.get_library_rubric(rubric_id)
