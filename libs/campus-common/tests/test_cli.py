"""The `--now` option the services' job commands share."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import pytest

from campus_common.cli import add_now_option


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="campus-x")
    add_now_option(parser)
    return parser.parse_args(list(argv))


@pytest.mark.parametrize(
    "given",
    [
        "2026-03-08T20:00:00Z",
        "2026-03-08T21:00:00+01:00",
        "2026-03-08T20:00:00",
        "2026-03-08 20:00",
    ],
)
def test_a_time_is_taken_in_utc_and_one_without_a_zone_is_utc(given: str) -> None:
    now = parse("--now", given).now
    assert now == datetime(2026, 3, 8, 20, 0, tzinfo=UTC)
    assert now.tzinfo is UTC


def test_a_time_is_kept_to_the_millisecond_as_the_stores_keep_it() -> None:
    assert parse("--now", "2026-03-08T20:00:00.123456Z").now == datetime(
        2026, 3, 8, 20, 0, 0, 123000, tzinfo=UTC
    )


def test_no_time_given_is_none() -> None:
    assert parse().now is None


def test_a_value_that_is_no_time_is_refused_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse("--now", "tomorrow")
    assert exit_.value.code == 2
    assert "argument --now: invalid" in capsys.readouterr().err
