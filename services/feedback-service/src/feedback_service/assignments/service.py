"""Mentor ↔ student assignments (many to many, optionally under a cohort), one by one or from CSV."""

from __future__ import annotations

import csv
import io

from campus_common.email import normalize_email
from campus_common.errors import BadRequest, Conflict, NotFound, ServiceUnavailable, Unprocessable
from campus_common.jwt import Principal
from campus_common.text import single_line
from feedback_service.assignments.schemas import (
    AssignmentIn,
    AssignmentList,
    AssignmentOut,
    ImportResult,
    ImportRow,
)
from feedback_service.clients.directory import Directory, DirectoryUnavailable, DirectoryUser
from feedback_service.context import Context
from feedback_service.feedback.cohorts import matching
from feedback_service.outbox import audit, feed
from feedback_service.schemas import Person
from feedback_service.store.records import Assignment, DuplicateError, new_id

ASCII_SPACE = " \t\r\n\f\v"
MAX_IMPORT_ROWS = 5000


def unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "The user directory is unreachable; try again shortly.", slug="directory-unavailable"
    )


def person(user_id: str, users: dict[str, DirectoryUser]) -> Person:
    user = users.get(user_id)
    return Person(id=user_id, name=user.name if user else None, email=user.email if user else None)


async def to_out(directory: Directory, assignments: list[Assignment]) -> list[AssignmentOut]:
    users = await directory.names(
        [a.mentor_id for a in assignments] + [a.student_id for a in assignments]
    )
    return [
        AssignmentOut(
            id=a.id,
            mentor=person(a.mentor_id, users),
            student=person(a.student_id, users),
            cohort=a.cohort,
            created_at=a.created_at,
        )
        for a in assignments
    ]


async def list_for(
    ctx: Context,
    *,
    user: Principal,
    mentor_id: str | None,
    student_id: str | None,
    cohort: str | None,
) -> AssignmentList:
    """Admins see every assignment (filterable); a mentor sees their own."""
    if user.role == "mentor":
        mentor_id = user.id
    cohorts = matching(cohort, await ctx.store.assignment_cohorts()) if cohort else None
    items = await ctx.store.list_assignments(
        mentor_id=mentor_id, student_id=student_id, cohorts=cohorts
    )
    return AssignmentList(items=await to_out(ctx.directory, items))


def _check_roles(mentor: DirectoryUser | None, student: DirectoryUser | None) -> None:
    if mentor is None or mentor.role != "mentor" or mentor.status != "active":
        raise Unprocessable("The mentor is not an active mentor account.", slug="not-a-mentor")
    if student is None or student.role != "student" or student.status != "active":
        raise Unprocessable("The student is not an active student account.", slug="not-a-student")


async def create(ctx: Context, *, user: Principal, data: AssignmentIn) -> AssignmentOut:
    directory = ctx.directory
    try:
        if data.mentor_email is not None and data.student_email is not None:
            users = await directory.by_emails([data.mentor_email, data.student_email])
            mentor, student = (
                users.get(data.mentor_email.lower()),
                users.get(data.student_email.lower()),
            )
        else:
            ids = [str(data.mentor_id or ""), str(data.student_id or "")]
            by_id = await directory.by_ids([i for i in ids if i])
            emails = [e for e in (data.mentor_email, data.student_email) if e]
            by_email = await directory.by_emails(emails) if emails else {}
            mentor = by_id.get(ids[0]) or by_email.get((data.mentor_email or "").lower())
            student = by_id.get(ids[1]) or by_email.get((data.student_email or "").lower())
    except DirectoryUnavailable as exc:
        raise unavailable() from exc
    _check_roles(mentor, student)
    assert mentor is not None
    assert student is not None
    assignment = Assignment(
        id=new_id(),
        mentor_id=mentor.id,
        student_id=student.id,
        cohort=data.cohort,
        created_at=ctx.clock(),
        created_by=user.id,
    )
    try:
        await ctx.store.add_assignment(assignment)
    except DuplicateError as exc:
        raise Conflict(
            "This mentor is already assigned to this student.", slug="assignment-exists"
        ) from exc
    await _announce(ctx, user, assignment, mentor=mentor, student=student)
    return (await to_out(directory, [assignment]))[0]


async def _announce(
    ctx: Context,
    user: Principal,
    assignment: Assignment,
    *,
    mentor: DirectoryUser,
    student: DirectoryUser,
) -> None:
    """Queue the assignment's feed items, emails and audit entry (one event) once it is
    written, and wake the relay. (Just after the write, as `audit.record`: a crash in between
    loses the notice, never the assignment.)"""
    event = feed.assignment_added(
        assignment,
        mentor_name=mentor.name,
        student_name=student.name,
        actor_id=user.id,
        now=ctx.clock(),
    )
    await ctx.store.queue_event(event)
    ctx.relay.wake()


