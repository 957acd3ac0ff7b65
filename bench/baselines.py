"""The baselines every ratio is taken against, measured in the same run: the HTTP ceiling (a bare
FastAPI endpoint under the Procfile's uvicorn settings) and the start-up of `make run`."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx

from bench import wrk
from campus_stack.processes import stop_group
from campus_stack.stack import ROOT, procfile


def ceiling_command(port: int) -> str:
    """The Procfile's auth command with the bare app in place of the service (same flags)."""
    command = procfile()["auth"]
    command = re.sub(r"^DATABASE_URL=\S+\s+", "", command)
    command = re.sub(r"\S+:create_app", "bench.ceiling_app:create_app", command)
    return command.replace("$AUTH_PORT", str(port))


class Ceiling:
    """The bare endpoint's server, running for the whole benchmark."""

    def __init__(self, port: int = 28999) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/ping"
        self.proc: subprocess.Popen[bytes] | None = None
        self.results: list[wrk.WrkResult] = []

    def __enter__(self) -> Ceiling:
        self.proc = subprocess.Popen(
            ["bash", "-c", ceiling_command(self.port)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise TimeoutError("the ceiling app did not start")

    def __exit__(self, *_: object) -> None:
        if self.proc is not None:
            stop_group(self.proc, grace=15)

    def measure(self, duration: float, connections: int = 50) -> wrk.WrkResult:
        result = wrk.run("ceiling", self.url, connections=connections, duration=duration)
        self.results.append(result)
        return result

    @property
    def pid(self) -> int:
        """The process group leader (bash); `bench.cpu.cpu_seconds` counts its uvicorn child."""
        assert self.proc is not None
        return self.proc.pid

    @property
    def rps(self) -> float:
        return sum(r.rps for r in self.results) / len(self.results)

    @property
    def p99_ms(self) -> float:
        return sum(r.p99_ms for r in self.results) / len(self.results)


def startup_time(ports: dict[str, int], var_dir: Path, timeout: float = 120.0) -> float:
    """Seconds from `make run` (already installed) to every `/ready` green, on its SQLite default."""
    env = dict(os.environ)
    env.update(
        VAR_DIR=str(var_dir),
        EDGE_PORT=str(ports["edge"]),
        AUTH_PORT=str(ports["auth"]),
        NOTIFICATION_PORT=str(ports["notify"]),
        FEEDBACK_PORT=str(ports["feedback"]),
        JWT_KEYS_DIR=str(var_dir / "keys"),
        READY_TIMEOUT=str(int(timeout)),
    )
    for var in ("AUTH_DATABASE_URL", "NOTIFICATION_DATABASE_URL", "FEEDBACK_DATABASE_URL"):
        env.pop(var, None)
    urls = [
        f"http://127.0.0.1:{ports['auth']}/ready",
        f"http://127.0.0.1:{ports['notify']}/ready",
        f"http://127.0.0.1:{ports['feedback']}/ready",
        f"http://127.0.0.1:{ports['edge']}/healthz",
    ]
    log_path = var_dir.parent / f"{var_dir.name}-make-run.log"
    start = time.monotonic()
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        pending = list(urls)
        with httpx.Client(timeout=1.0) as client:
            while pending:
                if proc.poll() is not None:
                    tail = log_path.read_text(errors="replace").splitlines()[-15:]
                    raise RuntimeError(
                        f"make run exited with {proc.returncode}; its last lines ({log_path}):\n"
                        + "\n".join(tail)
                    )
                if time.monotonic() - start > timeout:
                    raise TimeoutError(f"not ready after {timeout}s: {pending}")
                for url in list(pending):
                    try:
                        if client.get(url).status_code == 200:
                            pending.remove(url)
                    except httpx.HTTPError:
                        pass
                if pending:
                    time.sleep(0.05)
        return time.monotonic() - start
    finally:
        stop_group(proc, signal.SIGINT)
