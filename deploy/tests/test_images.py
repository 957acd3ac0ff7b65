"""The images install and run what CI installs and runs, as a non-root user with a health check."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from deploy_checks import (
    EDGE_PORT,
    PYTHON_DOCKERFILE,
    SERVICES,
    final_stage,
    install_options,
    norm,
    parse_dockerfile,
    service_dockerfile,
    uv_install_commands,
)

ALL_DOCKERFILES = [PYTHON_DOCKERFILE, "web/Dockerfile"]


def install_sh_command(repo: Path) -> tuple[set[str], list[str]]:
    """Constraint files and packages of the environment scripts/install.sh builds for CI."""
    text = (repo / "scripts/install.sh").read_text(encoding="utf-8")
    commands = uv_install_commands(text)
    assert len(commands) == 1, "scripts/install.sh should have one `uv pip install`"
    constraints, packages, _ = install_options(commands[0])
    return {norm(c) for c in constraints}, [norm(p) for p in packages]


def build_args(instructions: list) -> dict[str, str]:
    args = {}
    for ins in instructions:
        if ins.keyword == "ARG" and "=" in ins.args:
            name, _, value = ins.args.partition("=")
            args[name] = value
    return args


def expand(value: str, args: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), value)


class TestPythonImagesInstallLikeCI:
    @pytest.mark.parametrize("service", list(SERVICES))
    def test_every_install_step_uses_the_ci_constraints_and_packages(self, repo, service):
        ci_constraints, ci_packages = install_sh_command(repo)
        instructions = service_dockerfile(service)
        installs = [
            cmd
            for ins in instructions
            if ins.keyword == "RUN"
            for cmd in uv_install_commands(ins.args)
        ]
        assert installs, "no `uv pip install` in the Dockerfile"
        for args in installs:
            constraints, packages, flags = install_options(args)
            assert {norm(c) for c in constraints} == ci_constraints
            assert [norm(p) for p in packages] == ["libs/campus-common", f"services/{service}"]
            assert set(packages) <= {f"./{p}" for p in ci_packages}, "not what install.sh installs"
            # Without it uv would honour [tool.uv.sources] and install campus-common editable,
            # pointing into the build stage that the runtime image does not have.
            assert "--no-sources" in flags
            assert "-r" not in flags, "dev tools in an image"
            assert "--requirement" not in flags, "dev tools in an image"

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_the_constraints_file_is_copied_from_the_repository_root(self, repo, service):
        instructions = service_dockerfile(service)
        copies = [shlex.split(i.args) for i in instructions if i.keyword == "COPY"]
        assert ["constraints.txt", "./"] in copies
        for words in copies:
            sources = [w for w in words[:-1] if not w.startswith("--")]
            if any(w.startswith("--from") for w in words):
                continue
            for src in sources:
                assert (repo / src).exists(), f"COPY source {src} is not in the repository"

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_python_minor_matches_the_one_constraints_are_compiled_for(self, repo, service):
        make = (repo / "Makefile").read_text(encoding="utf-8")
        compiled_for = re.search(r"uv pip compile --python (\d+\.\d+)", make)
        assert compiled_for
        instructions = service_dockerfile(service)
        image = expand("${PYTHON_IMAGE}", build_args(instructions))
        assert re.fullmatch(rf"python:{re.escape(compiled_for.group(1))}\.\d+-slim-\w+", image), (
            image
        )

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_the_command_is_the_local_run_app_factory_on_the_service_port(self, repo, service):
        package, port = SERVICES[service]
        runtime = final_stage(service_dockerfile(service))
        env = image_env(runtime)
        assert env["APP_FACTORY"] == f"{package}.main:create_app"
        assert env["PORT"] == str(port)
        procfile = (repo / "Procfile").read_text(encoding="utf-8")
        assert f"--factory {package}.main:create_app" in procfile
        exposed = [i.args for i in runtime if i.keyword == "EXPOSE"]
        assert exposed == [str(port)]
        words = run_cmd(runtime, env)
        assert words[:2] == ["--factory", f"{package}.main:create_app"]
        assert words[words.index("--port") + 1] == str(port)
        assert "--timeout-graceful-shutdown" in words
        health = [i.args for i in runtime if i.keyword == "HEALTHCHECK"]
        assert len(health) == 1
        assert "/health" in health[0]

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_the_command_and_healthcheck_follow_a_port_set_at_run_time(self, service):
        runtime = final_stage(service_dockerfile(service))
        env = {**image_env(runtime), "PORT": "9123"}
        words = run_cmd(runtime, env)
        assert words[words.index("--port") + 1] == "9123"
        health = next(i.args for i in runtime if i.keyword == "HEALTHCHECK")
        probe = health.split(" CMD ", 1)[1]
        # The probe's URL, as its shell and Python would build it, without calling it.
        probe = probe.replace("urllib.request.urlopen(", "print(").replace(", timeout=4)", ")")
        out = subprocess.run(
            ["sh", "-c", probe.replace("python -c", "python3 -c", 1)],
            env={**env, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == "http://127.0.0.1:9123/health"


def image_env(runtime: list) -> dict[str, str]:
    env = {}
    for ins in runtime:
        if ins.keyword == "ENV":
            for pair in shlex.split(ins.args):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def run_cmd(runtime: list, env: dict[str, str]) -> list[str]:
    """The image's CMD run by its own shell with `uvicorn` replaced by a stub that prints its
    arguments: what the container would really start, port included."""
    cmd = [i for i in runtime if i.keyword == "CMD"]
    assert len(cmd) == 1
    words = yaml_list(cmd[0].args)
    assert words[:2] == ["/bin/sh", "-c"], "CMD should be exec form running /bin/sh -c"
    script = words[2]
    assert script.startswith("exec uvicorn "), "uvicorn must replace the shell (signals)"
    stub = 'uvicorn() { for a in "$@"; do printf \'%s\\n\' "$a"; done; }; '
    out = subprocess.run(
        ["/bin/sh", "-c", stub + script.removeprefix("exec ")],
        env={"PATH": "/usr/bin:/bin", **{k: v for k, v in env.items() if k != "PATH"}},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.splitlines()


def yaml_list(exec_form: str) -> list[str]:
    import json

    value = json.loads(exec_form)
    assert isinstance(value, list)
    return [str(v) for v in value]


class TestEveryImage:
    @pytest.mark.parametrize("dockerfile", ALL_DOCKERFILES)
    def test_runs_as_a_non_root_user(self, repo, dockerfile):
        instructions = parse_dockerfile(repo / dockerfile)
        users = [i.args for i in final_stage(instructions) if i.keyword == "USER"]
        assert users, "the runtime stage sets no USER (it would run as root)"
        user = expand(users[-1], build_args(instructions)).split(":")[0]
        assert user not in ("0", "root", ""), user
        assert not user.startswith("$"), f"unresolved USER {user}"

    @pytest.mark.parametrize("dockerfile", ALL_DOCKERFILES)
    def test_is_multi_stage_with_pinned_bases(self, repo, dockerfile):
        instructions = parse_dockerfile(repo / dockerfile)
        args = build_args(instructions)
        froms = [expand(i.args.split()[0], args) for i in instructions if i.keyword == "FROM"]
        assert len(froms) >= 2
        stages = {
            i.args.split()[-1]
            for i in instructions
            if i.keyword == "FROM" and " AS " in i.args.upper()
        }
        for image in froms:
            if image in stages:
                continue
            _, _, tag = image.rpartition(":")
            assert re.match(r"\d+\.\d+", tag), f"{image} is not pinned to a version"

    @pytest.mark.parametrize("dockerfile", ALL_DOCKERFILES)
    def test_has_a_healthcheck(self, repo, dockerfile):
        runtime = final_stage(parse_dockerfile(repo / dockerfile))
        health = [i.args for i in runtime if i.keyword == "HEALTHCHECK"]
        assert len(health) == 1
        assert "CMD" in health[0]


class TestWebImage:
    def test_serves_the_local_run_template_with_only_its_variables_substituted(self, repo):
        template = (repo / "deploy/nginx/default.conf.template").read_text(encoding="utf-8")
        ours = set(re.findall(r"\$\{(\w+)\}", template))
        assert ours == {
            "EDGE_PORT",
            "WEB_ROOT",
            "AUTH_UPSTREAM",
            "NOTIFICATION_UPSTREAM",
            "FEEDBACK_UPSTREAM",
        }
        instructions = parse_dockerfile(repo / "web/Dockerfile")
        runtime = final_stage(instructions)
        copies = [shlex.split(i.args) for i in runtime if i.keyword == "COPY"]
        assert [
            "deploy/nginx/default.conf.template",
            "/etc/nginx/templates/default.conf.template",
        ] in copies
        env = " ".join(i.args for i in runtime if i.keyword == "ENV")
        filt = re.search(r"NGINX_ENVSUBST_FILTER=(\S+)", env)
        assert filt, "without a filter envsubst would also replace nginx's own $variables"
        pattern = re.compile(filt.group(1))
        for name in ours:
            assert pattern.search(name), f"{name} would not be substituted"
        for nginx_var in set(re.findall(r"\$(\w+)", template)) - ours:
            assert not pattern.search(nginx_var), f"nginx's ${nginx_var} would be substituted"
        for name in ours:
            assert re.search(rf"\b{name}=", env), f"{name} has no default in the image"

    def test_builds_with_npm_ci_and_listens_on_8080(self, repo):
        instructions = parse_dockerfile(repo / "web/Dockerfile")
        runs = " ".join(i.args for i in instructions if i.keyword == "RUN")
        assert "npm ci" in runs
        assert "npm run build" in runs
        runtime = final_stage(instructions)
        assert [i.args for i in runtime if i.keyword == "EXPOSE"] == [str(EDGE_PORT)]
        assert "EDGE_PORT=8080" in " ".join(i.args for i in runtime if i.keyword == "ENV")
        assert (repo / "web/package-lock.json").exists()
