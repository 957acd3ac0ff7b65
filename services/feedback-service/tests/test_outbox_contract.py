"""The outbox part of the storage contract, run against every adapter: SQL (SQLite or
PostgreSQL, per TEST_DATABASE) and MongoDB. An event is queued by the same write as the change it
tells of, claimed with a lease, rescheduled or marked delivered. Each test gets a fresh store."""

from __future__ import annotations

from datetime import timedelta

from campus_common.db import AfterCommit
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import OutboxEvent, State

from .test_store_contract import NOW, event, feedback


class TestOutbox:
    async def _published_with_event(
        self, store: FeedbackStore, key: str, due_in: int = 0
    ) -> OutboxEvent:
        fb = feedback(state=State.draft)
        await store.add_feedback(fb)
        ev = event(key, due_in=due_in)
        await store.update_feedback(
            fb.id, {"state": State.published}, expected_state=State.draft, event=ev
        )
        return ev

    async def test_claim_lease_reschedule_deliver(self, store: FeedbackStore) -> None:
        ev = await self._published_with_event(store, "k1")
        await self._published_with_event(store, "k2", due_in=3600)
        lease = NOW + timedelta(seconds=30)
        claimed = await store.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert [e.key for e in claimed] == ["k1"]
        assert await store.claim_due_events(now=NOW, lease_until=lease, limit=10) == []
        await store.reschedule(
            ev.id, attempts=1, next_attempt_at=NOW + timedelta(seconds=5), error="down"
        )
        assert await store.claim_due_events(now=NOW, lease_until=lease, limit=10) == []
        later = NOW + timedelta(seconds=6)
        again = await store.claim_due_events(
            now=later, lease_until=later + timedelta(seconds=30), limit=10
        )
        assert [(e.key, e.attempts, e.last_error) for e in again] == [("k1", 1, "down")]
        await store.mark_delivered(ev.id, at=later)
        stored = await store.get_event("k1")
        assert stored is not None
        assert stored.delivered_at == later
        far = NOW + timedelta(days=1)
        assert [
            e.key
            for e in await store.claim_due_events(
                now=far, lease_until=far + timedelta(seconds=30), limit=10
            )
        ] == ["k2"]

    async def test_a_second_event_never_replaces_an_undelivered_one(
        self, store: FeedbackStore
    ) -> None:
        """Publish, then an edit queues its own event before the relay ran: both are delivered
        (on MongoDB the events live in the feedback document, which must keep each of them)."""
        fb = feedback(state=State.draft)
        await store.add_feedback(fb)
        first = event(f"feedback-published:{fb.id}")
        await store.update_feedback(
            fb.id, {"state": State.published}, expected_state=State.draft, event=first
        )
        second = event(f"feedback-edited:{fb.id}:1")
        await store.update_feedback(
            fb.id, {"strengths": "Better"}, expected_state=State.published, event=second
        )
        lease = NOW + timedelta(seconds=30)
        claimed = await store.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert sorted(e.key for e in claimed) == sorted([first.key, second.key])
        await store.mark_delivered(first.id, at=NOW)
        await store.reschedule(second.id, attempts=1, next_attempt_at=NOW, error="down")
        delivered = await store.get_event(first.key)
        assert delivered is not None
        assert delivered.delivered_at == NOW
        pending = await store.get_event(second.key)
        assert pending is not None
        assert pending.delivered_at is None
        assert pending.attempts == 1
        again = await store.claim_due_events(now=NOW, lease_until=lease, limit=10)
        assert [e.key for e in again] == [second.key]

    async def test_after_commit_hooks_run_once_the_write_committed(
        self, store: FeedbackStore
    ) -> None:
        seen: list[str] = []

        def hooks(name: str) -> AfterCommit:
            return AfterCommit(lambda: seen.append(name))

        fb = feedback(state=State.draft)
        await store.add_feedback(fb)
        await store.update_feedback(fb.id, {"title": "edit"}, expected_state=State.draft)
        assert seen == []  # no hook given, nothing to announce
        lost = await store.update_feedback(
            fb.id,
            {"state": State.published},
            expected_state=State.published,
            event=event("x"),
            after_commit=hooks("x"),
        )
        assert lost is None
        assert seen == []  # the write did not happen: no side effect
        await store.update_feedback(
            fb.id,
            {"state": State.published},
            expected_state=State.draft,
            event=event("k"),
            after_commit=hooks("k"),
        )
        assert seen == ["k"]
        assert await store.get_event("k") is not None
