"""The test-support package itself: the demo data both services seed agree, the clock moves,
test tokens verify like auth-backend's, and a suite's database starts empty and migrated."""

from __future__ import annotations

import contextlib
import re
import socket
import ssl
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography import x509
from sqlalchemy import inspect, text

from campus_common.db import create_engine
from campus_testing import demo
from campus_testing.certificates import issue
from campus_testing.clock import Clock
from campus_testing.databases import backend, fresh_database_url
from campus_testing.services import AUTH, FEEDBACK, NOTIFICATION, SERVICES
from campus_testing.tokens import SigningKey


class TestDemoData:
    def test_both_services_give_every_demo_account_the_same_id(self) -> None:
        from feedback_service.demo import demo_user_id as feedback_id

        for account in demo.DEMO_ACCOUNTS:
            assert feedback_id(account.email) == account.id == demo.demo_user_id(account.email)

    def test_every_assignment_pairs_a_demo_mentor_with_a_demo_student(self) -> None:
        roles = {a.email: a.role for a in demo.DEMO_ACCOUNTS}
        for mentor, student in demo.DEMO_ASSIGNMENTS:
            assert (roles[mentor], roles[student]) == ("mentor", "student")

    def test_ids_ignore_the_case_of_the_email(self) -> None:
        assert demo.demo_user_id("Admin@Campus.Local") == demo.demo_user_id("admin@campus.local")


class TestClock:
    def test_advance_moves_the_time_forward(self) -> None:
        clock = Clock()
        before = clock()
        clock.advance(3600)
        assert timedelta(seconds=3599) < clock() - before < timedelta(seconds=3700)
        assert clock().tzinfo is UTC


class TestSigningKey:
    def test_a_token_verifies_against_the_key_s_jwks(self) -> None:
        key = SigningKey("k-1")
        token = key.sign(role="mentor", email="maria@example.org")
        assert jwt.get_unverified_header(token)["kid"] == "k-1"
        public = jwt.PyJWK(key.jwks["keys"][0])
        claims = jwt.decode(token, public.key, algorithms=["ES256"], audience="campus")
        assert claims["role"] == "mentor"
        assert claims["iss"] == "campus-auth"
        assert claims["exp"] > datetime.now(UTC).timestamp()

    def test_a_claim_given_as_none_is_left_out(self) -> None:
        key = SigningKey()
        token = key.headers(amr=None)["Authorization"].removeprefix("Bearer ")
        assert "amr" not in jwt.decode(token, options={"verify_signature": False})


class TestDatabases:
    def test_backend_refuses_an_unknown_name(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("TEST_DATABASE", "oracle")
        with pytest.raises(ValueError, match="TEST_DATABASE"):
            backend()

    @pytest.fixture
    def urls(self, tmp_path: Path) -> tuple[str, str]:
        """A fresh database, and one migrated by the notification service (Alembic runs outside
        the test's event loop)."""
        return (
            fresh_database_url("campus_testing_empty", tmp_path),
            NOTIFICATION.database_url("campus_testing_migrated", tmp_path),
        )

    async def test_a_fresh_database_is_empty_and_a_migrated_one_has_the_tables(
        self, urls: tuple[str, str]
    ) -> None:
        empty, migrated = (create_engine(url) for url in urls)
        try:
            async with empty.connect() as conn:
                assert await conn.run_sync(lambda c: inspect(c).get_table_names()) == []
            async with migrated.connect() as conn:
                count = await conn.execute(text("SELECT count(*) FROM email_outbox"))
                assert count.scalar() == 0
        finally:
            await empty.dispose()
            await migrated.dispose()


class TestServices:
    def test_settings_are_test_settings_with_overrides(self, tmp_path: Path) -> None:
        settings = AUTH.settings(
            "sqlite+aiosqlite:///x.db", tmp_path, access_token_ttl=timedelta(minutes=5)
        )
        assert settings.environment == "test"
        assert settings.jwks_url is None
        assert settings.access_token_ttl == timedelta(minutes=5)
        assert settings.jwt_keys_dir == tmp_path / "keys"
        assert FEEDBACK.settings("sqlite+aiosqlite:///x.db", tmp_path).relay_enabled is False

    def test_an_override_may_name_another_database(self) -> None:
        """A suite's `settings_overrides` may move one test to another store (MongoDB)."""
        mongo = "mongodb://127.0.0.1:9/x"
        settings = FEEDBACK.settings("sqlite+aiosqlite:///x.db", database_url=mongo)
        assert settings.database_url == mongo
        assert [s.name for s in SERVICES] == [
            "auth-backend",
            "notification-service",
            "feedback-service",
        ]


IMPORTS_IT = re.compile(r"^\s*(from|import)\s+campus_testing\b", re.MULTILINE)


class TestNeverAtRuntime:
    def test_no_runtime_source_imports_campus_testing(self) -> None:
        """The images install campus-common and one service only (services/Dockerfile)."""
        root = Path(__file__).resolve().parents[3]
        sources = [root / "libs" / "campus-common" / "src", *root.glob("services/*/src")]
        offenders = [
            str(path.relative_to(root))
            for source in sources
            for path in source.rglob("*.py")
            if IMPORTS_IT.search(path.read_text(encoding="utf-8"))
        ]
        assert len(sources) == 4
        assert offenders == []


class TestCertificates:
    @staticmethod
    def handshake(server_files: tuple[Path, Path], trusted: Path, hostname: str) -> str:
        """A real TLS handshake over a socket pair; the server's certificate subject."""
        server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_ctx.load_cert_chain(*server_files)
        client_ctx = ssl.create_default_context(cafile=str(trusted))
        left, right = socket.socketpair()
        with left, right:

            def serve() -> None:
                with contextlib.suppress(ssl.SSLError):  # the client refused the certificate
                    server_ctx.wrap_socket(left, server_side=True).close()

            done = threading.Thread(target=serve)
            done.start()
            with client_ctx.wrap_socket(right, server_hostname=hostname) as tls:
                peer = tls.getpeercert()
            done.join(timeout=5)
        return str(peer["subject"])

    def test_a_server_certificate_signed_by_the_ca_is_trusted_through_it(
        self, tmp_path: Path
    ) -> None:
        ca = issue("Test CA", ca=True)
        server = issue("smtp.test", names=[x509.DNSName("smtp.test")], issuer=ca)
        ca.write(tmp_path / "ca.pem")
        server.write(tmp_path / "cert.pem", tmp_path / "key.pem")
        files = (tmp_path / "cert.pem", tmp_path / "key.pem")
        assert "smtp.test" in self.handshake(files, tmp_path / "ca.pem", "smtp.test")

    def test_a_self_signed_certificate_is_its_own_trust_anchor(self, tmp_path: Path) -> None:
        me = issue("localhost", names=[x509.DNSName("localhost")], ca=True)
        me.write(tmp_path / "cert.pem", tmp_path / "key.pem")
        files = (tmp_path / "cert.pem", tmp_path / "key.pem")
        assert "localhost" in self.handshake(files, tmp_path / "cert.pem", "localhost")
        with pytest.raises(ssl.SSLCertVerificationError):
            self.handshake(files, tmp_path / "cert.pem", "elsewhere.test")
