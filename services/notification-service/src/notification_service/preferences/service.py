"""Rules of email preferences: a user reads and saves their own; an email request of an event
kind is sent, held for the recipient's digest or suppressed as they chose; every other kind is
transactional and always sent; the one-click unsubscribe turns digests off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from campus_common.email import normalize_email
from campus_common.errors import Unprocessable
from campus_common.jwt import Principal
from campus_common.logging import get_logger
from notification_service.preferences import repository as repo
from notification_service.preferences.schemas import (
    DEFAULT_DIGEST_HOUR,
    PREFERENCE_KINDS,
    KindChoices,
    PreferencesIn,
    PreferencesOut,
)

log = get_logger(__name__)


def _choices(stored: dict[str, str] | None) -> KindChoices:
    known = {k: v for k, v in (stored or {}).items() if k in PREFERENCE_KINDS}
    return KindChoices.model_validate(known)


async def mine(session: AsyncSession, *, user: Principal) -> PreferencesOut:
    row = await repo.get(session, user.id)
    if row is None:
        return PreferencesOut(kinds=KindChoices(), time_zone=None, digest_hour=DEFAULT_DIGEST_HOUR)
    return PreferencesOut(
        kinds=_choices(row.choices), time_zone=row.time_zone, digest_hour=row.digest_hour
    )


async def save_mine(
    session: AsyncSession, *, user: Principal, body: PreferencesIn, now: datetime
) -> PreferencesOut:
    try:
        email = normalize_email(user.email)
    except ValueError:
        raise Unprocessable(
            "Your sign-in carries no email address, so there is nothing to set.",
            slug="no-email-address",
        ) from None
    row = await repo.save(
        session,
        user_id=user.id,
        email=email,
        time_zone=body.time_zone,
        digest_hour=body.digest_hour,
        choices=body.kinds.model_dump(),
        now=now,
    )
    return PreferencesOut(
        kinds=_choices(row.choices), time_zone=row.time_zone, digest_hour=row.digest_hour
    )


async def hold_status(
    session: AsyncSession, *, template: str, to: str, user_id: str | None = None
) -> str | None:
    """How an email request must be stored: None (send it now), `digest` (wait for the
    recipient's digest) or `suppressed` (they turned the kind off). The recipient's choices are
    found by their user id (by the address only for a request without one). Transactional
    templates are never held, whatever the stored choices say."""
    if template not in PREFERENCE_KINDS:
        return None
    row = await (repo.get(session, user_id) if user_id else repo.by_email(session, to))
    if row is None:
        return None
    choice = (row.choices or {}).get(template, "immediate")
    if choice == "digest":
        return repo.HELD_FOR_DIGEST
    if choice == "off":
        return repo.SUPPRESSED
    return None


async def unsubscribe(session: AsyncSession, *, user_id: str, now: datetime) -> None:
    """The one-click unsubscribe of a digest (the link's token already checked, naming
    `user_id`): every kind the user had on digest turns off, and what was waiting for the next
    digest is suppressed."""
    row = await repo.get(session, user_id)
    if row is None:
        return
    row.choices = {
        kind: ("off" if choice == "digest" else choice)
        for kind, choice in (row.choices or {}).items()
    }
    row.updated_at = now
    waiting = await repo.held_ids(session, user_id=row.user_id, email=row.email)
    await repo.settle_held(session, ids=waiting, status=repo.SUPPRESSED, now=now)
    await session.flush()
    log.info("digests_unsubscribed", suppressed=len(waiting))
