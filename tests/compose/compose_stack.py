"""The Compose deployment run for real: docker-compose against podman's Docker-compatible API,
images built from the project's Dockerfiles on stand-in base images (scripts/test-compose.sh sets
all of that up and runs these checks).

`feedback-db` runs the mongo:7.0 stand-in, which is NOT MongoDB (mongoeco, a wire-protocol server
on SQLite): these checks prove the compose wiring, not MongoDB's behaviour."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT = "campus-compose-test"
# The secrets docker-compose.yml refuses to start without.
SECRETS = ("SERVICE_TOKEN_SECRET", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "CODE_HMAC_SECRET")
SMTP_CREDENTIALS = ("SMTP_USERNAME", "SMTP_PASSWORD")
ONE_SHOTS = (
    "postgres-init",
    "auth-keys",
    "auth-migrate",
    "notification-migrate",
    "feedback-migrate",
    "auth-seed",
    "feedback-seed",
)
# Published on the host: the original system's ports unless the environment says otherwise.
PORTS = {
    "EDGE_PORT": int(os.environ.get("EDGE_PORT", "8080")),
    "NOTIFICATION_PORT": int(os.environ.get("NOTIFICATION_PORT", "5001")),
    "FEEDBACK_PORT": int(os.environ.get("FEEDBACK_PORT", "8000")),
}


def work_dir() -> Path:
    configured = os.environ.get("COMPOSE_TEST_WORK")
    if not configured or not os.environ.get("DOCKER_HOST"):
        # Never a silent skip: this suite only means something when run by the script.
        pytest.fail("run these checks with scripts/test-compose.sh (make test-compose)")
    return Path(configured)


def strong_secret() -> str:
    """What scripts/init-env.sh writes: 32 random bytes as hex (production's rule: >= 32 bytes)."""
    return secrets.token_hex(32)


@dataclass
class Stack:
    """One docker-compose project: its files, its .env and helpers over the real CLI."""

    files: list[str]
    env: dict[str, str]
    work: Path
    name: str = PROJECT
    extra_files: list[Path] = field(default_factory=list)

    def env_file(self) -> Path:
        path = self.work / f"{self.name}.env"
        path.write_text("".join(f"{k}={v}\n" for k, v in self.env.items()), encoding="utf-8")
        path.chmod(0o600)
        return path

    def command(self, *args: str) -> list[str]:
        cmd = ["docker-compose", "--project-directory", str(REPO), "-p", self.name]
        cmd += ["--env-file", str(self.env_file())]
        for f in self.files:
            cmd += ["-f", str(REPO / f)]
        for f in self.extra_files:
            cmd += ["-f", str(f)]
        return [*cmd, *args]

    def run(
        self, *args: str, timeout: float = 600, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        with open(self.work / "stacks", "a", encoding="utf-8") as stacks:
            stacks.write(self.name + "\n")  # the script's cleanup removes what is left
        # Only what compose needs from this environment: no .env of the repository, no ports
        # or secrets of the caller's shell leaking past the env file.
        env = {k: v for k, v in os.environ.items() if k not in self.env and k not in PORTS}
        env.pop("COMPOSE_FILE", None)
        result = subprocess.run(
            self.command(*args),
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"docker-compose {' '.join(args)} exited {result.returncode}\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
            )
        return result

    def up(self, *services: str) -> None:
        try:
            try:
                self.run("up", "-d", "--no-build", *services, timeout=900)
            except AssertionError as first:
                # podman 4.3 may keep a fixed address (the edge's) allocated to a container of an
                # earlier `up` that stopped: take the project down (volumes kept) and try once more.
                if "already allocated" not in str(first):
                    raise
                self.down()
                self.run("up", "-d", "--no-build", *services, timeout=900)
        except AssertionError as failed:
            ps = self.run("ps", check=False).stdout
            # The one-shot jobs first: a failed one is usually the reason, and the services'
            # own logs would push its lines out.
            one_shots = [
                s for s in ONE_SHOTS if s in self.run("config", "--services").stdout.split()
            ]
            logs = "\n".join(
                self.run("logs", "--no-color", "--tail=25", s, check=False).stdout
                for s in one_shots
            )
            logs += self.run("logs", "--no-color", "--tail=15", check=False).stdout[-8000:]
            raise AssertionError(f"{failed}\n{ps}\n{logs}") from None

    def down(self, *, volumes: bool = False) -> None:
        self.run("down", "-t", "10", *(["-v"] if volumes else []), timeout=300)
        # podman 4.3 sometimes keeps a stopped container of the project (and with it the edge's
        # fixed address) after `down`: remove what is left so the next `up` starts clean.
        label = f"label=com.docker.compose.project={self.name}"
        for leftover in podman("ps", "-aq", "--filter", label).stdout.split():
            podman("rm", "-f", "-t", "5", leftover)
        podman("network", "rm", "-f", "student-app-network")

    def container(self, service: str) -> dict[str, Any]:
        ids = self.run("ps", "-q", service).stdout.split()
        assert ids, f"no container for {service}"
        return inspect(ids[0])

    def exec(self, service: str, *cmd: str) -> subprocess.CompletedProcess[str]:
        return self.run("exec", "-T", service, *cmd, timeout=120)

    def url(self, port: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[port]}{path}"

    @property
    def ports(self) -> dict[str, int]:
        return {k: int(self.env[k]) for k in PORTS}


def podman(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["podman", *args], capture_output=True, text=True, timeout=120)


def inspect(container: str) -> dict[str, Any]:
    out = podman("inspect", container)
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout)[0])


def health(info: dict[str, Any]) -> str:
    state = info["State"]
    return str((state.get("Health") or state.get("Healthcheck") or {}).get("Status", ""))


def wait_healthy(stack: Stack, service: str, *, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    info: dict[str, Any] = {}
    while time.monotonic() < deadline:
        ids = stack.run("ps", "-q", service, check=False).stdout.split()
        if ids:
            info = inspect(ids[0])
            if info["State"]["Running"] and health(info) == "healthy":
                return info
        time.sleep(2)
    pytest.fail(f"{service} not healthy within {timeout}s: {info.get('State')}")


def base_env(**extra: str) -> dict[str, str]:
    env = {name: strong_secret() for name in SECRETS}
    env.update({k: str(v) for k, v in PORTS.items()})
    env.update(extra)
    return env


def ports_free() -> None:
    import socket

    for name, port in PORTS.items():
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                pytest.fail(
                    f"port {port} ({name}) is taken on this machine: stop what uses it, or run "
                    f"with other ports, e.g. {name}={port + 10000} make test-compose"
                )


def dev_smtp() -> dict[str, str]:
    return {"SMTP_USERNAME": "unused", "SMTP_PASSWORD": "unused"}
