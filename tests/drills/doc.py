"""docs/reliability.md from the drills of a session, merged with the sections already there: a
drill run alone (`DRILLS_DOC=1 pytest tests/drills/test_x.py`) replaces its own sections and
keeps every other drill's, in the order of `conftest.MODULE_ORDER`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

DRILLS = Path(__file__).resolve().parent
TEST_LINE = re.compile(r"^Test: `([^`]+)`", re.MULTILINE)


class Result(Protocol):
    name: str
    what: str
    measured: list[str]
    result: str
    passed: bool


def header(now: datetime) -> str:
    return (
        "# Reliability drills\n\n"
        f"Made by `make drills` (pytest `tests/drills/`), last on {now:%Y-%m-%d %H:%M} UTC, "
        "against a stack of its own: the three services and nginx as the `Procfile` runs them "
        "(one uvicorn worker each), PostgreSQL for every store, the dev mailbox as the email "
        "backend, outbox and relay retry intervals shortened through the environment so the "
        "drills finish in seconds. A drill run alone with `DRILLS_DOC=1` replaces its own "
        "sections and keeps the others; each section says when it was measured.\n"
    )


def section(d: Result, now: datetime) -> str:
    title = " ".join(d.what.splitlines()[0:1]) or d.name
    lines = [
        f"## {title}",
        "",
        f"Test: `{d.name}` — **{'passed' if d.passed else 'FAILED'}** ({now:%Y-%m-%d %H:%M} UTC)",
        "",
    ]
    rest = "\n".join(line.strip() for line in d.what.splitlines()[1:]).strip()
    if rest:
        lines += [rest, ""]
    lines += ["Measured:", ""] + [f"- {m}" for m in d.measured] + ["", f"Result: {d.result}", ""]
    return "\n".join(lines)


def sections(text: str) -> list[tuple[str, str]]:
    """The (test name, section text) pairs of a written doc, in their order."""
    found = []
    for chunk in re.split(r"(?m)^(?=## )", text):
        match = TEST_LINE.search(chunk)
        if chunk.startswith("## ") and match:
            found.append((match.group(1), chunk.rstrip() + "\n"))
    return found


def module_of(name: str) -> str:
    """The drill module defining test `name` (its parameters left out); "" if none does."""
    function = name.split("[", 1)[0]
    for path in sorted(DRILLS.glob("test_*.py")):
        if re.search(rf"^def {re.escape(function)}\(", path.read_text(), re.MULTILINE):
            return path.name
    return ""


def merge(old: str, results: Sequence[Result], order: Sequence[str], now: datetime) -> str:
    """The doc with `results` in place of their earlier sections (or added), others kept."""
    fresh = {d.name: section(d, now) for d in results}
    rows = [(name, fresh.pop(name, text)) for name, text in sections(old)]
    rows += list(fresh.items())

    def rank(item: tuple[int, tuple[str, str]]) -> tuple[int, int]:
        module = module_of(item[1][0])
        return (order.index(module) if module in order else len(order), item[0])

    ordered = [row for _, row in sorted(enumerate(rows), key=rank)]
    return "\n".join([header(now)] + [text for _, text in ordered])


def write(path: Path, results: Sequence[Result], order: Sequence[str]) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(merge(old, results, order, datetime.now(UTC)), encoding="utf-8")
