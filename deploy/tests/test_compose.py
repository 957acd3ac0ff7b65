"""docker-compose.yml keeps the original system's names and ports and starts in a safe order."""

from __future__ import annotations

import json
import re

import pytest
from deploy_checks import (
    DUMMY_SECRETS,
    PYTHON_DOCKERFILE,
    SERVICES,
    build_args_of,
    compose_env,
    parse_dockerfile,
    render_compose,
)

ORIGINAL_PORTS = {"auth-frontend": 8080, "notification-service": 5001, "feedback-service": 8000}
APPS = ["auth-frontend", *SERVICES]
MIGRATIONS = {
    "auth-backend": "auth-migrate",
    "notification-service": "notification-migrate",
    "feedback-service": "feedback-migrate",
}


def one_shots(config):
    return {n for n, s in config["services"].items() if s.get("restart") == "no"}


def published(service) -> set[int]:
    return {
        int(p["target"]) if isinstance(p, dict) else int(str(p).split(":")[-1])
        for p in service.get("ports", [])
    }


class TestOriginalShape:
    def test_original_service_names_and_ports(self, compose):
        for name, port in ORIGINAL_PORTS.items():
            assert port in published(compose["services"][name]), name
        assert "auth-backend" in compose["services"]
        assert "8080" in str(compose["services"]["auth-frontend"]["ports"])

    def test_feedback_db_is_mongo_7_on_the_mongodb_data_volume(self, compose):
        db = compose["services"]["feedback-db"]
        assert db["image"] == "mongo:7.0"
        assert any(
            str(v).startswith("mongodb_data:")
            or (isinstance(v, dict) and v.get("source") == "mongodb_data")
            for v in db["volumes"]
        )
        assert "mongosh" in " ".join(db["healthcheck"]["test"])
        assert "mongodb_data" in compose["volumes"]
        assert compose["services"]["feedback-service"]["environment"]["DATABASE_URL"] == (
            "mongodb://feedback-db:27017/campus_feedback"
        )

    def test_every_service_is_on_student_app_network(self, compose):
        assert compose["networks"]["student-app-network"]["name"] == "student-app-network"
        for name, service in compose["services"].items():
            assert list(service["networks"]) == ["student-app-network"], name

    def test_postgres_and_redis_back_auth_and_notification(self, compose):
        for name, db in (
            ("auth-backend", "campus_auth"),
            ("notification-service", "campus_notification"),
        ):
            env = compose["services"][name]["environment"]
            assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
            assert env["DATABASE_URL"].endswith(f"@postgres:5432/{db}")
            assert env["REDIS_URL"].startswith("redis://")
            assert env["REDIS_URL"].split("@")[1].startswith("redis:6379/")
        assert compose["services"]["notification-service"]["environment"]["EMAIL_BACKEND"] == "smtp"
        assert (
            compose["services"]["notification-service"]["environment"]["SMTP_HOST"]
            == "smtp.gmail.com"
        )


class TestHealthAndOrder:
    def test_every_long_running_service_restarts_and_has_a_real_healthcheck(self, compose):
        for name, service in compose["services"].items():
            if name in one_shots(compose):
                # Compose v2 prints `disable: true`, docker-compose 1.29 `test: [NONE]`.
                assert service["healthcheck"] in ({"disable": True}, {"test": ["NONE"]}), name
                continue
            assert service["restart"] == "unless-stopped", name
            test = service["healthcheck"]["test"]
            assert test[0] in ("CMD", "CMD-SHELL"), name
            assert len(" ".join(test[1:])) > 10, name

    def test_apps_wait_for_their_migrations_and_healthy_stores(self, compose):
        for app, migrate in MIGRATIONS.items():
            deps = compose["services"][app]["depends_on"]
            assert deps[migrate] == {"condition": "service_completed_successfully"}
            migrate_svc = compose["services"][migrate]
            assert migrate_svc["restart"] == "no"
            assert migrate_svc["command"][-1] == "migrate"
            assert migrate_svc["image"] == compose["services"][app]["image"]
            for dep, cond in deps.items():
                if dep in one_shots(compose):
                    assert cond == {"condition": "service_completed_successfully"}, (app, dep)
                else:
                    assert cond == {"condition": "service_healthy"}, (app, dep)
        edge = compose["services"]["auth-frontend"]["depends_on"]
        assert edge == {name: {"condition": "service_healthy"} for name in SERVICES}

    def test_production_auth_gets_a_signing_key_made_once_in_its_volume(self, compose):
        keys = compose["services"]["auth-keys"]
        auth = compose["services"]["auth-backend"]
        assert auth["depends_on"]["auth-keys"] == {"condition": "service_completed_successfully"}
        assert "rotate-keys" in keys["command"][-1]
        assert keys["command"][-1].startswith("ls /var/lib/campus/keys/*.pem"), (
            "must not rotate on every up"
        )
        assert keys["environment"]["JWT_KEYS_DIR"] == auth["environment"]["JWT_KEYS_DIR"]
        assert [str(v) for v in keys["volumes"]] == [str(v) for v in auth["volumes"]]

    def test_auth_trusts_forwarded_addresses_only_from_the_edge(self, compose):
        edge_ip = compose["services"]["auth-frontend"]["networks"]["student-app-network"][
            "ipv4_address"
        ]
        trusted = compose["services"]["auth-backend"]["environment"]["TRUSTED_PROXIES"]
        assert json.loads(trusted) == [edge_ip]

    def test_the_python_healthchecks_probe_each_service_port(self, compose):
        for name, (_, port) in SERVICES.items():
            assert f"http://127.0.0.1:{port}/health" in " ".join(
                compose["services"][name]["healthcheck"]["test"]
            )


