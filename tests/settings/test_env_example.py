"""Every settings class against the `.env.example` that documents it.

A service's own `services/<name>/.env.example` must list every variable its settings class reads
(campus-common's base included), each with the class's default. The root `.env.example` must list
every variable of every service too: Part 1 holds the values Compose runs with (listed, not
compared), Part 2 each other setting commented out with its default (compared).

Values are compared as the service reads them: the file's text goes through the settings class
itself (`PT15M`, `900` and `timedelta(minutes=15)` are the same value), never as strings.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import AliasChoices, SecretStr, ValidationError
from pydantic_settings import BaseSettings

from campus_common.settings import BaseServiceSettings

ROOT = Path(__file__).resolve().parents[2]
ROOT_EXAMPLE = ROOT / ".env.example"

SERVICES = {
    "auth-backend": "auth_backend.settings",
    "notification-service": "notification_service.settings",
    "feedback-service": "feedback_service.settings",
}

# Defaults computed from the machine at start, so no file can hold them: only their presence is
# checked. HASH_CONCURRENCY counts the usable cores.
MACHINE_DEPENDENT = {"HASH_CONCURRENCY"}

# `NAME=value` or, in the root file's Part 2, `# NAME=value   # comment`.
ASSIGNMENT = re.compile(r"^(?P<commented>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


@dataclass(frozen=True)
class Entry:
    name: str
    value: str
    line: int
    commented: bool
    part: int  # the root file's part (1: what compose reads, 2: every other default); else 1


def settings_class(service: str) -> type[BaseServiceSettings]:
    cls: type[BaseServiceSettings] = importlib.import_module(SERVICES[service]).Settings
    return cls


def env_names(cls: type[BaseSettings]) -> dict[str, str]:
    """Environment variable -> field name; aliases (AliasChoices) all map to their field."""
    names: dict[str, str] = {}
    prefix = str(cls.model_config.get("env_prefix") or "")
    for field_name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            for choice in alias.choices:
                if isinstance(choice, str):
                    names[choice.upper()] = field_name
        elif isinstance(alias, str):
            names[alias.upper()] = field_name
        else:
            names[(prefix + field_name).upper()] = field_name
    return names


def primary_names(cls: type[BaseSettings]) -> dict[str, str]:
    """The one name each field is documented under (the first alias when there are several)."""
    primary: dict[str, str] = {}
    prefix = str(cls.model_config.get("env_prefix") or "")
    for field_name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
            primary[alias.choices[0].upper()] = field_name
        elif isinstance(alias, str):
            primary[alias.upper()] = field_name
        else:
            primary[(prefix + field_name).upper()] = field_name
    return primary


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def parse(path: Path, *, commented_defaults: bool) -> list[Entry]:
    entries: list[Entry] = []
    part = 1
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if re.match(r"^#\s*Part 2\b", line):
            part = 2
        match = ASSIGNMENT.match(line)
        if not match:
            continue
        commented = match["commented"] is not None
        if commented and not commented_defaults:
            continue
        value = match["value"]
        if commented:
            # A trailing "   # remark" is a remark, unless the value itself is quoted.
            value = re.split(r"\s+#\s", value, maxsplit=1)[0]
        entries.append(Entry(match["name"], unquote(value), number, commented, part))
    return entries


def placeholder(value: str) -> bool:
    """Values that stand for something (`<POSTGRES_PASSWORD>`, `$VAR_DIR/keys`)."""
    return "<" in value or "$" in value


def comparable(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return value


def value_from(
    cls: type[BaseServiceSettings], name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """The field `name` sets, as the class reads the text from the environment."""
    field = env_names(cls)[name]
    with monkeypatch.context() as patch:
        patch.setenv(name, text)
        return comparable(getattr(cls(_env_file=None), field))


def default_of(cls: type[BaseServiceSettings], name: str) -> Any:
    return comparable(getattr(cls(_env_file=None), env_names(cls)[name]))


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defaults are the class's own: nothing from the environment of whoever runs the tests."""
    known: set[str] = set()
    for service in SERVICES:
        known |= set(env_names(settings_class(service)))
    for name in known:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    # A `.env` in the working directory would be read by the classes: read none.
    monkeypatch.chdir(Path(__file__).parent)


