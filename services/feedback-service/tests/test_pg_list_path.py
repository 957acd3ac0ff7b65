"""The PostgreSQL list path (statements compiled per filter shape, run on asyncpg directly) against
a real PostgreSQL server, whatever TEST_DATABASE says: the contract suite covers its results; this
covers what only that path does: reuse per shape, and a connection the server dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from campus_common import migrations
from campus_testing.databases import fresh_postgres_url
from feedback_service.cli import MIGRATIONS
from feedback_service.store.adapters import PostgresFeedbackStore
from feedback_service.store.records import Feedback, FeedbackFilter, MentorScope, State


@pytest.fixture
def pg_url() -> str:
    url = fresh_postgres_url("feedback_pg_list")
    migrations.upgrade(MIGRATIONS, url)
    return url


@pytest.fixture
async def store(pg_url: str) -> PostgresFeedbackStore:
    s = PostgresFeedbackStore(pg_url, pool_size=2)
    base = datetime(2026, 11, 1, tzinfo=UTC)
    for i in range(6):
        await s.add_feedback(
            Feedback(
                id=f"f{i}",
                student_id="s1" if i % 2 else "s2",
                mentor_id="m1",
                cohort="c",
                title=f"t{i}",
                rubric_version=1,
                scores={"a": i},
                overall_rating=None,
                strengths="",
                improvements="",
                comments="",
                state=State.published if i < 4 else State.draft,
                created_at=base + timedelta(hours=i),
                updated_at=base + timedelta(hours=i),
            )
        )
    yield s  # type: ignore[misc]
    await s.close()


async def test_one_statement_per_shape_with_values_bound_per_call(
    store: PostgresFeedbackStore,
) -> None:
    pub = (State.published,)
    s1 = await store.list_feedback(
        FeedbackFilter(student_id="s1", states=pub), limit=10, after=None
    )
    s2 = await store.list_feedback(
        FeedbackFilter(student_id="s2", states=pub), limit=10, after=None
    )
    assert [f.id for f in s1] == ["f3", "f1"]
    assert [f.id for f in s2] == ["f2", "f0"]
    assert s1[0].scores == {"a": 3}
    assert s1[0].created_at.tzinfo is not None
    scoped = FeedbackFilter(scope=MentorScope(mentor_id="m1", student_ids=("s1",)))
    assert {f.id for f in await store.list_feedback(scoped, limit=10, after=None)} == {
        "f1",
        "f3",
        "f4",
        "f5",
    }
    assert await store.list_feedback(FeedbackFilter(states=()), limit=10, after=None) == []
    assert len(store._pg_lists) == 2  # the two student lists share one statement


async def test_dropped_connection_is_a_connection_error_then_recovers(
    store: PostgresFeedbackStore,
) -> None:
    flt = FeedbackFilter(student_id="s1", states=(State.published,))
    await store.list_feedback(flt, limit=10, after=None)
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'campus_test_feedback_pg_list' AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    outcomes = []
    for _ in range(3):  # the pool holds up to two dropped connections
        try:
            outcomes.append(len(await store.list_feedback(flt, limit=10, after=None)))
        except ConnectionError:
            outcomes.append("lost")
    assert outcomes[-1] == 2
    assert set(outcomes) <= {"lost", 2}
