"""What the request and response bodies of every domain share (Pydantic v2)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from campus_common.email import Email
from campus_common.text import SingleLine

__all__ = ["LONG_TEXT", "Email", "Name", "Person", "Strict", "Title"]

LONG_TEXT = 10_000

# Titles, names and labels can reach an email header (a subject, a sender name): one line, no
# control characters or line/paragraph separators (422 otherwise).
Title = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
Name = Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class Strict(BaseModel):
    """Request bodies: unknown fields refused, and no NUL characters (no store accepts them)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        """Checked per field, so the 422 names the field that carries one."""
        if _has_nul(value):
            raise ValueError("text must not contain NUL characters")
        return value


class Person(BaseModel):
    id: str
    name: str | None = None
    email: str | None = None
