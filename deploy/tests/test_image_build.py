"""Replays the build stage of services/Dockerfile for each service on this machine (no Docker engine): its COPY
and RUN steps, in order, into a scratch directory and a fresh virtual environment. The result must
be the packages CI tests, at the versions CI tests, installed non-editable with every data file
(migrations, templates) the service reads at run time."""

from __future__ import annotations

import functools
import json
import os
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from deploy_checks import REPO, SERVICES, service_dockerfile


@functools.cache
def uv_binary() -> str:
    """uv as scripts/install.sh leaves it: on PATH, or in ~/.local/bin from `pip install --user`."""
    found = shutil.which("uv") or shutil.which("uv", path=str(Path.home() / ".local/bin"))
    assert found, "uv is needed (scripts/install.sh installs it)"
    return found


@functools.cache
def freeze(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [uv_binary(), "pip", "freeze", "--python", str(python)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pins = {}
    for line in out.splitlines():
        if "==" in line:
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def run_step(command: str, *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A RUN line of our own Dockerfile, run as the builder's shell would run it.
    return subprocess.run(  # noqa: S602
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def replay_build_stage(service: str, workdir: Path) -> Path:
    """Runs the Dockerfile's build stage with /src -> workdir and /opt/venv -> workdir/venv."""
    instructions = service_dockerfile(service)
    build = [i for i in instructions if i.stage == 1]
    assert build[0].keyword == "FROM"
    assert build[0].args.endswith(" AS build")
    venv = workdir / "venv"
    src = workdir / "src"
    src.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{Path(uv_binary()).parent}{os.pathsep}{env.get('PATH', '')}"

    def mapped(text: str) -> str:
        return (
            text.replace("/opt/venv", str(venv))
            .replace("/usr/local/bin/python3", sys.executable)
            .replace("/src", str(src))
        )

    for ins in build[1:]:
        if ins.keyword == "COPY":
            words = shlex.split(ins.args)
            if words[0].startswith("--from="):
                continue  # the uv binary: this machine has its own
            *sources, dest = words
            for source in sources:
                target = src / dest if not dest.startswith("/") else Path(mapped(dest))
                if (REPO / source).is_dir():
                    shutil.copytree(
                        REPO / source, target, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    if dest.endswith("/"):
                        target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(REPO / source, target)
        elif ins.keyword == "ENV":
            for pair in shlex.split(ins.args):
                name, _, value = pair.partition("=")
                env[name] = mapped(value)
        elif ins.keyword == "ARG":
            continue  # already in place (service_dockerfile)
        elif ins.keyword == "WORKDIR":
            assert ins.args == "/src"
        elif ins.keyword == "RUN":
            command = ins.args
            while command.startswith("--mount="):
                command = command.split(" ", 1)[1]
            # None of these changes what resolves; they keep the replay quick (local uv cache).
            env["UV_COMPILE_BYTECODE"] = "0"
            env["UV_LINK_MODE"] = "hardlink"
            env.pop("UV_NO_CACHE", None)
            result = run_step(mapped(command), cwd=src, env={**env, "UV_OFFLINE": "1"})
            if result.returncode != 0:  # something is not in the local cache yet: ask the index
                result = run_step(mapped(command), cwd=src, env=env)
            assert result.returncode == 0, f"RUN {command}\n{result.stderr}"
        else:
            pytest.fail(f"the replay does not know {ins.keyword}; teach it before using it")
    return venv / "bin/python"


@pytest.fixture(scope="module")
def replays(tmp_path_factory) -> dict[str, Path]:
    """All three replays at once: they mostly wait on uv and the file system."""
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:
        futures = {
            s: pool.submit(replay_build_stage, s, tmp_path_factory.mktemp(s)) for s in SERVICES
        }
        return {s: f.result() for s, f in futures.items()}


def load_app(service: str, python: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Imports the app factory and runs the CLI's --help with the image's environment."""
    package, _ = SERVICES[service]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{workdir}/db.sqlite"
    code = (
        f"from {package}.main import create_app; from {package}.cli import main;"
        "print(type(create_app()).__name__); main(['--help'])"
    )
    return subprocess.run(
        [str(python), "-c", code], cwd=workdir, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def loaded(replays, tmp_path_factory) -> dict[str, subprocess.CompletedProcess[str]]:
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:
        futures = {
            s: pool.submit(load_app, s, python, tmp_path_factory.mktemp(f"{s}-run"))
            for s, python in replays.items()
        }
        return {s: f.result() for s, f in futures.items()}


@pytest.fixture(params=list(SERVICES))
def built(request, replays) -> tuple[str, Path]:
    return request.param, replays[request.param]


class TestImageBuildStage:
    def test_installs_ci_versions_of_everything(self, built):
        _, python = built
        image = freeze(python)
        ci = freeze(REPO / ".venv/bin/python")
        assert image, "nothing installed"
        different = {n: (v, ci.get(n)) for n, v in image.items() if ci.get(n) != v}
        assert different == {}, "image versions differ from CI's"

    def test_own_packages_are_installed_not_linked(self, built):
        service, python = built
        package, _ = SERVICES[service]
        code = (
            "import json, importlib, importlib.metadata as md;"
            f"mods = [importlib.import_module(m) for m in ('campus_common', '{package}')];"
            f"urls = [md.distribution(d).read_text('direct_url.json') for d in ('campus-common', 'campus-{service}')];"
            "print(json.dumps({'files': [m.__file__ for m in mods], 'urls': urls}))"
        )
        out = json.loads(
            subprocess.run(
                [str(python), "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        venv = str(python.parent.parent)
        for path in out["files"]:
            assert path.startswith(venv), f"{path} is outside the image's environment"
        for url in out["urls"]:
            assert not json.loads(url)["dir_info"].get("editable"), "installed editable"

    def test_the_app_factory_and_cli_load(self, built, loaded):
        service, python = built
        result = loaded[service]
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("FastAPI\n")
        assert "migrate" in result.stdout
        assert (python.parent / f"campus-{service}").exists(), "the CLI entry point is missing"

    def test_every_data_file_of_the_package_is_installed(self, built):
        service, python = built
        package, _ = SERVICES[service]
        source = REPO / f"services/{service}/src/{package}"
        site = Path(
            subprocess.run(
                [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        tracked = subprocess.run(
            ["git", "ls-files", f"services/{service}/src/{package}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert tracked
        for rel in tracked:
            inner = Path(rel).relative_to(source.relative_to(REPO))
            assert (site / package / inner).exists(), f"{rel} is missing from the image"
