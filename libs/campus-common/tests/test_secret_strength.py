"""Production refuses weak secrets, naming the variable and how to make a good one."""

from __future__ import annotations

import secrets
from typing import ClassVar

import pytest
from pydantic import SecretStr, ValidationError

from campus_common.secret_strength import HOW_TO_MAKE_ONE, weakness
from campus_common.settings import BaseServiceSettings

GOOD = [
    secrets.token_urlsafe(48),
    secrets.token_hex(32),
    secrets.token_hex(16),
    "a-strong-production-secret-of-sufficient-length-0123456789",
]
WEAK = {
    "short": "Zq8#kT1!vB",
    "31 bytes": secrets.token_urlsafe(48)[:31],
    "one character": "x" * 40,
    "few characters": "abababababcdcdcdcdcdabcdabcdabcdabcdabcd",
    "repeated unit": "k3Y9pQ2w" * 5,
    "repeated run": "Tr0ub4dor&3-" + secrets.token_hex(4) + "-Tr0ub4dor&3",
    "sequence": "abcdefghijklmnopqrstuvwxyz0123456789",
    "development value": "dev-insecure-service-token-secret-change-me",
    "placeholder": "please-change-me-before-going-live-0001",
    "password": "MyPassword-for-the-campus-platform-2026",
}


class TestWeakness:
    @pytest.mark.parametrize("value", GOOD)
    def test_random_values_pass(self, value: str) -> None:
        assert weakness(value) is None

    @pytest.mark.parametrize(("kind", "value"), list(WEAK.items()))
    def test_weak_values_fail(self, kind: str, value: str) -> None:
        assert weakness(value) is not None, kind

    def test_length_in_bytes_not_characters(self) -> None:
        assert weakness("é" * 20 + secrets.token_hex(1)) != "it is 42 bytes long"

    def test_generated_values_never_fail(self) -> None:
        assert not [v for v in (secrets.token_urlsafe(48) for _ in range(2000)) if weakness(v)]


class Settings(BaseServiceSettings):
    code_hmac_secret: SecretStr = SecretStr(secrets.token_urlsafe(48))
    optional_key: SecretStr | None = None
    smtp_password: SecretStr | None = None


class TestProductionSettings:
    @pytest.mark.parametrize(("kind", "value"), list(WEAK.items()))
    def test_weak_secret_refused_naming_variable_and_remedy(self, kind: str, value: str) -> None:
        with pytest.raises(ValidationError) as info:
            Settings(
                environment="production",
                service_token_secret=secrets.token_hex(32),
                code_hmac_secret=value,
            )
        message = str(info.value)
        assert "CODE_HMAC_SECRET" in message, kind
        assert "SERVICE_TOKEN_SECRET" not in message
        assert HOW_TO_MAKE_ONE in message
        assert value not in message  # the secret itself is never echoed

    def test_every_secret_is_checked_and_reported(self) -> None:
        with pytest.raises(ValidationError) as info:
            Settings(environment="production", code_hmac_secret="short", optional_key="x" * 64)
        message = str(info.value)
        assert "SERVICE_TOKEN_SECRET still holds its development default" in message
        assert "CODE_HMAC_SECRET is not strong enough" in message
        assert "OPTIONAL_KEY is not strong enough" in message

    def test_strong_secrets_accepted(self) -> None:
        settings = Settings(
            environment="production",
            service_token_secret=secrets.token_urlsafe(48),
            optional_key=secrets.token_hex(32),
        )
        assert settings.is_production

    def test_external_credentials_only_have_to_be_set(self) -> None:
        settings = Settings(
            environment="production",
            service_token_secret=secrets.token_urlsafe(48),
            smtp_password="abcd efgh ijkl mnop",  # a Gmail App Password's shape
        )
        assert settings.smtp_password is not None

    def test_a_service_can_name_its_own_external_credentials(self) -> None:
        class Other(Settings):
            external_secrets: ClassVar[frozenset[str]] = frozenset({"optional_key"})

        assert Other(
            environment="production",
            service_token_secret=secrets.token_urlsafe(48),
            optional_key="short",
        ).is_production

    def test_development_accepts_development_values(self) -> None:
        assert Settings(environment="development", code_hmac_secret="short").environment == (
            "development"
        )