class TestOneImageRecipe:
    def test_every_python_image_is_built_from_the_one_dockerfile_with_its_arguments(
        self, compose, compose_dev
    ):
        for config in (compose, compose_dev):
            for name, service in config["services"].items():
                build = service.get("build")
                if not build or build["dockerfile"] == "web/Dockerfile":
                    continue
                assert build["dockerfile"] == PYTHON_DOCKERFILE, name
                service_dir = build["args"]["SERVICE"]
                assert service["image"].endswith(f"/{service_dir}:latest"), name
                assert build["args"] == build_args_of(service_dir), name

    def test_no_service_keeps_a_dockerfile_of_its_own(self, repo):
        assert sorted(p.parent.name for p in repo.glob("services/*/Dockerfile")) == []


class TestUsers:
    def test_every_container_runs_as_a_non_root_user(self, compose, compose_dev, repo):
        ours = {}
        for path in [PYTHON_DOCKERFILE, "web/Dockerfile"]:
            ours[path] = [i for i in parse_dockerfile(repo / path) if i.keyword == "USER"]
        for config in (compose, compose_dev):
            for name, service in config["services"].items():
                dockerfile = service.get("build", {}).get("dockerfile")
                if "user" in service:
                    assert str(service["user"]).split(":")[0] not in ("root", "0"), name
                elif dockerfile:
                    assert ours[dockerfile], f"{name}: {dockerfile} sets no USER"
                else:
                    pytest.fail(f"{name} runs {service['image']} as its default user, often root")


class TestSecrets:
    @pytest.mark.parametrize("secret", sorted(DUMMY_SECRETS))
    def test_a_missing_secret_stops_compose_with_a_message(self, secret):
        env = compose_env()
        del env[secret]
        result = render_compose("docker-compose.yml", env=env)
        assert result.returncode != 0
        assert f"set {secret} in .env" in result.stderr

    def test_secrets_are_not_written_into_the_compose_files(self, repo):
        for compose_file in ("docker-compose.yml", "docker-compose.dev.yml"):
            text = (repo / compose_file).read_text(encoding="utf-8")
            for name in DUMMY_SECRETS:
                for match in re.finditer(rf"^\s*{name}:\s*(.+)$", text, flags=re.MULTILINE):
                    assert match.group(1).startswith(f"${{{name}:?"), f"{compose_file}: {name}"


class TestDevOverride:
    def test_dev_uses_the_mailbox_and_development_everywhere(self, compose_dev):
        services = compose_dev["services"]
        assert services["notification-service"]["environment"]["EMAIL_BACKEND"] == "mailbox"
        for name in [*SERVICES, *MIGRATIONS.values(), "auth-seed", "feedback-seed"]:
            assert services[name]["environment"]["ENVIRONMENT"] == "development", name

    def test_dev_seeds_demo_data_before_the_apps_start(self, compose_dev):
        services = compose_dev["services"]
        for app, seed, cli in (
            ("auth-backend", "auth-seed", "campus-auth-backend"),
            ("feedback-service", "feedback-seed", "campus-feedback-service"),
        ):
            assert services[app]["depends_on"][seed] == {
                "condition": "service_completed_successfully"
            }
            assert services[seed]["command"] == [cli, "seed-demo"]

    def test_production_never_uses_the_mailbox(self, compose):
        for name in SERVICES:
            env = compose["services"][name]["environment"]
            assert env["ENVIRONMENT"] == "production"
            assert env.get("EMAIL_BACKEND", "smtp") != "mailbox"


class TestEnvExample:
    def test_every_variable_compose_reads_is_in_env_example(self, repo):
        documented = env_example_names(repo)
        for compose_file in ("docker-compose.yml", "docker-compose.dev.yml"):
            text = (repo / compose_file).read_text(encoding="utf-8")
            used = set(re.findall(r"\$\{(\w+)", text))
            assert used - documented == set(), compose_file

    def test_every_service_setting_is_in_env_example(self, repo):
        import importlib

        documented = env_example_names(repo)
        for package, _ in SERVICES.values():
            settings = importlib.import_module(f"{package}.settings").Settings
            names = {field.upper() for field in settings.model_fields}
            missing = sorted(names - documented)
            assert missing == [], (
                f"{package}: add {missing} to .env.example (Part 2, with defaults)"
            )


def env_example_names(repo) -> set[str]:
    """Variable names in .env.example, set or commented out (`# NAME=...`)."""
    text = (repo / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
