"""The query parameters of list routes, one bound each: `limit: Limit = 50`, `offset: Offset = 0`,
`cursor: Cursor = None`. A route whose page may be larger than `Limit` allows says so with its
own `Annotated[int, Query(ge=1, le=...)]`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from campus_common.cursor import MAX_CURSOR_LENGTH

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000

# How many items one page holds.
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
# How many items to skip (offset paging).
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
# Where the previous page ended (keyset paging): what `campus_common.cursor` made.
Cursor = Annotated[str | None, Query(max_length=MAX_CURSOR_LENGTH)]
