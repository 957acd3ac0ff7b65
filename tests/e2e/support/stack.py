"""Starts the whole platform the way `make run` does, on non-default ports and a throwaway VAR_DIR.

Sourcing scripts/stack-env.sh, migrating and seeding every service, then `honcho start -f Procfile`
(auth, notify, feedback, edge, ready). Nothing is faked: real services, real nginx, real SQLite files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = ROOT / ".venv" / "bin"

# Ports of the e2e stack: free ephemeral ones unless E2E_EDGE_PORT etc. say otherwise, so it never
# collides with `make run` on the defaults or another harness on this machine.
PORT_NAMES = ("EDGE_PORT", "AUTH_PORT", "NOTIFICATION_PORT", "FEEDBACK_PORT")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Stack:
    env: dict[str, str]
    var_dir: Path
    log: Path

    @property
    def edge(self) -> str:
        return f"http://127.0.0.1:{self.env['EDGE_PORT']}"

    @property
    def public_url(self) -> str:
        return f"http://localhost:{self.env['EDGE_PORT']}"

    @property
    def notification(self) -> str:
        return f"http://127.0.0.1:{self.env['NOTIFICATION_PORT']}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def _port_busy(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def stack_env(var_dir: Path) -> dict[str, str]:
    """The environment scripts/stack-env.sh produces for our ports and VAR_DIR."""
    base = dict(os.environ)
    for name in PORT_NAMES:
        base[name] = os.environ.get(f"E2E_{name}") or str(_free_port())
    base["VAR_DIR"] = str(var_dir)
    for name in ("AUTH_URL", "NOTIFICATION_URL", "FEEDBACK_URL", "JWKS_URL", "PUBLIC_URL"):
        base.pop(name, None)
    for name in ("AUTH_DATABASE_URL", "NOTIFICATION_DATABASE_URL", "FEEDBACK_DATABASE_URL"):
        base.pop(name, None)
    out = subprocess.run(
        ["bash", "-c", "source scripts/stack-env.sh && env -0"],
        cwd=ROOT,
        env=base,
        check=True,
        capture_output=True,
    ).stdout
    env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
    env["LOG_FORMAT"] = "json"
    # The harness waits for readiness itself; the Procfile's `ready` process must never be the one
    # that gives up (and stops the stack) while the tests run.
    env["READY_TIMEOUT"] = os.environ.get("E2E_READY_TIMEOUT", "3600")
    # Every browser of the suite signs in from 127.0.0.1: a fast machine would reach the per-IP
    # limits meant for one person. The per-account lockout and per-code attempts stay as shipped.
    for name in ("RATE_LIMIT_LOGIN", "RATE_LIMIT_MFA", "RATE_LIMIT_PASSWORD"):
        env.setdefault(name, "200/minute;2000/hour")
    return env


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        result = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{tail}")


def _wait_ready(stack: Stack, proc: subprocess.Popen[bytes], timeout: float) -> None:
    urls = [
        f"{stack.edge}/api/auth/ready",
        f"{stack.edge}/api/notifications/ready",
        f"{stack.edge}/api/feedback/ready",
        f"{stack.edge}/",
    ]
    deadline = time.monotonic() + timeout
    pending = list(urls)
    with httpx.Client(timeout=2.0) as client:
        while pending:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"the stack stopped (exit {proc.returncode}):\n{stack.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {timeout:.0f}s: {pending}\n{stack.log_tail()}")
            for url in list(pending):
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(url).status_code == 200:
                        pending.remove(url)
            if pending:
                time.sleep(0.3)


@contextlib.contextmanager
def running_stack(timeout: float = 120.0) -> Iterator[Stack]:
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        raise RuntimeError(
            "web/dist is missing: build the web app first (scripts/test-e2e.sh does)"
        )
    var_dir = Path(tempfile.mkdtemp(prefix="campus-e2e-"))
    env = stack_env(var_dir)
    busy = [f"{n}={env[n]}" for n in PORT_NAMES if _port_busy(int(env[n]))]
    if busy:
        raise RuntimeError(
            f"ports in use, stop what holds them or set E2E_<NAME>: {', '.join(busy)}"
        )
    stack = Stack(env=env, var_dir=var_dir, log=var_dir / "stack.log")
    cli = {
        "AUTH_DATABASE_URL": "campus-auth-backend",
        "NOTIFICATION_DATABASE_URL": "campus-notification-service",
        "FEEDBACK_DATABASE_URL": "campus-feedback-service",
    }
    for db, command in cli.items():
        _run([str(VENV_BIN / command), "migrate"], {**env, "DATABASE_URL": env[db]}, stack.log)
    for db, command in cli.items():
        if command == "campus-notification-service":
            continue
        _run([str(VENV_BIN / command), "seed-demo"], {**env, "DATABASE_URL": env[db]}, stack.log)

    with stack.log.open("ab") as out:
        proc = subprocess.Popen(
            [str(VENV_BIN / "honcho"), "start", "-f", "Procfile", "--no-colour"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(stack, proc, timeout)
        yield stack
    finally:
        _stop(proc)
        if not os.environ.get("E2E_KEEP_VAR"):
            shutil.rmtree(var_dir, ignore_errors=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
