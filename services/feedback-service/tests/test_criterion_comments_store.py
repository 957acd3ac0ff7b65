"""The store contract for comments beside each score, on every adapter (SQL per TEST_DATABASE,
and MongoDB): they round-trip on add, on update (with the revision that records them) and in
lists; feedback stored without them reads back with none."""

from __future__ import annotations

from dataclasses import replace

from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import FeedbackFilter, Revision, State, new_id, utcnow

from .test_store_contract import feedback

COMMENTS = {"clarity": "Names say what they hold ✓", "depth": "Línea 1\nLínea 2"}


class TestCriterionComments:
    async def test_round_trip(self, store: FeedbackStore) -> None:
        fb = replace(feedback(state=State.draft), criterion_comments=COMMENTS)
        await store.add_feedback(fb)
        assert (await store.get_feedback(fb.id)) == fb
        listed = await store.list_feedback(FeedbackFilter(mentor_id="m1"), limit=5, after=None)
        assert [f.criterion_comments for f in listed] == [COMMENTS]

    async def test_none_by_default(self, store: FeedbackStore) -> None:
        fb = feedback()
        await store.add_feedback(fb)
        found = await store.get_feedback(fb.id)
        assert found is not None
        assert found.criterion_comments == {}

    async def test_update_with_revision(self, store: FeedbackStore) -> None:
        fb = replace(feedback(), criterion_comments={"clarity": "Clear"})
        await store.add_feedback(fb)
        after = {"clarity": "Very clear", "depth": "More"}
        now = utcnow()
        revision = Revision(
            id=new_id(),
            feedback_id=fb.id,
            editor_id="m1",
            edited_at=now,
            changes={"criterion_comments": {"before": fb.criterion_comments, "after": after}},
        )
        updated = await store.update_feedback(
            fb.id,
            {"criterion_comments": after, "updated_at": now, "edited": True},
            expected_state=State.published,
            revision=revision,
        )
        assert updated is not None
        assert updated.criterion_comments == after
        assert (await store.list_revisions(fb.id)) == [revision]
