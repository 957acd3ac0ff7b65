"""Background tasks and the periodic loop: a failing run is logged by its type and the loop goes
on; a wake-up runs it before the interval; stop cancels and awaits every task."""

from __future__ import annotations

import asyncio

import pytest

from campus_common.tasks import Background, every


class _Stop(BaseException):
    """Ends a loop from inside a test's fake sleep (not an Exception, so `every` lets it out)."""


async def test_every_logs_a_failure_by_its_type_and_goes_on(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    runs: list[int] = []
    sleeps: list[float] = []

    async def action() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise ValueError("secret-token-abc")

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise _Stop

    with pytest.raises(_Stop):
        await every(5.0, action, failure="tick_failed", sleep=sleep)
    assert runs == [0, 1, 2]  # at once, then after each sleep; the failure did not end it
    assert sleeps == [5.0, 5.0, 5.0]
    out = capsys.readouterr()
    logged = out.out + out.err + caplog.text  # stdout or a logging handler, as configured
    assert "tick_failed" in logged
    assert "ValueError" in logged
    assert "secret-token-abc" not in logged


async def test_every_can_wait_one_interval_first() -> None:
    events: list[str] = []

    async def action() -> None:
        events.append("run")
        raise _Stop

    async def sleep(seconds: float) -> None:
        events.append(f"sleep {seconds:g}")

    with pytest.raises(_Stop):
        await every(3.0, action, failure="x", at_once=False, sleep=sleep)
    assert events == ["sleep 3", "run"]


async def test_a_wake_runs_it_before_the_interval_and_stop_ends_it() -> None:
    wake = asyncio.Event()
    ran = asyncio.Queue[int]()
    count = 0

    async def action() -> None:
        nonlocal count
        count += 1
        await ran.put(count)

    background = Background()
    background.start(every(3600.0, action, failure="x", wake=wake), name="loop")
    assert len(background) == 1
    assert await asyncio.wait_for(ran.get(), 2) == 1  # at once
    wake.set()
    assert await asyncio.wait_for(ran.get(), 2) == 2  # woken, long before the hour
    await background.stop()
    assert len(background) == 0
    wake.set()
    await asyncio.sleep(0.05)
    assert ran.empty()  # stopped: a wake-up runs nothing any more
