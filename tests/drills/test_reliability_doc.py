"""docs/reliability.md merging (no stack): a drill run alone replaces its own section, adds a new
one where its module's drills go, and keeps every other drill's section as it was."""

from __future__ import annotations

from datetime import UTC, datetime

from . import doc
from .conftest import MODULE_ORDER, Drill

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
OLD = """# Reliability drills

Made by `make drills` long ago.

## A service SIGKILLed: nothing lost.

Test: `test_sigkill_while_feedback_is_written[auth]` — **passed**

Measured:

- old auth figures

Result: fine

## Redis unreachable: login still works.

Test: `test_redis_unreachable` — **passed**

Measured:

- old redis figures

Result: fine
"""


def names(text: str) -> list[str]:
    return [name for name, _ in doc.sections(text)]


def test_a_drill_run_alone_replaces_its_section_and_keeps_the_others() -> None:
    redis = Drill("test_redis_unreachable", "Redis gone: refused clearly.", ["new"], "ok", True)
    merged = doc.merge(OLD, [redis], MODULE_ORDER, NOW)
    assert names(merged) == ["test_sigkill_while_feedback_is_written[auth]", redis.name]
    assert "old auth figures" in merged
    assert "old redis figures" not in merged
    assert "## Redis gone: refused clearly." in merged
    assert "**passed** (2026-12-04 02:00 UTC)" in merged
    assert doc.merge(merged, [redis], MODULE_ORDER, NOW) == merged


def test_a_new_drill_goes_where_its_module_runs() -> None:
    feed = Drill("test_feed_sigkill_mid_stream", "Feed: once.", ["12 items"], "once", False)
    merged = doc.merge(OLD, [feed], MODULE_ORDER, NOW)
    assert names(merged) == [
        "test_sigkill_while_feedback_is_written[auth]",
        "test_feed_sigkill_mid_stream",
        "test_redis_unreachable",
    ]
    assert "**FAILED**" in merged
    assert "- 12 items" in merged
