"""One service run as a real process (uvicorn on a free port, its output in a log file), for the
tests that kill it and start it again on the same database; and waiting for a condition."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from campus_stack.stack import free_port


def process_env(database_url: str, **settings: object) -> dict[str, str]:
    """This process's environment plus the test settings of a service process on
    `database_url` (no JWKS, so it calls nothing) and `settings` (names upper-cased)."""
    return {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "JWKS_URL": "",
        **{name.upper(): str(value) for name, value in settings.items()},
    }


class ServiceProcess:
    """`app` (a `module:factory` uvicorn serves) started with `env`, appending to `log`."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        command = [sys.executable, "-m", "uvicorn", "--factory", app]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"]
        with log.open("ab") as out:
            # The command is this interpreter and fixed arguments: nothing from outside.
            self.process = subprocess.Popen(  # noqa: S603
                command, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}"

    async def ready(self, timeout: float = 60.0) -> None:
        """Returns once `/ready` answers 200; fails with the log's end if the process exits."""
        async with httpx.AsyncClient(base_url=self.url) as client:
            for _ in range(int(timeout / 0.1)):
                assert self.process.poll() is None, self.log.read_text()[-2000:]
                try:
                    if (await client.get("/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("service did not become ready")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Sends `sig` (if it still runs) and waits for the process to end."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=15)


async def wait_until(condition: Callable[[], Awaitable[bool]], timeout: float = 40.0) -> None:
    """Polls `condition` every 50 ms until it holds; fails after `timeout` seconds."""
    for _ in range(int(timeout / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")
