"""The daily digest: at each user's local digest hour (their IANA time zone, DST-safe through
zoneinfo), the emails held for them since the previous digest become one digest email in the
outbox, in one transaction per user. The outbox delivers it with its retries; its idempotency
key (`digest:<user>:<local date>`) makes a second run, a second replica or a retry after a crash
send nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError

from campus_common.db import transaction
from campus_common.logging import get_logger
from campus_common.tasks import every
from notification_service.models import NotificationPreference
from notification_service.outbox import repository as outbox
from notification_service.preferences import repository as repo

if TYPE_CHECKING:
    from notification_service.context import Context

log = get_logger(__name__)

DIGEST_TEMPLATE = "digest"


@dataclass(frozen=True, slots=True)
class DigestMoment:
    day: date  # the local date of the digest
    at: datetime  # when it was due, in UTC


def latest_moment(time_zone: str, hour: int, now: datetime) -> DigestMoment:
    """The most recent local `hour:00` in `time_zone` at or before `now`. A local hour that a
    DST change skips is taken with the offset before the change (zoneinfo's fold=0), so the
    digest of that day still happens, an hour later by the clock."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    day = now.astimezone(zone).date()
    for _ in range(3):
        at = datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)
        if at <= now:
            return DigestMoment(day=day, at=at)
        day -= timedelta(days=1)
    raise AssertionError("unreachable: a local hour happens every day")


def digest_key(user_id: str, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def _name(held: list[Any]) -> str:
    """The recipient's name as the newest held email gave it (for the greeting)."""
    for message in reversed(held):
        data = message.data or {}
        name = data.get("recipient_name") or data.get("student_name")
        if name:
            return str(name)
    return ""


def _entry(template: str, data: dict[str, Any], created_at: datetime) -> dict[str, Any]:
    return {"kind": template, "at": created_at.isoformat(), **data}


async def _digest_for(ctx: Context, pref: NotificationPreference, now: datetime) -> bool:
    moment = latest_moment(pref.time_zone, pref.digest_hour, now)
    key = digest_key(pref.user_id, moment.day)
    try:
        async with transaction(ctx.sessionmaker) as session:
            if await outbox.by_idempotency_key(session, key) is not None:
                return False  # that day's digest is queued; what came later waits for the next
            held = await repo.held_entries(
                session, user_id=pref.user_id, email=pref.email, until=moment.at
            )
            if not held:
                return False
            # The entries move first, the digest is added next, one commit for both: a crash
            # anywhere before it leaves them held for the next run.
            await repo.settle_held(
                session, ids=[m.id for m in held], status=repo.IN_DIGEST, now=now
            )
            message = await outbox.enqueue(
                session,
                template=DIGEST_TEMPLATE,
                to=held[-1].to,  # the address the newest email was for
                user_id=pref.user_id,
                data={
                    "user_id": pref.user_id,
                    "day": moment.day.isoformat(),
                    "name": _name(held),
                    "entries": [_entry(m.template, m.data, m.created_at) for m in held],
                },
                idempotency_key=key,
                locale=held[-1].locale,
                now=now,
            )
            ctx.lanes.wake_after_commit(session, message.priority)
    except IntegrityError:  # another runner queued this digest at the same moment
        return False
    log.info("digest_queued", entries=len(held), outbox_id=str(message.id))
    return True


async def run_once(ctx: Context, *, now: datetime | None = None) -> int:
    """Queue every digest that is due at `now` (the context's clock by default); returns how
    many were queued."""
    now = now or ctx.clock()
    async with transaction(ctx.sessionmaker) as session:
        users = await repo.with_held_entries(session)
    queued = 0
    for pref in users:
        if await _digest_for(ctx, pref, now):
            queued += 1
    return queued


async def run_periodically(ctx: Context) -> None:
    """Every DIGEST_INTERVAL; a failed round is logged and the next one runs."""
    await every(
        ctx.settings.digest_interval.total_seconds(),
        lambda: run_once(ctx),
        failure="digest_round_failed",
    )
