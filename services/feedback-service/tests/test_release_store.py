"""The storage contract of release control and self-assessments, run against every adapter: SQL
(SQLite or PostgreSQL, per TEST_DATABASE) and MongoDB (the mongoeco wire stand-in). Due drafts
are found by their time and only while drafts; held drafts by cohort and mentor; a scheduled
publish is claimed by one writer only; a self-assessment saves only while open and unchanged,
and a release locks the open ones of that student and cohort."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from feedback_service.selfassess.repository import SelfAssessment
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import Feedback, OutboxEvent, State, new_id, utcnow

NOW = utcnow()


def draft(
    student: str = "s1",
    mentor: str = "m1",
    *,
    cohort: str | None = "C1",
    release_in: int | None = None,
    held: bool = False,
    state: State = State.draft,
) -> Feedback:
    return Feedback(
        id=new_id(),
        student_id=student,
        mentor_id=mentor,
        cohort=cohort,
        title="Week 1",
        rubric_version=1,
        scores={"clarity": 3},
        overall_rating=4,
        strengths="",
        improvements="",
        comments="",
        state=state,
        created_at=NOW,
        updated_at=NOW,
        release_at=NOW + timedelta(minutes=release_in) if release_in is not None else None,
        held_at=NOW if held else None,
    )


def assessment(student: str = "s1", cohort: str = "C1", *, minutes: int = 0) -> SelfAssessment:
    at = NOW - timedelta(minutes=minutes)
    return SelfAssessment(
        id=new_id(),
        student_id=student,
        cohort=cohort,
        rubric_version=1,
        scores={"clarity": 2},
        criterion_comments={"clarity": "I rushed the last part."},
        comments="Overall fine",
        created_at=at,
        updated_at=at,
    )


class TestDueReleases:
    async def test_due_drafts_by_time_earliest_first(self, store: FeedbackStore) -> None:
        later, earlier = draft(release_in=-1), draft(release_in=-5)
        future, plain = draft(release_in=10), draft()
        published = draft(release_in=-3, state=State.published)
        for f in (later, earlier, future, plain, published):
            await store.add_feedback(f)
        assert [f.id for f in await store.due_releases(now=NOW, limit=10)] == [
            earlier.id,
            later.id,
        ]
        assert [f.id for f in await store.due_releases(now=NOW, limit=1)] == [earlier.id]
        due = await store.due_releases(now=NOW + timedelta(minutes=11), limit=10)
        assert [f.id for f in due] == [earlier.id, later.id, future.id]
        assert due[0].release_at == earlier.release_at  # the time round-trips

    async def test_one_claim_wins(self, store: FeedbackStore) -> None:
        f = draft(release_in=-1)
        await store.add_feedback(f)

        async def claim() -> Feedback | None:
            return await store.update_feedback(
                f.id,
                {"state": State.published, "published_at": NOW, "release_at": None},
                expected_state=State.draft,
                expected_updated_at=f.updated_at,
                event=OutboxEvent(
                    id=new_id(),
                    key=f"feedback-published-test:{new_id()}",
                    event="feedback_published",
                    payload={"feedback_id": f.id},
                    created_at=NOW,
                    next_attempt_at=NOW,
                ),
            )

        results = await asyncio.gather(*(claim() for _ in range(4)), return_exceptions=True)
        won = [r for r in results if isinstance(r, Feedback)]
        assert len(won) == 1
        assert won[0].release_at is None
        assert won[0].state is State.published
        assert await store.due_releases(now=NOW, limit=10) == []


class TestHeld:
    async def test_held_drafts_by_cohort_and_mentor(self, store: FeedbackStore) -> None:
        a1, a2 = draft(mentor="m1", held=True), draft(mentor="m2", held=True)
        b1 = draft(mentor="m1", cohort="C2", held=True)
        for f in (a1, a2, b1, draft(), draft(release_in=5)):
            await store.add_feedback(f)
        assert {f.id for f in await store.held_feedback()} == {a1.id, a2.id, b1.id}
        assert {f.id for f in await store.held_feedback(cohort="C1")} == {a1.id, a2.id}
        assert [f.id for f in await store.held_feedback(cohort="C1", mentor_id="m1")] == [a1.id]
        assert [f.id for f in await store.held_feedback(mentor_id="m1", cohort="C2")] == [b1.id]
        assert await store.held_feedback(cohort="C3") == []
        assert len(await store.held_feedback(limit=1)) == 1
        await store.update_feedback(a1.id, {"state": State.published}, expected_state=State.draft)
        assert [f.id for f in await store.held_feedback(cohort="C1")] == [a2.id]


class TestSelfAssessments:
    async def test_open_save_and_lock(self, store: FeedbackStore) -> None:
        old, mine, other = assessment(minutes=5), assessment(), assessment("s2")
        for a in (old, mine, other):
            await store.add_self_assessment(a)
        assert await store.open_self_assessment(student_id="s1", cohort="C1") == mine
        assert await store.open_self_assessment(student_id="s1", cohort="C2") is None

        saved = await store.update_self_assessment(
            mine.id,
            {"scores": {"clarity": 5}, "updated_at": NOW + timedelta(seconds=1)},
            expected_updated_at=mine.updated_at,
        )
        assert saved is not None
        assert saved.scores == {"clarity": 5}
        assert saved.criterion_comments == {"clarity": "I rushed the last part."}
        stale = await store.update_self_assessment(
            mine.id, {"scores": {"clarity": 1}}, expected_updated_at=mine.updated_at
        )
        assert stale is None  # changed meanwhile

        at = NOW + timedelta(minutes=1)
        locked = await store.lock_self_assessments(
            student_id="s1", cohort="C1", feedback_id="f1", at=at
        )
        assert locked == 2
        again = await store.lock_self_assessments(
            student_id="s1", cohort="C1", feedback_id="f2", at=at
        )
        assert again == 0
        assert await store.open_self_assessment(student_id="s1", cohort="C1") is None
        assert await store.open_self_assessment(student_id="s2", cohort="C1") == other
        found = await store.self_assessment_for_feedback("f1")
        assert found is not None
        assert found.id == mine.id  # the newest of those it locked
        assert found.locked_at == at
        assert await store.self_assessment_for_feedback("f2") is None
        refused = await store.update_self_assessment(
            mine.id, {"scores": {"clarity": 1}}, expected_updated_at=found.updated_at
        )
        assert refused is None  # locked

        listed = await store.list_self_assessments(student_id="s1")
        assert [a.id for a in listed] == [mine.id, old.id]
        assert all(a.feedback_id == "f1" for a in listed)
        assert len(await store.list_self_assessments(student_id="s1", limit=1)) == 1
        assert await store.list_self_assessments(student_id="s3") == []
