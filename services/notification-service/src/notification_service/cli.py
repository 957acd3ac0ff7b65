"""Command line of the notification service: `campus-notification-service
migrate|check-migrations|prune|digests run [--now ISO-8601]`."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from campus_common import migrations
from campus_common.cli import add_now_option
from campus_common.clock import utc_now
from notification_service import housekeeping
from notification_service.context import Context
from notification_service.preferences import digests
from notification_service.settings import Settings, get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


async def _prune(settings: Settings) -> dict[str, int]:
    ctx = Context.build(settings, clock=utc_now)
    try:
        return await housekeeping.purge_once(ctx)
    finally:
        await ctx.close()


async def _digests(settings: Settings, now: datetime | None) -> int:
    """Queue the digests due at `now` (the current time by default; everything this run does
    takes it as the time) and deliver the outbox once, so the digests are sent when this
    returns (a send that fails is retried by the service's workers)."""
    ctx = Context.build(settings, clock=(lambda: now) if now else utc_now)
    try:
        queued = await digests.run_once(ctx)
        while await ctx.outbox_worker.run_once():
            pass
        return queued
    finally:
        await ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser, sub = migrations.command_parser("campus-notification-service", "Notifications commands")
    sub.add_parser("prune", help="delete data past its retention (the service also does it hourly)")
    digest = sub.add_parser("digests", help="daily digests (the service also runs them)")
    digest.add_argument("action", choices=["run"], help="queue and send the digests due now")
    add_now_option(digest)
    args = parser.parse_args(argv)
    settings = get_settings()
    if migrations.run_command(args.command, MIGRATIONS, settings.database_url):
        return 0
    if args.command == "prune":
        counts = asyncio.run(_prune(settings))
        sys.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()) + "\n")
    if args.command == "digests":
        queued = asyncio.run(_digests(settings, args.now))
        sys.stdout.write(f"digests={queued}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
