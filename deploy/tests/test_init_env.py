"""scripts/init-env.sh (`make env`): a .env with fresh strong secrets, values already there kept,
the older system's names read."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

from deploy_checks import REPO

SECRETS = ["SERVICE_TOKEN_SECRET", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "CODE_HMAC_SECRET"]


def init_env(path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SMTP_")}
    return subprocess.run(
        ["bash", str(REPO / "scripts/init-env.sh"), str(path)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )


def values(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


class TestInitEnv:
    def test_a_new_env_gets_a_strong_distinct_secret_for_each(self, tmp_path):
        path = tmp_path / ".env"
        init_env(path)
        got = values(path)
        for name in SECRETS:
            assert re.fullmatch(r"[0-9a-f]{64}", got[name]), name  # 32 random bytes
        assert len({got[n] for n in SECRETS}) == len(SECRETS)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # Everything else comes from .env.example.
        assert got["SMTP_HOST"] == "smtp.gmail.com"

    def test_values_already_there_are_kept_and_a_second_run_changes_nothing(self, tmp_path):
        path = tmp_path / ".env"
        mine = "a" * 20 + "0123456789abcdef0123456789abcdef"
        path.write_text(f"POSTGRES_PASSWORD={mine}\nSMTP_USERNAME=me@school.org\n", "utf-8")
        init_env(path)
        first = path.read_text(encoding="utf-8")
        assert values(path)["POSTGRES_PASSWORD"] == mine
        assert values(path)["SMTP_USERNAME"] == "me@school.org"
        init_env(path)
        assert path.read_text(encoding="utf-8") == first

    def test_the_older_systems_names_are_read(self, tmp_path):
        path = tmp_path / ".env"
        path.write_text(
            "SMTP_SERVER=mail.school.org\nSMTP_PORT=2525\nSENDER_EMAIL=Mentors <m@school.org>\n"
            "SUPABASE_URL=https://x.supabase.co\nSUPABASE_ANON_KEY=anon\n",
            "utf-8",
        )
        init_env(path)
        got = values(path)
        assert got["SMTP_HOST"] == "mail.school.org"
        assert got["EMAIL_FROM"] == "Mentors <m@school.org>"
        assert got["SMTP_PORT"] == "2525"
        assert got["SUPABASE_URL"] == "https://x.supabase.co"

    def test_smtp_credentials_from_the_environment_or_a_reminder(self, tmp_path):
        path = tmp_path / ".env"
        result = init_env(path)
        assert "SMTP_USERNAME SMTP_PASSWORD" in result.stdout
        init_env(path, SMTP_USERNAME="school@gmail.com", SMTP_PASSWORD="app-password")
        got = values(path)
        assert got["SMTP_USERNAME"] == "school@gmail.com"
        assert got["SMTP_PASSWORD"] == "app-password"

    def test_compose_renders_with_what_it_wrote(self, tmp_path):
        path = tmp_path / ".env"
        init_env(path, SMTP_USERNAME="school@gmail.com", SMTP_PASSWORD="app-password")
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "POSTGRES"))}
        for name in SECRETS:
            clean.pop(name, None)
        result = subprocess.run(
            ["docker-compose", "--env-file", str(path), "-f", "docker-compose.yml", "config", "-q"],
            cwd=REPO,
            env=clean,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
