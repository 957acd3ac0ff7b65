"""The services accept the environment compose and Kubernetes give them: every variable is one a
service reads (no silently ignored typo), every URL a service calls is set (its default points at
127.0.0.1), and each service's Settings validate, production rules included."""

from __future__ import annotations

import importlib
import secrets
from typing import Any

import pytest
from deploy_checks import DUMMY_SECRETS, SERVICES

Doc = dict[str, Any]


def settings_class(service: str) -> Any:
    package, _ = SERVICES[service]
    return importlib.import_module(f"{package}.settings").Settings


def field_names(service: str) -> set[str]:
    return {name.upper() for name in settings_class(service).model_fields}


ALL_FIELDS = set().union(*(field_names(s) for s in SERVICES))


def must_set(service: str) -> set[str]:
    """Settings whose default only makes sense on a laptop: the stores and the other services."""
    return {
        n
        for n in field_names(service)
        if n.endswith("_URL") and n not in ("SUPABASE_URL", "PUBLIC_URL")
    }


def validate(service: str, env: dict[str, str], monkeypatch, tmp_path) -> Any:
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    for name in ALL_FIELDS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return settings_class(service)(_env_file=None)


class TestCompose:
    @pytest.mark.parametrize("service", list(SERVICES))
    def test_every_variable_is_one_a_service_reads(self, compose, compose_dev, service):
        for config in (compose, compose_dev):
            unknown = set(config["services"][service]["environment"]) - ALL_FIELDS
            assert unknown == set(), f"{service}: {unknown}"

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_every_store_and_peer_url_is_set(self, compose, service):
        env = compose["services"][service]["environment"]
        assert must_set(service) - set(env) == set()
        for name in must_set(service):
            assert "127.0.0.1" not in env[name], name

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_settings_validate_in_production(self, compose, service, monkeypatch, tmp_path):
        env = {k: str(v) for k, v in compose["services"][service]["environment"].items()}
        settings = validate(service, env, monkeypatch, tmp_path)
        assert settings.is_production
        assert (
            settings.service_token_secret.get_secret_value()
            == DUMMY_SECRETS["SERVICE_TOKEN_SECRET"]
        )

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_settings_validate_with_the_dev_override(
        self, compose_dev, service, monkeypatch, tmp_path
    ):
        env = {k: str(v) for k, v in compose_dev["services"][service]["environment"].items()}
        settings = validate(service, env, monkeypatch, tmp_path)
        assert settings.environment == "development"
        if service == "notification-service":
            assert settings.resolved_email_backend == "mailbox"


def containers(docs: list[Doc], service: str) -> list[Doc]:
    """The service's app container, its init containers and its migration Job's container."""
    out = []
    wanted = {("Deployment", service), ("Job", f"{service}-migrate")}
    for doc in docs:
        if (doc["kind"], doc["metadata"]["name"]) in wanted:
            spec = doc["spec"]["template"]["spec"]
            out += spec["containers"] + spec.get("initContainers", [])
    assert len(out) == 3
    return out


def container_env(
    docs: list[Doc], service: str, dummy: str, container: Doc | None = None
) -> dict[str, str]:
    """What a container sees (by default the app's): ConfigMaps, then env (secrets as `dummy`)."""
    config_maps = {
        c["metadata"]["name"]: c.get("data", {}) for c in docs if c["kind"] == "ConfigMap"
    }
    container = container or containers(docs, service)[0]
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(config_maps[source["configMapRef"]["name"]])
    for item in container.get("env", []):
        # A secret's stand-in is as strong as production demands (>= 32 bytes, random).
        env[item["name"]] = item.get("value", f"{dummy}-{secrets.token_hex(24)}")
    return env


STORE_URLS = {
    "DATABASE_URL": {
        "auth-backend": "postgresql+asyncpg://campus:x@pg:5432/campus_auth",
        "notification-service": "postgresql+asyncpg://campus:x@pg:5432/campus_notification",
        "feedback-service": "mongodb://mongo:27017/campus_feedback",
    },
    "REDIS_URL": dict.fromkeys(SERVICES, "redis://redis:6379/0"),
}


class TestKubernetes:
    @pytest.mark.parametrize("service", list(SERVICES))
    def test_every_variable_is_one_a_service_reads(self, rendered, service):
        for docs in rendered.values():
            unknown = set(container_env(docs, service, "secret")) - ALL_FIELDS
            assert unknown == set(), f"{service}: {unknown}"

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_every_store_and_peer_url_is_set(self, rendered, service):
        for docs in rendered.values():
            env = container_env(docs, service, "secret")
            assert must_set(service) - set(env) == set()

    @pytest.mark.parametrize("overlay", ["dev", "prod"])
    @pytest.mark.parametrize("service", list(SERVICES))
    def test_settings_validate_in_every_container(
        self, rendered, overlay, service, monkeypatch, tmp_path
    ):
        for container in containers(rendered[overlay], service):
            env = container_env(rendered[overlay], service, "k8s-secret", container)
            for name, urls in STORE_URLS.items():
                if name in env:
                    env[name] = urls[service]
            settings = validate(service, env, monkeypatch, tmp_path)
            assert settings.environment == ("production" if overlay == "prod" else "development")
