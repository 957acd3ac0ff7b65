"""The storage contract of the rubric library and of cohort settings, run against every adapter
(SQL per TEST_DATABASE, and MongoDB), and the migration that makes the existing rubric the
library's default one."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from campus_common import migrations
from campus_common.db import create_engine
from campus_testing.databases import fresh_database_url
from feedback_service.cli import MIGRATIONS
from feedback_service.cohorts.repository import CohortSettings
from feedback_service.rubric.repository import DEFAULT_RUBRIC, LibraryRubric
from feedback_service.settings import Settings
from feedback_service.store.adapters import FeedbackStore, make_store
from feedback_service.store.records import Criterion, DuplicateError, RubricVersion, utcnow

NOW = utcnow()


def version(number: int, rubric_id: str = DEFAULT_RUBRIC, key: str = "clarity") -> RubricVersion:
    return RubricVersion(
        version=number,
        name=f"{rubric_id} v{number}",
        criteria=[Criterion(key=key, name=key.title(), description="", scale_min=1, scale_max=5)],
        created_at=NOW,
        created_by="admin",
        rubric_id=rubric_id,
    )


def entry(rubric_id: str, minutes: int = 0) -> LibraryRubric:
    return LibraryRubric(
        id=rubric_id,
        name=f"Rubric {rubric_id}",
        created_at=NOW + timedelta(minutes=minutes),
        created_by="admin",
    )


class TestLibraryVersions:
    async def test_each_rubric_has_its_versions_numbered_across_the_library(
        self, store: FeedbackStore
    ) -> None:
        assert await store.last_rubric_version() == 0
        await store.add_rubric(version(1))
        await store.add_rubric(version(2, "writing", "style"))
        await store.add_rubric(version(3))
        await store.add_rubric(version(4, "writing", "voice"))
        assert await store.last_rubric_version() == 4
        default = await store.current_rubric()
        assert default is not None
        assert (default.version, default.rubric_id) == (3, DEFAULT_RUBRIC)
        writing = await store.current_rubric("writing")
        assert writing == version(4, "writing", "voice")
        assert await store.current_rubric("nothing") is None
        assert [v.version for v in await store.list_rubrics("writing")] == [2, 4]
        assert [v.version for v in await store.list_rubrics(DEFAULT_RUBRIC)] == [1, 3]
        assert [v.version for v in await store.list_rubrics()] == [1, 2, 3, 4]
        got = await store.get_rubric(2)
        assert got is not None
        assert got.rubric_id == "writing"

    async def test_a_version_number_is_taken_once_whatever_the_rubric(
        self, store: FeedbackStore
    ) -> None:
        await store.add_rubric(version(1))
        with pytest.raises(DuplicateError):
            await store.add_rubric(version(1, "writing"))


class TestLibraryEntries:
    async def test_add_get_list_rename_archive(self, store: FeedbackStore) -> None:
        assert await store.list_library_rubrics() == []
        await store.add_library_rubric(entry("b", minutes=1))
        await store.add_library_rubric(entry("a"))
        assert [e.id for e in await store.list_library_rubrics()] == ["a", "b"]
        assert await store.get_library_rubric("a") == entry("a")
        assert await store.get_library_rubric("zzz") is None
        changed = await store.update_library_rubric("a", name="Écriture ✓", archived_at=NOW)
        assert changed == replace(entry("a"), name="Écriture ✓", archived_at=NOW)
        assert changed is not None
        assert changed.archived
        assert await store.get_library_rubric("a") == changed
        back = await store.update_library_rubric("a", name="Écriture ✓", archived_at=None)
        assert back is not None
        assert not back.archived
        assert await store.update_library_rubric("zzz", name="x", archived_at=None) is None

    async def test_duplicate_id_refused(self, store: FeedbackStore) -> None:
        await store.add_library_rubric(entry("a"))
        with pytest.raises(DuplicateError):
            await store.add_library_rubric(entry("a"))


class TestCohortSettings:
    async def test_put_replaces_and_lists_by_cohort(self, store: FeedbackStore) -> None:
        assert await store.get_cohort_settings("Cohort A") is None
        assert await store.list_cohort_settings() == []
        first = CohortSettings(
            cohort="Cohort A", rubric_id="writing", updated_at=NOW, updated_by="admin"
        )
        await store.put_cohort_settings(first)
        assert await store.get_cohort_settings("Cohort A") == first
        later = CohortSettings(
            cohort="Cohort A",
            rubric_id=None,
            post_policy="manual",
            self_assessment=True,
            updated_at=NOW + timedelta(minutes=1),
            updated_by="admin2",
        )
        await store.put_cohort_settings(later)
        other = replace(first, cohort="Año 1 — B")
        await store.put_cohort_settings(other)
        assert await store.get_cohort_settings("Cohort A") == later
        assert await store.get_cohort_settings("cohort a") is None  # exact names only
        assert await store.list_cohort_settings() == [other, later]

    async def test_concurrent_first_puts_keep_one(self, store: FeedbackStore) -> None:
        puts = [
            CohortSettings(cohort="C", post_policy="manual", updated_at=NOW, updated_by=str(i))
            for i in range(4)
        ]
        await asyncio.gather(*(store.put_cohort_settings(p) for p in puts))
        [kept] = await store.list_cohort_settings()
        assert kept in puts


async def test_the_migration_makes_the_existing_rubric_the_default_one(tmp_path: Path) -> None:
    """SQLite or PostgreSQL (per TEST_DATABASE): versions saved before the library."""
    url = fresh_database_url("feedback_library_migration", tmp_path)
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url, "0006_comments")
    engine = create_engine(url)
    insert = text(
        "INSERT INTO rubric_versions (version, name, criteria, created_at, created_by) "
        "VALUES (:version, :name, :criteria, :created_at, :created_by)"
    )
    criteria = json.dumps(
        [{"key": "clarity", "name": "Clarity", "description": "", "scale_min": 1, "scale_max": 5}]
    )
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert,
                [
                    {
                        "version": 1,
                        "name": "First",
                        "criteria": criteria,
                        "created_at": NOW - timedelta(days=2),
                        "created_by": "a1",
                    },
                    {
                        "version": 2,
                        "name": "Second",
                        "criteria": criteria,
                        "created_at": NOW,
                        "created_by": "a2",
                    },
                ],
            )
        await engine.dispose()
        await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
        store = make_store(Settings(environment="test", database_url=url, jwks_url=None))
        try:
            assert await store.list_library_rubrics() == [
                LibraryRubric(
                    id=DEFAULT_RUBRIC,
                    name="Second",
                    created_at=NOW - timedelta(days=2),
                    created_by="a1",
                )
            ]
            assert [v.rubric_id for v in await store.list_rubrics()] == [DEFAULT_RUBRIC] * 2
            current = await store.current_rubric(DEFAULT_RUBRIC)
            assert current is not None
            assert current.version == 2
        finally:
            await store.close()
    finally:
        await engine.dispose()
