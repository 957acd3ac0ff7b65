"""What is particular to this service's app; the platform endpoints and the migration check that
every service shares are in tests/platform."""

from __future__ import annotations

import pytest

from campus_testing.services import FEEDBACK


class TestSettings:
    def test_durations_from_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from datetime import timedelta

        from feedback_service.settings import Settings

        monkeypatch.setenv("DIRECTORY_CACHE_TTL", "60")
        monkeypatch.setenv("RELAY_BACKOFF_BASE", "2.5")
        monkeypatch.setenv("RELAY_LEASE", "PT45S")
        settings = Settings(_env_file=None)
        assert settings.directory_cache_ttl == timedelta(seconds=60)
        assert settings.relay_backoff_base == timedelta(seconds=2.5)
        assert settings.relay_lease == timedelta(seconds=45)

    def test_seed_refused_in_production(self, monkeypatch: pytest.MonkeyPatch) -> None:
        secret = "a-long-and-unique-production-secret"
        code = FEEDBACK.run_cli(
            monkeypatch, "seed-demo", environment="production", service_token_secret=secret
        )
        assert code == 2
