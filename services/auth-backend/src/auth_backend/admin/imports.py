"""CSV import of users (`email,name,role`): every row checked first, nothing written on a dry
run or when any row is wrong.

Row numbers are those a spreadsheet shows: the header is row 1, so the first user is row 2.
Each error also gives `data_row`, the position among the users (header not counted).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from auth_backend.accounts import repository as repo
from auth_backend.accounts import service as accounts
from auth_backend.accounts.models import User
from auth_backend.accounts.schemas import ROLES
from auth_backend.admin import service as admin
from auth_backend.admin.schemas import ImportReport, ImportRowError
from auth_backend.audit import service as audit
from auth_backend.context import Context, RequestMeta
from campus_common.email import normalize_email
from campus_common.errors import Unprocessable
from campus_common.text import single_line

COLUMNS = ("email", "name", "role")
MAX_ROWS = 5000
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Row:
    row: int
    email: str
    name: str
    role: str
    errors: list[str] = field(default_factory=list)


def parse(text: str) -> list[Row]:
    """Rows with their own errors; a missing header or an unreadable file is a 422."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise Unprocessable("The file is empty.", slug="csv-empty") from exc
    except csv.Error as exc:
        raise Unprocessable(f"The file is not valid CSV ({exc}).", slug="csv-invalid") from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise Unprocessable(
            "The first row must be a header with the columns email,name,role "
            f"(missing: {', '.join(missing)}).",
            slug="csv-header",
        )
    index = {c: header.index(c) for c in COLUMNS}
    rows: list[Row] = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise Unprocessable(f"At most {MAX_ROWS} users per file.", slug="csv-too-long")
            cell = {c: (values[i] if i < len(values) else "") for c, i in index.items()}
            rows.append(_check(number, cell))
    except csv.Error as exc:
        raise Unprocessable(f"The file is not valid CSV ({exc}).", slug="csv-invalid") from exc
    _flag_duplicates(rows)
    return rows


def _check(number: int, cell: dict[str, str]) -> Row:
    # The email rule trims the address itself (ASCII whitespace only: a line separator around
    # it is refused, not trimmed away).
    row = Row(
        number, cell["email"], cell["name"].strip(), cell["role"].strip().lower() or "student"
    )
    try:
        row.email = normalize_email(cell["email"])
    except ValueError as exc:
        row.errors.append(f"email {cell['email'].strip()!r} is not a valid address: {exc}")
    if not row.name:
        row.errors.append("name is empty")
    elif (reason := _not_single_line(row.name)) is not None:
        row.errors.append(f"name {reason}")
    elif len(row.name) > 200:
        row.errors.append("name is longer than 200 characters")
    if row.role not in ROLES:
        row.errors.append(f"role {cell['role'].strip()!r} is not one of {', '.join(ROLES)}")
    return row


def _not_single_line(value: str) -> str | None:
    try:
        single_line(value)
    except ValueError as exc:
        return str(exc)
    return None


def _flag_duplicates(rows: list[Row]) -> None:
    first: dict[str, int] = {}
    for row in rows:
        if row.email in first:
            row.errors.append(f"email repeats row {first[row.email]}")
        else:
            first[row.email] = row.row


async def run(
    session: AsyncSession,
    ctx: Context,
    meta: RequestMeta,
    by: User,
    *,
    text: str,
    dry_run: bool,
    send_invites: bool,
    progress: Progress | None = None,
) -> ImportReport:
    rows = parse(text)
    taken = await repo.existing_emails(session, [r.email for r in rows if not r.errors])
    for row in rows:
        if row.email in taken:
            row.errors.append("a user with this email already exists")
    errors = [
        ImportRowError(row=r.row, data_row=i + 1, email=r.email or None, errors=r.errors)
        for i, r in enumerate(rows)
        if r.errors
    ]
    valid = [r for r in rows if not r.errors]
    report = ImportReport(
        dry_run=dry_run, rows=len(rows), valid=len(valid), created=0, invites_sent=0, errors=errors
    )
    if dry_run:
        return report
    if errors:
        raise Unprocessable(
            f"{len(errors)} row(s) have errors; nothing was imported.",
            slug="csv-rows-invalid",
            errors=[e.model_dump() for e in errors],
        )
    created: list[User] = []
    for done, row in enumerate(valid, start=1):
        user = await accounts.create_user(
            session, ctx, email=row.email, name=row.name, role=row.role, status="invited"
        )
        audit.record(session, ctx, meta, "user_imported", subject=user, actor_id=by.id)
        created.append(user)
        if progress:
            progress(done, len(valid) * (2 if send_invites else 1))
    report.created = len(created)
    if send_invites:
        for done, user in enumerate(created, start=1):
            report.invites_sent += await admin.invite_quietly(session, ctx, meta, by, user)
            if progress:
                progress(len(valid) + done, len(valid) * 2)
    return report
