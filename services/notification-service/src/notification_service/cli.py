"""Command line of the notification service: `campus-notification-service migrate|check-migrations|prune`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from campus_common import migrations
from campus_common.clock import utc_now
from notification_service import housekeeping
from notification_service.context import Context
from notification_service.settings import Settings, get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


async def _prune(settings: Settings) -> dict[str, int]:
    ctx = Context.build(settings, clock=utc_now)
    try:
        return await housekeeping.purge_once(ctx)
    finally:
        await ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser, sub = migrations.command_parser("campus-notification-service", "Notifications commands")
    sub.add_parser("prune", help="delete data past its retention (the service also does it hourly)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if migrations.run_command(args.command, MIGRATIONS, settings.database_url):
        return 0
    if args.command == "prune":
        counts = asyncio.run(_prune(settings))
        sys.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
