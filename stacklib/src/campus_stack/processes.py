"""Processes the launcher and the harnesses start in a session of their own."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def stop_group(
    proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, *, grace: float = 20
) -> None:
    """Send `sig` to the process group `proc` leads (started with `start_new_session=True`),
    wait `grace` seconds for it to end, then SIGKILL the group. Nothing if it already ended."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
