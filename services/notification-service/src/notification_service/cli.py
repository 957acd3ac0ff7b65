"""Command line of the notification-service service: `campus-notification-service migrate|check-migrations|seed-demo`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campus_common import migrations
from notification_service.settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="campus-notification-service", description="Notifications commands"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations up to the latest")
    sub.add_parser("check-migrations", help="fail if models and migrations have drifted")
    sub.add_parser("seed-demo", help="create the demo data (development only, idempotent)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "migrate":
        migrations.upgrade(MIGRATIONS, settings.database_url)
    elif args.command == "check-migrations":
        migrations.check(MIGRATIONS, settings.database_url)
    elif args.command == "seed-demo":
        pass  # filled in by the service's demo data
    return 0


if __name__ == "__main__":
    sys.exit(main())
