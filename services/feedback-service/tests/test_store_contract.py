"""The storage contract, run against every adapter: SQL (SQLite or PostgreSQL, per TEST_DATABASE)
and MongoDB (the mongoeco wire stand-in). Each test receives a fresh, empty store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import (
    Assignment,
    Criterion,
    Cursor,
    DuplicateError,
    Feedback,
    FeedbackFilter,
    Level,
    MentorScope,
    OutboxEvent,
    Revision,
    RubricVersion,
    State,
    new_id,
    utcnow,
)

NOW = utcnow()


def assignment(mentor: str, student: str, cohort: str | None = "C1") -> Assignment:
    return Assignment(
        id=new_id(),
        mentor_id=mentor,
        student_id=student,
        cohort=cohort,
        created_at=NOW,
        created_by="a",
    )


def rubric(version: int, keys: tuple[str, ...] = ("clarity", "depth")) -> RubricVersion:
    return RubricVersion(
        version=version,
        name=f"Rubric v{version}",
        criteria=[
            Criterion(
                key=k,
                name=k.title(),
                description="",
                scale_min=1,
                scale_max=5,
                levels=[Level(score=1, label="Low"), Level(score=5, label="High")],
            )
            for k in keys
        ],
        created_at=NOW,
        created_by="admin",
    )


def feedback(
    student: str = "s1",
    mentor: str = "m1",
    *,
    minutes: int = 0,
    state: State = State.published,
    cohort: str | None = "C1",
    acknowledged: bool = False,
) -> Feedback:
    at = NOW - timedelta(minutes=minutes)
    return Feedback(
        id=new_id(),
        student_id=student,
        mentor_id=mentor,
        cohort=cohort,
        title=f"Review {minutes}",
        rubric_version=1,
        scores={"clarity": 3, "depth": 4},
        overall_rating=4,
        strengths="Clear tests",
        improvements="Smaller PRs",
        comments="Ünïcode ✓",
        state=state,
        created_at=at,
        updated_at=at,
        published_at=at if state is State.published else None,
        acknowledged_at=at if acknowledged else None,
    )


def event(key: str, *, due_in: int = 0) -> OutboxEvent:
    return OutboxEvent(
        id=new_id(),
        key=key,
        event="feedback_published",
        payload={"feedback_id": key},
        created_at=NOW,
        next_attempt_at=NOW + timedelta(seconds=due_in),
    )


class TestAssignments:
    async def test_add_find_list_delete(self, store: FeedbackStore) -> None:
        a = assignment("m1", "s1")
        await store.add_assignment(a)
        await store.add_assignment(assignment("m1", "s2", None))
        await store.add_assignment(assignment("m2", "s1", "C2"))
        assert await store.find_assignment(mentor_id="m1", student_id="s1") == a
        assert await store.find_assignment(mentor_id="m2", student_id="s2") is None
        assert {x.student_id for x in await store.list_assignments(mentor_id="m1")} == {"s1", "s2"}
        assert {x.mentor_id for x in await store.list_assignments(student_id="s1")} == {"m1", "m2"}
        assert [x.mentor_id for x in await store.list_assignments(cohort="C2")] == ["m2"]
        assert await store.delete_assignment(a.id) is True
        assert await store.delete_assignment(a.id) is False
        assert await store.find_assignment(mentor_id="m1", student_id="s1") is None

    async def test_any_of_several_cohorts(self, store: FeedbackStore) -> None:
        await store.add_assignment(assignment("m1", "s1", "Week 8 — Review"))
        await store.add_assignment(assignment("m1", "s2", "Week 9"))
        await store.add_assignment(assignment("m2", "s3", None))
        await store.add_assignment(assignment("m2", "s4", "Week 9"))
        assert sorted(await store.assignment_cohorts()) == ["Week 8 — Review", "Week 9"]
        both = await store.list_assignments(cohorts=("Week 8 — Review", "Week 9"))
        assert {x.student_id for x in both} == {"s1", "s2", "s4"}
        mine = await store.list_assignments(mentor_id="m2", cohorts=("Week 9",))
        assert [x.student_id for x in mine] == ["s4"]
        assert await store.list_assignments(cohorts=()) == []

    async def test_duplicate_pair_refused(self, store: FeedbackStore) -> None:
        await store.add_assignment(assignment("m1", "s1"))
        with pytest.raises(DuplicateError):
            await store.add_assignment(assignment("m1", "s1", "other cohort"))


class TestRubric:
    async def test_versions(self, store: FeedbackStore) -> None:
        assert await store.current_rubric() is None
        await store.add_rubric(rubric(1))
        await store.add_rubric(rubric(2, ("clarity", "teamwork")))
        current = await store.current_rubric()
        assert current is not None
        assert current.version == 2
        assert [c.key for c in current.criteria] == ["clarity", "teamwork"]
        assert await store.get_rubric(1) == rubric(1)
        assert [r.version for r in await store.list_rubrics()] == [1, 2]

    async def test_duplicate_version_refused(self, store: FeedbackStore) -> None:
        await store.add_rubric(rubric(1))
        with pytest.raises(DuplicateError):
            await store.add_rubric(rubric(1))


class TestFeedbackWrites:
    async def test_round_trip(self, store: FeedbackStore) -> None:
        fb = feedback(acknowledged=True)
        await store.add_feedback(fb)
        assert await store.get_feedback(fb.id) == fb
        assert await store.get_feedback("missing") is None

    async def test_update_records_revision_and_event_together(self, store: FeedbackStore) -> None:
        fb = feedback(state=State.draft)
        await store.add_feedback(fb)
        later = NOW + timedelta(seconds=5)
        published = await store.update_feedback(
            fb.id,
            {"state": State.published, "published_at": later, "updated_at": later},
            expected_state=State.draft,
            event=event(f"feedback-published:{fb.id}"),
        )
        assert published is not None
        assert published.state is State.published
        assert published.published_at == later
        stored_event = await store.get_event(f"feedback-published:{fb.id}")
        assert stored_event is not None
        assert stored_event.delivered_at is None
        rev = Revision(
            id=new_id(),
            feedback_id=fb.id,
            editor_id="m1",
            edited_at=later,
            changes={"strengths": {"before": "Clear tests", "after": "Great tests"}},
        )
        edited = await store.update_feedback(
            fb.id,
            {"strengths": "Great tests", "edited": True, "updated_at": later},
            expected_state=State.published,
            expected_updated_at=later,
            revision=rev,
        )
        assert edited is not None
        assert edited.strengths == "Great tests"
        assert edited.edited is True
        assert await store.list_revisions(fb.id) == [rev]

    async def test_stale_update_changes_nothing(self, store: FeedbackStore) -> None:
        fb = feedback(state=State.draft)
        await store.add_feedback(fb)
        assert (
            await store.update_feedback(fb.id, {"title": "x"}, expected_state=State.published)
            is None
        )
        assert (
            await store.update_feedback(
                fb.id,
                {"title": "x"},
                expected_state=State.draft,
                expected_updated_at=NOW - timedelta(days=1),
            )
            is None
        )
        unchanged = await store.get_feedback(fb.id)
        assert unchanged is not None
        assert unchanged.title == fb.title

    async def test_delete_only_drafts(self, store: FeedbackStore) -> None:
        draft, published = feedback(state=State.draft), feedback()
        await store.add_feedback(draft)
        await store.add_feedback(published)
        assert await store.delete_draft(published.id) is False
        assert await store.delete_draft(draft.id) is True
        assert await store.get_feedback(draft.id) is None


class TestFeedbackQueries:
    async def test_keyset_pages_cover_everything_once(self, store: FeedbackStore) -> None:
        items = [feedback(minutes=i) for i in range(7)]
        twin = feedback(minutes=3)  # same created_at as another: the id breaks the tie
        for fb in [*items, twin]:
            await store.add_feedback(fb)
        seen: list[str] = []
        after = None
        while True:
            page = await store.list_feedback(FeedbackFilter(), limit=3, after=after)
            if not page:
                break
            seen += [f.id for f in page]
            after = Cursor(created_at=page[-1].created_at, id=page[-1].id)
        assert len(seen) == 8
        assert set(seen) == {f.id for f in [*items, twin]}
        newest = await store.list_feedback(FeedbackFilter(), limit=1, after=None)
        assert newest[0].id == items[0].id
        oldest = await store.list_feedback(FeedbackFilter(), limit=1, after=None, ascending=True)
        assert oldest[0].id == items[6].id

    async def test_filters(self, store: FeedbackStore) -> None:
        a = feedback("s1", "m1", minutes=10, acknowledged=True)
        b = feedback("s2", "m1", minutes=20, cohort="C2")
        c = feedback("s1", "m2", minutes=30, state=State.draft)
        for fb in (a, b, c):
            await store.add_feedback(fb)

        async def ids(**kw: object) -> set[str]:
            rows = await store.list_feedback(FeedbackFilter(**kw), limit=50, after=None)  # type: ignore[arg-type]
            return {f.id for f in rows}

        assert await ids(student_id="s1") == {a.id, c.id}
        assert await ids(mentor_id="m1") == {a.id, b.id}
        assert await ids(cohort="C2") == {b.id}
        assert await ids(cohorts=("C1", "C2")) == {a.id, b.id, c.id}
        assert await ids(cohorts=("C2",), mentor_id="m1") == {b.id}
        assert await ids(cohorts=()) == set()
        none = await store.count_feedback(FeedbackFilter(cohorts=()))
        assert none.total == 0
        counted = await store.count_feedback(FeedbackFilter(cohorts=("C1",)))
        assert counted.total == 2
        assert sorted(await store.feedback_cohorts()) == ["C1", "C2"]
        assert await ids(states=(State.draft,)) == {c.id}
        assert await ids(acknowledged=True) == {a.id}
        assert await ids(acknowledged=False) == {b.id, c.id}
        assert await ids(created_from=NOW - timedelta(minutes=25)) == {a.id, b.id}
        assert await ids(created_to=NOW - timedelta(minutes=15)) == {b.id, c.id}

    async def test_mentor_scope(self, store: FeedbackStore) -> None:
        mine_draft = feedback("s9", "m1", state=State.draft)
        other_draft = feedback("s1", "m2", state=State.draft)
        assigned_published = feedback("s1", "m2")
        unassigned_published = feedback("s3", "m1")
        for fb in (mine_draft, other_draft, assigned_published, unassigned_published):
            await store.add_feedback(fb)
        flt = FeedbackFilter(scope=MentorScope(mentor_id="m1", student_ids=("s1",)))
        rows = await store.list_feedback(flt, limit=50, after=None)
        assert {f.id for f in rows} == {mine_draft.id, assigned_published.id}
        alone = FeedbackFilter(scope=MentorScope(mentor_id="m1", student_ids=()))
        assert [f.id for f in await store.list_feedback(alone, limit=50, after=None)] == [
            mine_draft.id
        ]

    async def test_counts(self, store: FeedbackStore) -> None:
        for fb in (
            feedback(acknowledged=True),
            feedback(),
            feedback(),
            feedback(state=State.draft),
            feedback("s2"),
        ):
            await store.add_feedback(fb)
        counts = await store.count_feedback(FeedbackFilter(student_id="s1"))
        assert counts.total == 4
        assert counts.by_state == {"published": 3, "draft": 1}
        assert (counts.acknowledged, counts.unacknowledged) == (1, 2)
