"""Command line of the auth-backend service.

`campus-auth-backend migrate | check-migrations | seed-demo | create-admin | import-users |
rotate-keys | purge`
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend import housekeeping
from auth_backend.accounts import service as accounts
from auth_backend.accounts.models import User
from auth_backend.admin import imports
from auth_backend.admin.schemas import ImportReport
from auth_backend.audit import service as audit
from auth_backend.context import Context, RequestMeta
from auth_backend.main import build_context
from auth_backend.security.keys import KeyDirectory, SigningKeyError
from auth_backend.settings import Settings, get_settings
from campus_common import migrations
from campus_common.db import transaction
from campus_common.email import normalize_email
from campus_common.errors import ProblemError
from campus_common.text import single_line

MIGRATIONS = Path(__file__).parent / "migrations"
CLI_META = RequestMeta(ip=None, user_agent="campus-auth-backend cli", request_id=None)
T = TypeVar("T")


def _out(message: str) -> None:
    sys.stdout.write(message + "\n")


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")


async def _in_transaction(
    settings: Settings, work: Callable[[AsyncSession, Context], Awaitable[T]]
) -> T:
    ctx = build_context(settings)
    try:
        async with transaction(ctx.sessionmaker) as session:
            return await work(session, ctx)
    finally:
        await ctx.aclose()


def seed_demo(settings: Settings) -> int:
    if settings.is_production:
        _err("seed-demo refuses to run with ENVIRONMENT=production")
        return 2
    created = asyncio.run(_in_transaction(settings, accounts.seed_demo))
    _out(f"demo accounts: {len(created)} created" + (f" ({', '.join(created)})" if created else ""))
    return 0


def create_admin(settings: Settings, *, email: str, name: str) -> int:

    try:
        address, display = normalize_email(email), single_line(name.strip())
    except ValueError as exc:
        _err(f"not created: {exc}")
        return 1
    if not display or len(display) > 200:
        _err("not created: the name must have 1 to 200 characters")
        return 1
    password = os.environ.get("ADMIN_PASSWORD") or getpass.getpass("Password for the admin: ")

    async def work(session: AsyncSession, ctx: Context) -> User:
        accounts.check_password(ctx, password, email=address, name=display)
        user = await accounts.create_user(
            session,
            ctx,
            email=address,
            name=display,
            role="admin",
            status="active",
            password_hash=await ctx.hasher.hash(password),
        )
        audit.record(session, ctx, CLI_META, "user_created", subject=user, role="admin", via="cli")
        return user

    try:
        user = asyncio.run(_in_transaction(settings, work))
    except (ProblemError, ValueError) as exc:
        _err(f"not created: {getattr(exc, 'detail', None) or exc}")
        return 1
    _out(f"admin created: {user.email} ({user.id})")
    return 0


class ProgressBar:
    """A one-line progress bar on stderr (redrawn in place on a terminal)."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        filled = int(self.width * done / total) if total else self.width
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        sys.stderr.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def import_users(settings: Settings, *, path: Path, dry_run: bool, send_invites: bool) -> int:
    text = path.read_text(encoding="utf-8")

    async def work(session: AsyncSession, ctx: Context) -> ImportReport:
        actor = User(id=None, email="cli", name="cli", role="admin", status="active")
        return await imports.run(
            session,
            ctx,
            CLI_META,
            actor,
            text=text,
            dry_run=dry_run,
            send_invites=send_invites,
            progress=ProgressBar(),
        )

    try:
        report = asyncio.run(_in_transaction(settings, work))
    except ProblemError as exc:
        _err(f"nothing imported: {exc.detail}")
        for row in exc.extra.get("errors", []):
            _err(f"  row {row['row']} ({row['email']}): {'; '.join(row['errors'])}")
        return 1
    for error in report.errors:
        _err(f"  row {error.row} ({error.email}): {'; '.join(error.errors)}")
    verb = "would import" if report.dry_run else "imported"
    _out(
        f"{verb} {report.valid if report.dry_run else report.created} of {report.rows} rows, "
        f"{len(report.errors)} with errors, {report.invites_sent} invitations sent"
    )
    return 1 if report.errors else 0


def rotate_keys(settings: Settings, *, keep: int) -> int:
    if settings.jwt_private_keys or settings.jwt_private_keys_file:
        _err("keys come from JWT_PRIVATE_KEYS(_FILE): rotate them where they are stored")
        return 2
    store = KeyDirectory(settings.keys_dir)
    retired = store.rotate(keep=keep)
    _out(f"new signing key added in {settings.keys_dir}; {len(retired)} old key(s) retired")
    _out("restart the service (replicas one by one) to sign with it")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser, sub = migrations.command_parser("campus-auth-backend", "Auth commands")
    sub.add_parser("seed-demo", help="create the demo accounts (development only, idempotent)")
    admin = sub.add_parser(
        "create-admin", help="create an admin (password from ADMIN_PASSWORD or a prompt)"
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    imp = sub.add_parser("import-users", help="import users from a CSV file (email,name,role)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="only check the file")
    imp.add_argument("--no-invites", action="store_true", help="do not email invitations")
    sub.add_parser("purge", help="delete long-dead sessions and expired challenges now")
    rot = sub.add_parser("rotate-keys", help="add a signing key and retire the oldest")
    rot.add_argument("--keep", type=int, default=2, help="keys to keep (current + previous)")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        return _run(args, settings)
    except SigningKeyError as exc:
        _err(f"signing keys: {exc}")
        return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if migrations.run_command(args.command, MIGRATIONS, settings.database_url):
        return 0
    if args.command == "seed-demo":
        return seed_demo(settings)
    elif args.command == "create-admin":
        return create_admin(settings, email=args.email, name=args.name)
    elif args.command == "import-users":
        return import_users(
            settings, path=args.file, dry_run=args.dry_run, send_invites=not args.no_invites
        )
    elif args.command == "purge":
        counts = asyncio.run(_in_transaction(settings, housekeeping.purge))
        _out(
            f"deleted {counts['sessions']} old session(s)"
            f" and {counts['challenges']} expired challenge(s)"
        )
    elif args.command == "rotate-keys":
        return rotate_keys(settings, keep=max(1, args.keep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
