"""Command line of the feedback service: `campus-feedback-service migrate|check-migrations|seed-demo`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from campus_common import migrations
from feedback_service.settings import Settings, get_settings
from feedback_service.store.adapters import is_mongo, make_store

MIGRATIONS = Path(__file__).parent / "migrations"


async def _seed(settings: Settings) -> dict[str, int]:
    from feedback_service.demo import seed

    store = make_store(settings)
    await store.start()
    try:
        return await seed(store)
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    parser, sub = migrations.command_parser(
        "campus-feedback-service",
        "Feedback commands",
        migrate_help="apply database migrations (SQL) or create indexes (MongoDB)",
    )
    sub.add_parser("seed-demo", help="create the demo data (development only, idempotent)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if is_mongo(settings.database_url):
        if args.command == "migrate":
            asyncio.run(_indexes(settings))
        if args.command in ("migrate", "check-migrations"):
            return 0  # MongoDB has indexes (created by the store on start), no migrations
    elif migrations.run_command(args.command, MIGRATIONS, settings.database_url):
        return 0
    if args.command == "seed-demo":
        if settings.is_production:
            sys.stderr.write("seed-demo refuses to run in production\n")
            return 2
        created = asyncio.run(_seed(settings))
        sys.stdout.write(
            "demo data: " + ", ".join(f"{n} {what} created" for what, n in created.items()) + "\n"
        )
    return 0


async def _indexes(settings: Settings) -> None:
    store = make_store(settings)
    await store.start()
    await store.close()


if __name__ == "__main__":
    sys.exit(main())
