"""`make run` (scripts/run.sh) survives one crash: a service that exits is started again, with a
log line, and Ctrl-C still stops everything. Runs the real script on ports of its own (SQLite in a
throwaway VAR_DIR; a stand-in page as the web app, so nothing is built)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from campus_stack import ROOT, Ports, Stack
from campus_stack.processes import stop_group

from .conftest import Drill

READY_TIMEOUT = 120.0


class RunningMakeRun:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path, ports: Ports) -> None:
        self.proc = proc
        self.log = log
        self.ports = ports

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float, *, after: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.compile(pattern, re.MULTILINE).search(self.output(), after)
            if match:
                return match
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"no line matching {pattern!r}:\n{self.output()[-4000:]}")

    def service_pid(self, name: str, *, after: int = 0) -> tuple[int, int]:
        """The pid of the newest start of `name` after offset `after`, and where its line ends."""
        match = self.wait_for(
            rf"\| {name}(?:\.\d+)? +started \(pid=(\d+)\)", READY_TIMEOUT, after=after
        )
        return int(match.group(1)), match.end()

    def ready(self, url: str, timeout: float) -> float:
        start = time.monotonic()
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() - start < timeout:
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(url).status_code == 200:
                        return time.monotonic() - start
                assert self.proc.poll() is None, f"make run stopped:\n{self.output()[-4000:]}"
                time.sleep(0.2)
        raise AssertionError(f"{url} not ready after {timeout:.0f}s:\n{self.output()[-4000:]}")


@pytest.fixture
def make_run(tmp_path: Path) -> Iterator[RunningMakeRun]:
    stack = Stack(backend="sqlite", db_prefix="makerun", var_dir=tmp_path / "var")
    env = stack.prepare()
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>Campus</title>", encoding="utf-8")
    env["WEB_ROOT"] = str(web)
    log = tmp_path / "run.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = RunningMakeRun(proc, log, stack.ports)
    try:
        yield running
    finally:
        stop_group(proc)


def test_a_killed_service_is_started_again_and_ctrl_c_stops_everything(
    make_run: RunningMakeRun, record: Drill
) -> None:
    """feedback-service SIGKILLed under `make run` is started again; Ctrl-C still stops everything.

    `scripts/run.sh` (SQLite, the dev mailbox, its own ports) runs until every service is ready;
    the feedback-service process is SIGKILLed. Its supervisor (campus_stack.supervise) must log
    the exit and start it again after its back-off, the others untouched; then SIGINT (Ctrl-C)
    must stop every process and free every port."""
    feedback_ready = f"http://127.0.0.1:{make_run.ports.feedback}/ready"
    make_run.wait_for(r"all services ready", READY_TIMEOUT)
    old_pid, seen = make_run.service_pid("feedback")

    os.kill(old_pid, signal.SIGKILL)
    killed_at = time.monotonic()

    make_run.wait_for(r"feedback exited \(rc=-9\); restarting in \d+s", 10, after=seen)
    new_pid, _ = make_run.service_pid("feedback", after=seen)
    assert new_pid != old_pid
    make_run.ready(feedback_ready, 60)
    back_after = time.monotonic() - killed_at
    through_edge = f"http://127.0.0.1:{make_run.ports.edge}/api/feedback/ready"
    make_run.ready(through_edge, 10)
    assert make_run.proc.poll() is None, "the rest of the stack kept running"

    # Ctrl-C: the supervisor gets SIGINT and stops every process it started.
    os.kill(make_run.proc.pid, signal.SIGINT)
    interrupted_at = time.monotonic()
    assert make_run.proc.wait(timeout=30) == 130, make_run.output()[-3000:]
    stopped_after = time.monotonic() - interrupted_at
    with pytest.raises(ProcessLookupError):
        os.kill(new_pid, 0)
    assert not make_run.ports.busy(), f"still listening: {make_run.ports.busy()}"
    assert "restarting" not in make_run.output()[make_run.output().index("SIGINT received") :]
    record.measured = [
        f"SIGKILL to feedback-service ready again: {back_after:.1f} s (pid {old_pid} -> {new_pid})",
        f"Ctrl-C to every process stopped and every port free: {stopped_after:.1f} s",
    ]
    record.result = "restarted with a log line, the rest kept running; Ctrl-C stopped everything"
