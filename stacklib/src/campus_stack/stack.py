"""A whole local stack on ports of its own: the one launcher of the e2e, fuzz, drill, load and
benchmark harnesses.

It runs the very commands of the `Procfile` (the same uvicorn settings as `make run`), each as its
own process group so one service can be SIGKILLed and restarted while the others keep running,
with the environment of `scripts/stack-env.sh`, a temporary `VAR_DIR`, and either fresh PostgreSQL
databases (`campus_<prefix>_auth`, ...) or SQLite files. Migrations and demo seeding use each
service's own CLI. `Stack` is a context manager: leaving it stops every process it started.
Without `ports`, it takes free ephemeral ones, so it never collides with `make run` or another
harness on the same machine.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from campus_stack.processes import stop_group


def _repository_root() -> Path:
    """The checkout this package sits in (installed editable): the directory with the Procfile."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "Procfile").is_file() and (parent / "scripts" / "stack-env.sh").is_file():
            return parent
    raise RuntimeError("campus_stack must run from a Campus checkout (no Procfile found above it)")


ROOT = _repository_root()
VENV_BIN = ROOT / ".venv" / "bin"
POSTGRES_ADMIN = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

# Procfile entry -> (CLI of the service, database env variable, port env variable).
SERVICES: dict[str, tuple[str, str, str]] = {
    "auth": ("campus-auth-backend", "AUTH_DATABASE_URL", "AUTH_PORT"),
    "notify": ("campus-notification-service", "NOTIFICATION_DATABASE_URL", "NOTIFICATION_PORT"),
    "feedback": ("campus-feedback-service", "FEEDBACK_DATABASE_URL", "FEEDBACK_PORT"),
}
DB_SUFFIX = {"auth": "auth", "notify": "notification", "feedback": "feedback"}


@dataclass(frozen=True)
class Ports:
    edge: int = 28080
    auth: int = 28001
    notify: int = 25001
    feedback: int = 28000

    def of(self, name: str) -> int:
        port: int = getattr(self, name)
        return port

    @classmethod
    def free(cls, **fixed: int) -> Ports:
        """Free ephemeral ports (those in `fixed` as given)."""
        chosen = {
            name: fixed.get(name) or free_port() for name in ("edge", "auth", "notify", "feedback")
        }
        return cls(**chosen)

    def busy(self) -> list[str]:
        """`name=port` of every port something already listens on."""
        taken = []
        for name in ("edge", "auth", "notify", "feedback"):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                if sock.connect_ex(("127.0.0.1", self.of(name))) == 0:
                    taken.append(f"{name}={self.of(name)}")
        return taken


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def procfile(path: Path = ROOT / "Procfile") -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#") or ":" not in line:
            continue
        name, command = line.split(":", 1)
        entries[name.strip()] = command.strip()
    return entries


