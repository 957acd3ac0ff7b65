"""The build context (.dockerignore, an allowlist) holds every file the Dockerfiles copy and none
of the local state: .env, keys, databases, virtual environments, node_modules, git history."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from deploy_checks import REPO, SERVICES, parse_dockerfile, service_dockerfile

# services/Dockerfile once per service (its COPY sources depend on the build arguments).
DOCKERFILES = [*SERVICES, "web/Dockerfile"]


def instructions_of(dockerfile: str) -> list:
    return (
        service_dockerfile(dockerfile)
        if dockerfile in SERVICES
        else parse_dockerfile(REPO / dockerfile)
    )


def rules(repo: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """(excludes, pattern) per line, in order; the last rule that matches a path decides."""
    out = []
    for raw in (repo / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif pattern.startswith("**", i):
                regex += ".*"
                i += 2
            elif pattern[i] == "*":
                regex += "[^/]*"
                i += 1
            elif pattern[i] == "?":
                regex += "[^/]"
                i += 1
            else:
                regex += re.escape(pattern[i])
                i += 1
        out.append((not negate, re.compile(regex)))
    return out


def in_context(path: str, ignore: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Docker's rule: a path is excluded when it, or a directory above it, matches an exclude
    pattern that no later `!` pattern re-includes."""
    parts = path.split("/")
    excluded = False
    for excludes, pattern in ignore:
        if any(pattern.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            excluded = excludes
    return not excluded


def tracked(prefix: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", prefix], cwd=REPO, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


class TestBuildContext:
    @pytest.mark.parametrize("dockerfile", DOCKERFILES)
    def test_every_copied_file_is_in_the_context(self, repo, dockerfile):
        ignore = rules(repo)
        for ins in instructions_of(dockerfile):
            if ins.keyword != "COPY" or "--from=" in ins.args:
                continue
            *sources, _ = shlex.split(ins.args)
            for source in sources:
                files = [f for f in tracked(source.rstrip("/")) if "/tests/" not in f]
                assert files, f"{source} holds no tracked file"
                missing = [f for f in files if not in_context(f, ignore)]
                assert missing == [], f"{dockerfile}: COPY {source} would miss {missing[:5]}"

    @pytest.mark.parametrize(
        "path",
        [
            ".env",
            ".env.production",
            "services/auth-backend/.env",
            ".git/HEAD",
            ".venv/bin/python",
            "var/auth-backend.db",
            "var/keys/0001.pem",
            "web/node_modules/react/index.js",
            "web/dist/index.html",
            "deploy/tools/node_modules/x/y",
            "services/auth-backend/tests/test_app.py",
            "libs/campus-common/src/campus_common/__pycache__/x.pyc",
            "docs/deployment.md",
        ],
    )
    def test_local_state_stays_out(self, repo, path):
        assert not in_context(path, rules(repo))

    def test_the_matcher_reads_allowlists(self, repo):
        ignore = rules(repo)
        assert in_context("libs/campus-common/src/campus_common/settings.py", ignore)
        assert in_context("constraints.txt", ignore)
        assert in_context("deploy/nginx/default.conf.template", ignore)
        assert not in_context("Makefile", ignore)
