"""What the services' command lines share besides migrations (`campus_common.migrations`): the
`--now` option of a job's run."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime


def moment(value: str) -> datetime:
    """An ISO 8601 time given on a command line (`2026-03-08T20:00:00Z`, `2026-03-08T21:00+01:00`;
    one without a zone is UTC) as an aware UTC datetime to the millisecond, the precision every
    store keeps. A value that is no such time raises ValueError (argparse reports it)."""
    parsed = datetime.fromisoformat(value)
    parsed = parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def add_now_option(parser: argparse.ArgumentParser) -> None:
    """`--now ISO-8601`: the time a run takes as now (`args.now`, None when not given)."""
    parser.add_argument(
        "--now", type=moment, default=None, help="take this time as now (ISO 8601; tests, ops)"
    )
