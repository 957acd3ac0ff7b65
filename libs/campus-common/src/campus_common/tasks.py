"""Background work of a service: named asyncio tasks started together and stopped together
(`Background`), and the one periodic loop (`every`): run, log a failure by its type only, wait for
the interval or a wake-up, again."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Literal

from campus_common.logging import get_logger

log = get_logger(__name__)
Sleep = Callable[[float], Awaitable[None]]


class Background:
    """The long-running tasks one owner (a context, a watcher, a relay) starts; `stop` cancels
    them all and waits until each has ended."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[None]] = []

    def start(self, work: Coroutine[Any, Any, None], *, name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))

    def __len__(self) -> int:
        return len(self._tasks)

    async def stop(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def every(
    seconds: float,
    action: Callable[[], Awaitable[object]],
    *,
    failure: str,
    level: Literal["warning", "error"] = "warning",
    at_once: bool = True,
    wake: asyncio.Event | None = None,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Run `action` forever: first at once (or after one interval), then every `seconds`, or as
    soon as `wake` is set. A failing run is logged as `failure` with the error's type (never its
    message, which may carry data) and the loop goes on; cancelling the task ends it."""
    if not at_once:
        await sleep(seconds)
    while True:
        try:
            await action()
        except Exception as exc:  # the loop must outlive any single failure
            getattr(log, level)(failure, error=type(exc).__name__)
        if wake is None:
            await sleep(seconds)
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), seconds)
        wake.clear()
