"""The declarative base of every domain's ORM models.

The transaction scope and its verbs (`transaction`, `after_commit`, `keep_when_refused`) are the
platform's one mechanism in `campus_common.db`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase

from campus_common.db import UTCDateTime, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}
