"""The release job: every `release_poll_interval` one round of `service.run_due` (publish the
scheduled drafts whose time has come), on `campus_common.tasks`, like the outbox relay. Any
number of replicas may run it: each publish is claimed by a conditional update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from campus_common.tasks import Background, every


class ReleaseJob:
    def __init__(self, interval_seconds: float) -> None:
        self.interval_seconds = interval_seconds
        self._background = Background()

    def start(self, round_: Callable[[], Awaitable[object]]) -> None:
        loop = every(self.interval_seconds, round_, failure="release_failed", level="error")
        self._background.start(loop, name="release-job")

    async def stop(self) -> None:
        await self._background.stop()
