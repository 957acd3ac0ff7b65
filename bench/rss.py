"""Resident memory of a process tree, sampled from /proc through psutil."""

from __future__ import annotations

import contextlib
import threading
import time

import psutil


def rss_mib(pid: int) -> float:
    """RSS of `pid` and its children (nginx workers, uvicorn's reloader if any), in MiB."""
    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
    except psutil.NoSuchProcess:
        return 0.0
    return total / (1024 * 1024)


class PeakSampler:
    """Samples the RSS of `pid` every `interval` seconds in a thread; `peak` is the highest seen."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.baseline = rss_mib(pid)
        self.peak = self.baseline
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(self.interval)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib(self.pid))

    @property
    def delta(self) -> float:
        return self.peak - self.baseline
