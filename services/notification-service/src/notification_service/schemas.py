"""Field types the domain schemas share: addresses (the platform's one email rule), text that
may reach an email header (one line, no separators or control characters), strict requests."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from campus_common.email import Email
from campus_common.text import SingleLine

EmailAddress = Annotated[Email, Field(max_length=254, examples=["alex.student@campus.local"])]

# Names, titles and keys: one line each (a 422 otherwise), so nothing breaks a header later.
ShortText = Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
PersonName = Annotated[SingleLine, StringConstraints(max_length=300)]
Title = Annotated[SingleLine, StringConstraints(min_length=1, max_length=500)]
# The recipient's language as a BCP 47 tag ("es", "es-MX"); emails use its language when there
# is a catalog for it, English otherwise.
Locale = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$", examples=["es"])]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
