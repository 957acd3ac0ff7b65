"""Command line of the feedback service: `campus-feedback-service
migrate|check-migrations|seed-demo|release run [--now ISO-8601]`."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from campus_common import migrations
from campus_common.cli import add_now_option
from feedback_service.settings import Settings, get_settings
from feedback_service.store.adapters import is_mongo, make_store
from feedback_service.store.records import utcnow

MIGRATIONS = Path(__file__).parent / "migrations"


async def _seed(settings: Settings) -> dict[str, int]:
    from feedback_service.demo import seed

    store = make_store(settings)
    await store.start()
    try:
        return await seed(store)
    finally:
        await store.close()


async def _release(settings: Settings, now: datetime | None) -> int:
    """One round of the release job as of `now` (the current time by default; everything this
    run does takes it as the time), then the outbox delivered once, so the emails of what it
    published are on their way when this returns (a failed send is retried by the service)."""
    from feedback_service.context import Context
    from feedback_service.release.service import run_due

    ctx = Context(settings, clock=(lambda: now) if now else utcnow)
    await ctx.store.start()
    try:
        published = await run_due(ctx, limit=1000)
        while await ctx.relay.run_once():
            pass
        return published
    finally:
        await ctx.close()


def main(argv: list[str] | None = None) -> int:
    parser, sub = migrations.command_parser(
        "campus-feedback-service",
        "Feedback commands",
        migrate_help="apply database migrations (SQL) or create indexes (MongoDB)",
    )
    sub.add_parser("seed-demo", help="create the demo data (development only, idempotent)")
    release = sub.add_parser("release", help="scheduled publishing (the service also runs it)")
    release.add_argument("action", choices=["run"], help="publish the feedback scheduled until now")
    add_now_option(release)
    args = parser.parse_args(argv)
    settings = get_settings()
    if is_mongo(settings.database_url):
        if args.command == "migrate":
            asyncio.run(_indexes(settings))
        if args.command in ("migrate", "check-migrations"):
            return 0  # MongoDB has indexes (created by the store on start), no migrations
    elif migrations.run_command(args.command, MIGRATIONS, settings.database_url):
        return 0
    if args.command == "release":
        published = asyncio.run(_release(settings, args.now))
        sys.stdout.write(f"published={published}\n")
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
