"""Field types the domain schemas share (addresses, header-safe text, strict request models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from notification_service.addresses import normalize_email

EmailAddress = Annotated[
    str,
    Field(min_length=3, max_length=254, examples=["alex.student@campus.local"]),
    AfterValidator(normalize_email),
]


def no_control_characters(value: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain control characters")
    return value


ShortText = Annotated[
    str, Field(min_length=1, max_length=200), AfterValidator(no_control_characters)
]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