def mismatches(
    cls: type[BaseServiceSettings], entries: list[Entry], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    names = env_names(cls)
    wrong = []
    for entry in entries:
        if entry.name not in names or entry.name in MACHINE_DEPENDENT or placeholder(entry.value):
            continue
        default = default_of(cls, entry.name)
        try:
            documented = value_from(cls, entry.name, entry.value, monkeypatch)
        except ValidationError as exc:
            reason = "; ".join(error["msg"] for error in exc.errors())
            wrong.append(f"line {entry.line}: {entry.name}={entry.value} is refused: {reason}")
            continue
        if documented != default:
            wrong.append(
                f"line {entry.line}: {entry.name}={entry.value} reads as {documented!r}, "
                f"the default is {default!r}"
            )
    return wrong


@pytest.mark.parametrize("service", list(SERVICES))
class TestServiceEnvExample:
    def test_file_exists(self, service: str) -> None:
        path = ROOT / "services" / service / ".env.example"
        assert path.is_file(), f"services/{service}/.env.example is missing"

    def test_every_variable_is_listed(self, service: str) -> None:
        path = ROOT / "services" / service / ".env.example"
        if not path.is_file():
            pytest.fail(f"services/{service}/.env.example is missing")
        cls = settings_class(service)
        listed = {e.name for e in parse(path, commented_defaults=False)}
        aliases = env_names(cls)
        listed_fields = {aliases[n] for n in listed if n in aliases}
        missing = sorted(n for n, f in primary_names(cls).items() if f not in listed_fields)
        assert not missing, f"services/{service}/.env.example does not list: {', '.join(missing)}"

    def test_no_variable_the_service_does_not_read(self, service: str) -> None:
        path = ROOT / "services" / service / ".env.example"
        if not path.is_file():
            pytest.fail(f"services/{service}/.env.example is missing")
        known = env_names(settings_class(service))
        stale = sorted({e.name for e in parse(path, commented_defaults=False)} - set(known))
        assert not stale, f"services/{service}/.env.example lists unread variables: {stale}"

    def test_defaults_are_the_settings_defaults(
        self, service: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = ROOT / "services" / service / ".env.example"
        if not path.is_file():
            pytest.fail(f"services/{service}/.env.example is missing")
        entries = parse(path, commented_defaults=False)
        wrong = mismatches(settings_class(service), entries, monkeypatch)
        assert not wrong, f"services/{service}/.env.example:\n" + "\n".join(wrong)


class TestRootEnvExample:
    def test_every_variable_of_every_service_is_listed(self) -> None:
        listed = {e.name for e in parse(ROOT_EXAMPLE, commented_defaults=True)}
        missing: dict[str, list[str]] = {}
        for service in SERVICES:
            cls = settings_class(service)
            aliases = env_names(cls)
            listed_fields = {aliases[n] for n in listed if n in aliases}
            for name, field in primary_names(cls).items():
                if field not in listed_fields:
                    missing.setdefault(name, []).append(service)
        assert not missing, ".env.example does not list:\n" + "\n".join(
            f"{name} ({', '.join(services)})" for name, services in sorted(missing.items())
        )

    def test_base_settings_are_listed(self) -> None:
        listed = {e.name for e in parse(ROOT_EXAMPLE, commented_defaults=True)}
        missing = sorted(set(primary_names(BaseServiceSettings)) - listed)
        assert not missing, f".env.example does not list campus-common's: {missing}"

    @pytest.mark.parametrize("service", list(SERVICES))
    def test_part_two_defaults_are_the_settings_defaults(
        self, service: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        entries = [e for e in parse(ROOT_EXAMPLE, commented_defaults=True) if e.part == 2]
        assert entries, ".env.example has no Part 2 (every other setting with its default)"
        wrong = mismatches(settings_class(service), entries, monkeypatch)
        assert not wrong, f".env.example (as read by {service}):\n" + "\n".join(wrong)

    def test_part_two_lists_only_settings_some_service_reads(self) -> None:
        known: set[str] = set(env_names(BaseServiceSettings))
        for service in SERVICES:
            known |= set(env_names(settings_class(service)))
        entries = [e for e in parse(ROOT_EXAMPLE, commented_defaults=True) if e.part == 2]
        stale = sorted({e.name for e in entries} - known)
        assert not stale, f".env.example Part 2 lists variables no service reads: {stale}"
