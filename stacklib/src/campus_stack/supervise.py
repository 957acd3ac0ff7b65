"""`make run`'s process supervisor: honcho's Procfile runner, plus restarts.

    python -m campus_stack.supervise [-f Procfile] [--once ready]

Like honcho, it starts every Procfile entry, prefixes each line of output with the entry's name and
stops everything on Ctrl-C (SIGINT) or SIGTERM. Unlike honcho, an entry that exits is started again,
as Compose's `restart: unless-stopped` does, with a line saying so and a back-off (1 s, doubling up to
30 s; back to 1 s once it stayed up 30 s) so that one crashing at start does not spin. Entries named
with `--once` (the readiness banner) are not restarted: when one fails, the whole stack stops with
its exit code, as before.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from honcho.manager import KILL_WAIT, SIGNALS, Manager

from campus_stack.stack import ROOT, procfile


class RestartingManager(Manager):  # type: ignore[misc]  # honcho is untyped
    def __init__(
        self,
        *,
        once: set[str] | frozenset[str] = frozenset(),
        backoff_initial: float = 1.0,
        backoff_max: float = 30.0,
        healthy_after: float = 30.0,
        printer: Any = None,
    ) -> None:
        super().__init__(printer=printer)
        self.once = set(once)
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.healthy_after = healthy_after
        self._started_at: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._restart_at: dict[str, float] = {}

    def loop(self) -> None:
        def _terminate(signum: int, frame: FrameType | None) -> None:
            self._system_print("{} received\n".format(SIGNALS[signum]["name"]))
            self.returncode = SIGNALS[signum]["rc"]
            self._restart_at.clear()
            self.terminate()

        signal.signal(signal.SIGTERM, _terminate)
        signal.signal(signal.SIGINT, _terminate)

        self._start()
        terminate_started: float | None = None
        while True:
            try:
                msg = self.events.get(timeout=0.1)
            except queue.Empty:
                pass
            else:
                self._handle(msg)

            if self._terminating:
                if self._all_stopped():
                    break
                if terminate_started is None:
                    terminate_started = time.monotonic()
                elif time.monotonic() - terminate_started > KILL_WAIT:
                    self.kill()
                continue
            now = time.monotonic()
            for name, when in list(self._restart_at.items()):
                if now >= when:
                    del self._restart_at[name]
                    self._restart(name)

    def _handle(self, msg: Any) -> None:
        if msg.type == "line":
            self._printer.write(msg)
        elif msg.type == "start":
            self._processes[msg.name]["pid"] = msg.data["pid"]
            self._started_at[msg.name] = time.monotonic()
            self._system_print("{} started (pid={})\n".format(msg.name, msg.data["pid"]))
        elif msg.type == "stop":
            name, rc = msg.name, msg.data["returncode"]
            self._processes[name]["returncode"] = rc
            self._processes[name]["process"].join(timeout=1)
            if self._terminating:
                self._system_print(f"{name} stopped (rc={rc})\n")
            elif name in self.once:
                self._system_print(f"{name} stopped (rc={rc})\n")
                if rc != 0:
                    self.returncode = rc
                    self.terminate()
            else:
                delay = self._backoff(name)
                self._system_print(
                    f"{name} exited (rc={rc}); restarting in {delay:g}s "
                    f"(restart {self._failures[name]} in a row)\n"
                )
                self._restart_at[name] = time.monotonic() + delay

    def _backoff(self, name: str) -> float:
        uptime = time.monotonic() - self._started_at.get(name, time.monotonic())
        failures = 1 if uptime >= self.healthy_after else self._failures.get(name, 0) + 1
        self._failures[name] = failures
        return float(min(self.backoff_max, self.backoff_initial * 2 ** (failures - 1)))

    def _restart(self, name: str) -> None:
        entry = self._processes[name]
        entry.pop("pid", None)
        entry.pop("returncode", None)
        entry["process"] = multiprocessing.Process(
            name=name, target=entry["obj"].run, args=(self.events, True)
        )
        entry["process"].start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--procfile", type=Path, default=ROOT / "Procfile")
    parser.add_argument(
        "--once", action="append", default=[], help="an entry that is not restarted"
    )
    args = parser.parse_args(argv)
    manager = RestartingManager(once=set(args.once))
    for name, command in procfile(args.procfile).items():
        manager.add_process(name, command, cwd=str(ROOT))
    manager.loop()
    return int(manager.returncode or 0)


if __name__ == "__main__":
    sys.exit(main())
