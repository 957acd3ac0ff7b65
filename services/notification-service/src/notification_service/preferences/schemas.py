"""Requests and responses of the preferences API, and the kinds a user may choose for."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from notification_service.schemas import StrictModel

# The emails of events a user may receive immediately, in a daily digest or not at all (each
# kind is its email's template). Every other email (sign-in and reset codes, invitations,
# password changed, any security notice) is transactional: always sent, whatever is stored.
PREFERENCE_KINDS = (
    "feedback_published",
    "feedback_message",
    "feedback_edited",
    "feedback_withdrawn",
    "feedback_acknowledged",
    "feedback_requested",
    "assignment_added",
)
PreferenceKind = Literal[
    "feedback_published",
    "feedback_message",
    "feedback_edited",
    "feedback_withdrawn",
    "feedback_acknowledged",
    "feedback_requested",
    "assignment_added",
]
Delivery = Literal["immediate", "digest", "off"]
DEFAULT_DIGEST_HOUR = 17


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _known_zone(value: str) -> str:
    if value not in _zones():
        raise ValueError("not a known IANA time zone (for example Europe/Madrid)")
    return value


TimeZone = Annotated[
    str, Field(min_length=1, max_length=64, examples=["Europe/Madrid"]), AfterValidator(_known_zone)
]
DigestHour = Annotated[int, Field(ge=0, le=23, description="Local hour of the daily digest")]


class KindChoices(StrictModel):
    """A choice per kind; a kind left out of a request is `immediate`."""

    feedback_published: Delivery = "immediate"
    feedback_message: Delivery = "immediate"
    feedback_edited: Delivery = "immediate"
    feedback_withdrawn: Delivery = "immediate"
    feedback_acknowledged: Delivery = "immediate"
    feedback_requested: Delivery = "immediate"
    assignment_added: Delivery = "immediate"


class PreferencesIn(StrictModel):
    kinds: KindChoices
    time_zone: TimeZone
    digest_hour: DigestHour = DEFAULT_DIGEST_HOUR


class PreferencesOut(BaseModel):
    kinds: KindChoices
    time_zone: str | None = Field(
        description="Null until the user saves (the app then offers the browser's zone)"
    )
    digest_hour: int


class UnsubscribeDone(BaseModel):
    digests: Literal["off"]