def recreate_postgres(name: str, admin: str = POSTGRES_ADMIN) -> str:
    """Drop and create database `name` on the server of `admin` (a libpq URL); return its
    SQLAlchemy asyncpg URL."""
    dsn = admin.rsplit("/", 1)[0]
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(
            ["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True,
            env={**os.environ, "PGOPTIONS": "--client-min-messages=warning"},
        )
    return dsn.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + name


@dataclass
class Stack:
    """The four processes of a local stack. `backend` is "postgresql" or "sqlite"."""

    backend: str = "postgresql"
    ports: Ports = field(default_factory=Ports.free)
    db_prefix: str = "bench"
    env_overrides: Mapping[str, str] = field(default_factory=dict)
    services: tuple[str, ...] = ("auth", "notify", "feedback", "edge")
    seed: bool = True
    ready_timeout: float = 90.0
    var_dir: Path | None = None
    env: dict[str, str] = field(default_factory=dict, init=False)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict, init=False)
    _tmp: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False)

    # --- environment -------------------------------------------------------------------------
    def prepare(self) -> dict[str, str]:
        if self.var_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix=f"campus-{self.db_prefix}-")
            self.var_dir = Path(self._tmp.name)
        self.var_dir.mkdir(parents=True, exist_ok=True)
        (self.var_dir / "logs").mkdir(exist_ok=True)
        env = dict(os.environ)
        env.update(
            VAR_DIR=str(self.var_dir),
            EDGE_PORT=str(self.ports.edge),
            AUTH_PORT=str(self.ports.auth),
            NOTIFICATION_PORT=str(self.ports.notify),
            FEEDBACK_PORT=str(self.ports.feedback),
            JWT_KEYS_DIR=str(self.var_dir / "keys"),
            PATH=f"{VENV_BIN}:{env.get('PATH', '')}",
        )
        for var in (
            "AUTH_URL",
            "NOTIFICATION_URL",
            "FEEDBACK_URL",
            "JWKS_URL",
            "PUBLIC_URL",
            "AUTH_DATABASE_URL",
            "NOTIFICATION_DATABASE_URL",
            "FEEDBACK_DATABASE_URL",
            "DATABASE_URL",
        ):
            env.pop(var, None)
        if self.backend == "postgresql":
            for svc, (_, db_var, _) in SERVICES.items():
                env[db_var] = recreate_postgres(f"campus_{self.db_prefix}_{DB_SUFFIX[svc]}")
        env.update(self.env_overrides)
        # stack-env.sh fills in every URL the services use from the ports above.
        out = subprocess.run(
            ["bash", "-c", "source scripts/stack-env.sh && env -0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        ).stdout
        self.env = dict(item.split("=", 1) for item in out.decode().split("\0") if "=" in item)
        return self.env

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports.of(name)}"

    @property
    def edge(self) -> str:
        return self.url("edge")

    @property
    def public_url(self) -> str:
        """The address people open (`PUBLIC_URL`, the one links in emails use)."""
        return self.env.get("PUBLIC_URL") or f"http://localhost:{self.ports.edge}"

    @property
    def notification(self) -> str:
        return self.url("notify")

    def cli(self, svc: str, *args: str) -> None:
        tool, db_var, _ = SERVICES[svc]
        env = {**self.env, "DATABASE_URL": self.env[db_var]}
        subprocess.run([str(VENV_BIN / tool), *args], cwd=ROOT, env=env, check=True)

    def migrate_and_seed(self) -> None:
        for svc in SERVICES:
            if svc in self.services:
                self.cli(svc, "migrate")
        if self.seed:
            for svc in ("auth", "feedback"):
                if svc in self.services:
                    self.cli(svc, "seed-demo")

    # --- processes ---------------------------------------------------------------------------
    def start_process(self, name: str) -> subprocess.Popen[bytes]:
        assert self.var_dir is not None
        command = procfile()[name]
        log = (self.var_dir / "logs" / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.get(name)
        if proc is not None:
            stop_group(proc, sig, grace=15)

    def ready_url(self, name: str) -> str:
        if name == "edge":
            return f"{self.url('edge')}/healthz"
        return f"{self.url(name)}/ready"

    def wait_ready(
        self, names: tuple[str, ...] | None = None, timeout: float | None = None
    ) -> float:
        """Block until every named process answers 200 on its readiness URL; return the seconds."""
        pending = list(names or self.services)
        start = time.monotonic()
        deadline = start + (timeout or self.ready_timeout)
        with httpx.Client(timeout=2.0) as client:
            while pending:
                for name in list(pending):
                    proc = self.procs.get(name)
                    if proc is not None and proc.poll() is not None:
                        raise RuntimeError(
                            f"{name} exited with {proc.returncode}:\n{self.tail(name)}"
                        )
                    try:
                        if client.get(self.ready_url(name)).status_code == 200:
                            pending.remove(name)
                    except httpx.HTTPError:
                        pass
                if pending:
                    if time.monotonic() > deadline:
                        logs = "\n".join(self.tail(n) for n in pending)
                        raise TimeoutError(f"not ready: {', '.join(pending)}\n{logs}")
                    time.sleep(0.2)
        return time.monotonic() - start

    def restart(self, name: str) -> float:
        self.kill(name)
        self.start_process(name)
        return self.wait_ready((name,))

    def log_tail(self, lines: int = 30) -> str:
        """The end of every process's log."""
        return "\n".join(self.tail(name, lines) for name in self.procs)

    def tail(self, name: str, lines: int = 30) -> str:
        assert self.var_dir is not None
        path = self.var_dir / "logs" / f"{name}.log"
        if not path.exists():
            return f"[{name}: no log]"
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
        return f"--- {name} ---\n" + "\n".join(text)

    def pid(self, name: str) -> int:
        """The pid of the server process itself (the Procfile commands `exec` it)."""
        return self.procs[name].pid

    def start_variant(
        self,
        name: str,
        *,
        port: int,
        database: str | None = None,
        env: Mapping[str, str],
        seed: bool = False,
        probe: str = "/ready",
    ) -> subprocess.Popen[bytes]:
        """A second copy of Procfile entry `name` on `port` with other settings (own database:
        a fresh PostgreSQL one, or a SQLite file in VAR_DIR), tracked as `<name>-<port>`."""
        assert self.var_dir is not None
        _, db_var, port_var = SERVICES[name]
        key = f"{name}-{port}"
        if self.backend == "postgresql":
            url = recreate_postgres(f"campus_{self.db_prefix}_{database or key.replace('-', '_')}")
        else:
            url = f"sqlite+aiosqlite:///{self.var_dir / (key + '.db')}"
        variant = {**self.env, port_var: str(port), db_var: url, **env}
        tool = SERVICES[name][0]
        subprocess.run(
            [str(VENV_BIN / tool), "migrate"],
            cwd=ROOT,
            env={**variant, "DATABASE_URL": url},
            check=True,
        )
        if seed:
            subprocess.run(
                [str(VENV_BIN / tool), "seed-demo"],
                cwd=ROOT,
                env={**variant, "DATABASE_URL": url},
                check=True,
                stdout=subprocess.DEVNULL,
            )
        log = (self.var_dir / "logs" / f"{key}.log").open("ab")
        proc = subprocess.Popen(
            ["bash", "-c", procfile()[name]],
            cwd=ROOT,
            env=variant,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.procs[key] = proc
        deadline = time.monotonic() + self.ready_timeout
        with httpx.Client(timeout=2.0) as client:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{key} exited:\n{self.tail(key)}")
                try:
                    if client.get(f"http://127.0.0.1:{port}{probe}").status_code == 200:
                        return proc
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{key} not ready:\n{self.tail(key)}")
                time.sleep(0.2)

    def start(self) -> Stack:
        busy = self.ports.busy()
        if busy:
            raise RuntimeError(
                f"ports in use, stop what holds them or pick others: {', '.join(busy)}"
            )
        if not self.env:
            self.prepare()
        self.migrate_and_seed()
        for name in self.services:
            self.start_process(name)
        self.wait_ready()
        return self

    def stop(self, *, keep_logs: bool = False) -> None:
        for name in reversed(list(self.procs)):
            self.kill(name, signal.SIGTERM)
        self.procs.clear()
        if keep_logs and self.var_dir is not None and (self.var_dir / "logs").exists():
            kept = Path(tempfile.mkdtemp(prefix=f"campus-{self.db_prefix}-logs-"))
            shutil.copytree(self.var_dir / "logs", kept, dirs_exist_ok=True)
            print(f"stack logs kept in {kept}", file=sys.stderr)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop(keep_logs=exc is not None or os.environ.get("KEEP_STACK_LOGS") == "1")


def shell_exports(stack: Stack) -> str:
    """`export` lines for a shell that wants to talk to the stack."""
    keys = ("EDGE_PORT", "AUTH_PORT", "NOTIFICATION_PORT", "FEEDBACK_PORT", "VAR_DIR")
    return "\n".join(f"export {k}={shlex.quote(stack.env[k])}" for k in keys)