async def _audit(ctx: Context, event: str, user: Principal, assignment: Assignment) -> None:
    await audit.record(
        ctx.store,
        ctx.relay.wake,
        event,
        actor_id=user.id,
        subject_id=assignment.student_id,
        details={
            "assignment_id": assignment.id,
            "mentor_id": assignment.mentor_id,
            "cohort": assignment.cohort,
        },
        now=ctx.clock(),
    )


async def delete(ctx: Context, *, user: Principal, assignment_id: str) -> None:
    found = await ctx.store.get_assignment(assignment_id)
    if found is None or not await ctx.store.delete_assignment(assignment_id):
        raise NotFound("No assignment with this id.", slug="assignment-not-found")
    await _audit(ctx, audit.ASSIGNMENT_REMOVED, user, found)


def _normalised(parsed: tuple[int, str, str, str | None]) -> ImportRow:
    """The row with its addresses in the one normal form, or its error when one is refused."""
    line, mentor_email, student_email, cohort = parsed
    row = ImportRow(
        line=line,
        mentor_email=mentor_email,
        student_email=student_email,
        cohort=cohort,
        status="error",
    )
    for column in ("mentor_email", "student_email"):
        try:
            setattr(row, column, normalize_email(getattr(row, column)))
        except ValueError as exc:
            row.error = f"{column}: {exc}"
            break
    return row


def parse_csv(content: bytes) -> list[tuple[int, str, str, str | None]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest("The CSV file must be UTF-8.", slug="bad-csv") from exc
    try:
        return _parse_rows(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BadRequest(f"The CSV file cannot be read: {exc}.", slug="bad-csv") from exc


def _parse_rows(reader: csv.DictReader[str]) -> list[tuple[int, str, str, str | None]]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "mentor_email" not in header or "student_email" not in header:
        raise BadRequest(
            "The CSV needs a header line: mentor_email,student_email,cohort", slug="bad-csv"
        )
    reader.fieldnames = header
    rows = []
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            raise BadRequest(f"At most {MAX_IMPORT_ROWS} rows per file.", slug="bad-csv")
        # Only ASCII white space is trimmed (as the email rule does): a line separator or other
        # control character anywhere refuses the file, it is not quietly dropped.
        mentor = (record.get("mentor_email") or "").strip(ASCII_SPACE)
        student = (record.get("student_email") or "").strip(ASCII_SPACE)
        cohort = (record.get("cohort") or "").strip(ASCII_SPACE) or None
        try:
            single_line(f"{mentor} {student} {cohort or ''}")
        except ValueError as exc:
            raise BadRequest(
                f"Line {number} holds a line break or control character.", slug="bad-csv"
            ) from exc
        if not mentor and not student:
            continue
        rows.append((number, mentor, student, cohort))
    return rows


async def import_csv(
    ctx: Context, *, user: Principal, content: bytes, dry_run: bool
) -> ImportResult:
    """Bulk assignment from CSV; with `dry_run` only reports what would happen."""
    store = ctx.store
    rows = [_normalised(row) for row in parse_csv(content)]
    try:
        users = await ctx.directory.by_emails(
            [r.mentor_email for r in rows if not r.error]
            + [r.student_email for r in rows if not r.error]
        )
    except DirectoryUnavailable as exc:
        raise unavailable() from exc
    out: list[ImportRow] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        out.append(row)
        if row.error:
            continue
        cohort = row.cohort
        mentor, student = users.get(row.mentor_email), users.get(row.student_email)
        try:
            _check_roles(mentor, student)
        except Unprocessable as exc:
            row.error = exc.detail
            continue
        assert mentor is not None
        assert student is not None
        pair = (mentor.id, student.id)
        if pair in seen or await store.find_assignment(mentor_id=mentor.id, student_id=student.id):
            row.status = "exists"
            continue
        seen.add(pair)
        if dry_run:
            row.status = "would_create"
            continue
        assignment = Assignment(
            id=new_id(),
            mentor_id=mentor.id,
            student_id=student.id,
            cohort=cohort,
            created_at=ctx.clock(),
            created_by=user.id,
        )
        try:
            await store.add_assignment(assignment)
            row.status = "created"
        except DuplicateError:
            row.status = "exists"
        else:
            await _announce(ctx, user, assignment, mentor=mentor, student=student)
    created = sum(r.status == "created" for r in out)
    if created:
        await audit.record(
            store,
            ctx.relay.wake,
            audit.ASSIGNMENTS_IMPORTED,
            actor_id=user.id,
            details={"count": created, "rows": len(out)},
            now=ctx.clock(),
        )
    return ImportResult(
        dry_run=dry_run,
        created=sum(r.status in ("created", "would_create") for r in out),
        existing=sum(r.status == "exists" for r in out),
        errors=sum(r.status == "error" for r in out),
        rows=out,
    )
