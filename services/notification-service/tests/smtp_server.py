"""A real SMTP server for the tests: aiosmtpd on an ephemeral port, STARTTLS or implicit TLS with a
self-signed certificate made here, AUTH LOGIN/PLAIN, recording every message it accepts."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509

from campus_testing.certificates import issue

USERNAME = "campus-mailer"
PASSWORD = "app-password-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1; returns (cert, key) paths."""
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    issued = issue("localhost", names=names, ca=True, lifetime=dt.timedelta(days=1))
    cert_path, key_path = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    issued.write(cert_path, key_path)
    return cert_path, key_path


class Recorder:
    """aiosmtpd handler: keeps what was accepted; can be told to stall on DATA."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.auth_logins: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append(parsed)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == USERNAME.encode()
            and auth_data.password == PASSWORD.encode()
        )
        if ok:
            with self.lock:
                self.auth_logins.append(mechanism)
        return AuthResult(success=ok, handled=False)

    def wait_for(self, count: int, timeout: float = 15.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} messages, got {len(self.messages)}")


class SmtpServer:
    """One aiosmtpd server; `security` is "starttls", "tls" or "none"."""

    def __init__(
        self, folder: Path, *, security: str = "starttls", port: int | None = None
    ) -> None:
        self.security = security
        self.port = port or free_port()
        self.recorder = Recorder()
        self.cert, self.key = make_certificate(folder)
        self.controller: Controller | None = None

    def _ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def start(self) -> None:
        kwargs: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": self.port,
            "authenticator": self.recorder.authenticate,
        }
        if self.security == "starttls":
            kwargs.update(
                tls_context=self._ssl_context(), require_starttls=True, auth_require_tls=True
            )
        elif self.security == "tls":
            # implicit TLS: the whole connection is encrypted, aiosmtpd cannot tell on its own
            kwargs.update(ssl_context=self._ssl_context(), auth_require_tls=False)
        else:
            kwargs.update(auth_require_tls=False)
        self.controller = Controller(self.recorder, **kwargs)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings(self) -> dict[str, Any]:
        """Settings that point the notification service at this server."""
        values: dict[str, Any] = {
            "email_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": self.port,
            "smtp_security": self.security,
            "smtp_timeout": 5,
            "smtp_ca_file": str(self.cert),
        }
        if self.security != "none":
            values.update(smtp_username=USERNAME, smtp_password=PASSWORD)
        return values
