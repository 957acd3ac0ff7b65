"""The demo data (for `make run`) on every store: what the trend charts and screens need, and a
second run changes nothing."""

from __future__ import annotations

from feedback_service.demo import seed
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import FeedbackFilter, State


async def test_seed_is_complete_and_idempotent(store: FeedbackStore) -> None:
    first = await seed(store)
    assert first == {"assignments": 7, "rubric": 1, "feedback": 13}
    assert await seed(store) == {"assignments": 0, "rubric": 0, "feedback": 0}
    counts = await store.count_feedback(FeedbackFilter(states=(State.draft, State.published)))
    assert counts.by_state == {"published": 12, "draft": 1}
    assert counts.acknowledged == 1
    rubric = await store.current_rubric()
    assert rubric is not None
    assert len(rubric.criteria) == 4
    assert rubric.criteria[0].levels[0].label == "Beginning"
    rows = await store.list_feedback(
        FeedbackFilter(states=(State.published,)), limit=50, after=None
    )
    weeks = {(rows[0].created_at - f.created_at).days // 7 for f in rows}
    assert len(weeks) >= 5
    assert sum(f.reply is not None for f in rows) == 1
