"""Demo data for `make run` (development only, idempotent): the demo cohort's assignments, a
rubric, and a dozen published feedback entries over several weeks (plus a draft, and one
acknowledged with a reply) so the trend charts have something to show."""

from __future__ import annotations

import uuid
from datetime import timedelta

from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import (
    Assignment,
    Criterion,
    DuplicateError,
    Feedback,
    Level,
    RubricVersion,
    State,
    utcnow,
)

DEMO_COHORT = "Spring 2027 — Web Dev"
# Which mentor looks after which demo students (Maria: Alex, Bea, Chen; Tom: Dara, Eli, Fay;
# both mentor Chen, to show many-to-many).
DEMO_ASSIGNMENTS: tuple[tuple[str, str], ...] = (
    ("maria.mentor@campus.local", "alex.student@campus.local"),
    ("maria.mentor@campus.local", "bea.student@campus.local"),
    ("maria.mentor@campus.local", "chen.student@campus.local"),
    ("tom.mentor@campus.local", "chen.student@campus.local"),
    ("tom.mentor@campus.local", "dara.student@campus.local"),
    ("tom.mentor@campus.local", "eli.student@campus.local"),
    ("tom.mentor@campus.local", "fay.student@campus.local"),
)
# The demo accounts' ids, as auth-backend's seed-demo gives them (auth_backend.demo): uuid5 of the
# lower-cased email in this namespace (libs/campus-testing's tests check that both agree).
_ACCOUNT_NS = uuid.UUID("6f1c7a52-4d0e-4a0e-9c55-0c6b2b8a1d10")


def demo_user_id(email: str) -> uuid.UUID:
    return uuid.uuid5(_ACCOUNT_NS, email.lower())


_NS = uuid.UUID("0b6c3f1e-5a55-4d3b-9d1c-6a1f3e7f2b90")
ADMIN = str(demo_user_id("admin@campus.local"))
LEVELS = ["Beginning", "Developing", "Proficient", "Advanced", "Exemplary"]
CRITERIA = [
    ("code_quality", "Code quality", "Readable, tested, idiomatic code."),
    ("problem_solving", "Problem solving", "Breaks problems down and finds sound solutions."),
    ("communication", "Communication", "Explains work clearly in writing and in person."),
    ("collaboration", "Collaboration", "Reviews, pairs and helps others."),
]
# (mentor, student, weeks ago, base score): Alex and Bea improve, Chen steady, Dara mixed...
PLAN = [
    ("maria", "alex", 6, 2),
    ("maria", "alex", 4, 3),
    ("maria", "alex", 2, 4),
    ("maria", "bea", 5, 3),
    ("maria", "bea", 3, 3),
    ("maria", "bea", 1, 4),
    ("maria", "chen", 5, 4),
    ("tom", "chen", 2, 4),
    ("tom", "dara", 6, 3),
    ("tom", "dara", 3, 2),
    ("tom", "eli", 4, 3),
    ("tom", "fay", 2, 5),
]
TEXTS = {
    "strengths": "Solid progress on the sprint goals; tests came with every change.",
    "improvements": "Break large pull requests into smaller ones and write clearer descriptions.",
    "comments": "Good work this period. Let's review the deployment checklist together.",
}


def _email(short: str, role: str) -> str:
    return f"{short}.{role}@campus.local"


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NS, "/".join(str(p) for p in parts)))


def demo_rubric() -> RubricVersion:
    return RubricVersion(
        version=1,
        name="Web Dev mentoring rubric",
        criteria=[
            Criterion(
                key=key,
                name=name,
                description=description,
                scale_min=1,
                scale_max=5,
                levels=[Level(score=i + 1, label=label) for i, label in enumerate(LEVELS)],
            )
            for key, name, description in CRITERIA
        ],
        created_at=utcnow() - timedelta(weeks=8),
        created_by=ADMIN,
    )


async def seed(store: FeedbackStore) -> dict[str, int]:
    """Create what is missing; running it again changes nothing."""
    created = {"assignments": 0, "rubric": 0, "feedback": 0}
    now = utcnow()
    for mentor_email, student_email in DEMO_ASSIGNMENTS:
        assignment = Assignment(
            id=_id("assignment", mentor_email, student_email),
            mentor_id=str(demo_user_id(mentor_email)),
            student_id=str(demo_user_id(student_email)),
            cohort=DEMO_COHORT,
            created_at=now - timedelta(weeks=8),
            created_by=ADMIN,
        )
        try:
            await store.add_assignment(assignment)
            created["assignments"] += 1
        except DuplicateError:
            pass
    if await store.get_rubric(1) is None:
        await store.add_rubric(demo_rubric())
        created["rubric"] += 1
    entries = [*PLAN, ("maria", "alex", 0, 4)]
    for index, (mentor, student, weeks, base) in enumerate(entries):
        feedback_id = _id("feedback", index, mentor, student, weeks)
        if await store.get_feedback(feedback_id) is not None:
            continue
        draft = index == len(PLAN)
        when = now - timedelta(weeks=weeks, hours=index)
        scores = {key: max(1, min(5, base + (i % 3) - 1)) for i, (key, _, _) in enumerate(CRITERIA)}
        acknowledged = index == 0
        feedback = Feedback(
            id=feedback_id,
            student_id=str(demo_user_id(_email(student, "student"))),
            mentor_id=str(demo_user_id(_email(mentor, "mentor"))),
            cohort=DEMO_COHORT,
            title=f"Week {8 - weeks} review" if not draft else "Week 8 review (draft)",
            rubric_version=1,
            scores=scores,
            overall_rating=base,
            state=State.draft if draft else State.published,
            created_at=when,
            updated_at=when,
            published_at=None if draft else when,
            acknowledged_at=when + timedelta(days=1) if acknowledged else None,
            reply="Thanks! I'll split my pull requests from now on." if acknowledged else None,
            replied_at=when + timedelta(days=1) if acknowledged else None,
            strengths=TEXTS["strengths"],
            improvements=TEXTS["improvements"],
            comments=TEXTS["comments"],
        )
        await store.add_feedback(feedback)
        created["feedback"] += 1
    return created
