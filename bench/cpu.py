"""CPU time of the stack's processes, read before and after a scenario: CPU per request or per
flow holds far better than throughput when other work shares the cores."""

from __future__ import annotations

import contextlib
import time

import psutil


def cpu_seconds(pid: int) -> float:
    """User + system CPU of `pid` and its children, in seconds."""
    try:
        proc = psutil.Process(pid)
        total = sum(proc.cpu_times()[:2])
        for child in proc.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += sum(child.cpu_times()[:2])
    except psutil.NoSuchProcess:
        return 0.0
    return total


def postgres_cpu(prefix: str) -> float:
    """CPU seconds of the PostgreSQL backends serving this stack's databases (`campus_<prefix>_*`);
    backends that ended meanwhile are not counted (the pools keep theirs open)."""
    total = 0.0
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(proc.info["cmdline"] or [])
            if title.startswith("postgres:") and f"campus_{prefix}_" in title:
                total += sum(proc.cpu_times()[:2])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def wait_quiet(
    pids: list[int], *, below: float = 0.1, window: float = 1.0, timeout: float = 180.0
) -> float:
    """Block until the processes together use less than `below` of a core over `window` seconds
    (background work such as an outbox backlog has drained); return the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        before = sum(cpu_seconds(p) for p in pids)
        time.sleep(window)
        if (sum(cpu_seconds(p) for p in pids) - before) / window < below:
            break
    return time.monotonic() - start
