"""The storage contract of the comment bank, run against every adapter: SQL (SQLite or
PostgreSQL, per TEST_DATABASE) and MongoDB (the mongoeco wire stand-in). A mentor's bank is
their own comments and the shared ones; search ignores accents and case and treats its text
literally; the most used come first; a use is counted atomically."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from feedback_service.comments.mongo import MongoComments
from feedback_service.comments.repository import Comment, fold
from feedback_service.store.adapters import FeedbackStore
from feedback_service.store.records import new_id, utcnow

NOW = utcnow()


@pytest.fixture
async def bank(store: FeedbackStore) -> AsyncIterator[FeedbackStore]:
    """The store with no comments (the shared wipe does not know the comments' collection)."""
    if isinstance(store, MongoComments):
        await store.comments.delete_many({})
    yield store
    if isinstance(store, MongoComments):
        await store.comments.delete_many({})


def comment(text: str, owner: str | None = "m1", *, uses: int = 0, minutes: int = 0) -> Comment:
    at = NOW - timedelta(minutes=minutes)
    return Comment(
        id=new_id(),
        owner_id=owner,
        text=text,
        criterion=None,
        usage_count=uses,
        created_at=at,
        updated_at=at,
    )


def test_fold_drops_accents_and_case() -> None:
    assert fold("Révisé ÉTÉ Ñandú") == "revise ete nandu"
    assert fold("Straße") == "strasse"


class TestComments:
    async def test_a_bank_is_ones_own_and_the_shared(self, bank: FeedbackStore) -> None:
        mine, shared, theirs = comment("Mine"), comment("Shared", None), comment("Theirs", "m2")
        for c in (mine, shared, theirs):
            await bank.add_comment(c)
        assert {c.id for c in await bank.list_comments(owner_id="m1")} == {mine.id, shared.id}
        assert {c.id for c in await bank.list_comments(owner_id="m2")} == {theirs.id, shared.id}
        assert await bank.get_comment(mine.id) == mine
        assert await bank.get_comment(new_id()) is None

    async def test_most_used_first_then_newest(self, bank: FeedbackStore) -> None:
        rare, old, new = comment("a", uses=1), comment("b", uses=5, minutes=9), comment("c", uses=5)
        for c in (rare, old, new):
            await bank.add_comment(c)
        listed = await bank.list_comments(owner_id="m1")
        assert [c.id for c in listed] == [new.id, old.id, rare.id]
        assert len(await bank.list_comments(owner_id="m1", limit=2)) == 2

    async def test_search_ignores_accents_and_case(self, bank: FeedbackStore) -> None:
        accented = comment("Très bonne RÉVISION du code\nsur deux lignes")
        other = comment("Nothing alike", None)
        for c in (accented, other):
            await bank.add_comment(c)
        for query in ("revision", "REVISIÓN", "tres bonne", "DU CODE\nSUR"):
            found = await bank.list_comments(owner_id="m1", query=query)
            assert [c.id for c in found] == [accented.id], query
        assert await bank.list_comments(owner_id="m1", query="absent") == []

    async def test_search_text_is_literal(self, bank: FeedbackStore) -> None:
        percent, plain = comment("100% done (a.b)"), comment("100 done xab")
        for c in (percent, plain):
            await bank.add_comment(c)
        for query in ("%", "0% d", "(a.b)", "_"):
            found = await bank.list_comments(owner_id="m1", query=query)
            assert [c.id for c in found] == ([percent.id] if query != "_" else []), query

    async def test_update_changes_text_search_and_criterion(self, bank: FeedbackStore) -> None:
        c = comment("Old words")
        await bank.add_comment(c)
        later = NOW + timedelta(minutes=1)
        changed = await bank.update_comment(c.id, text="Éclair", criterion="clarity", at=later)
        assert changed is not None
        assert (changed.text, changed.criterion, changed.updated_at) == ("Éclair", "clarity", later)
        assert changed.created_at == c.created_at
        assert [x.id for x in await bank.list_comments(owner_id="m1", query="eclair")] == [c.id]
        assert await bank.list_comments(owner_id="m1", query="old") == []
        missing = await bank.update_comment(new_id(), text="x", criterion=None, at=later)
        assert missing is None

    async def test_delete(self, bank: FeedbackStore) -> None:
        c = comment("Gone soon")
        await bank.add_comment(c)
        assert await bank.delete_comment(c.id) is True
        assert await bank.get_comment(c.id) is None
        assert await bank.delete_comment(c.id) is False

    async def test_uses_are_counted_atomically(self, bank: FeedbackStore) -> None:
        c = comment("Popular", None)
        await bank.add_comment(c)
        await asyncio.gather(*(bank.count_comment_use(c.id) for _ in range(10)))
        counted = await bank.get_comment(c.id)
        assert counted is not None
        assert counted.usage_count == 10
        assert await bank.count_comment_use(new_id()) is None
