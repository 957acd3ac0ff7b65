"""docker-compose.yml alone, the production settings: it refuses to start while a required secret
is missing, and with every secret set and an SMTP server of the test's own (STARTTLS + AUTH, a
certificate from a CA made here), the sign-in code arrives by SMTP.

feedback-db is the mongo:7.0 stand-in (mongoeco on SQLite), NOT MongoDB."""

from __future__ import annotations

import email
import email.policy
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from compose_stack import SECRETS, SMTP_CREDENTIALS, Stack, base_env, ports_free
from cryptography import x509

from campus_stack.flows import CODE_RE
from campus_testing.certificates import issue

PROD_FILES = ["docker-compose.yml"]
SMTP_NAME = "smtp.test"
# The network's gateway: how containers on student-app-network reach this machine.
GATEWAY = "172.28.0.1"


class TestRequiredSecrets:
    @pytest.mark.parametrize("missing", [*SECRETS, *SMTP_CREDENTIALS])
    def test_the_stack_refuses_to_start_and_names_the_missing_secret(
        self, work: Path, missing: str
    ):
        env = base_env(SMTP_USERNAME="school@example.org", SMTP_PASSWORD=secrets.token_hex(8))
        env[missing] = ""
        stack = Stack(PROD_FILES, env, work)
        result = stack.run("up", "-d", "--no-build", check=False, timeout=120)
        assert result.returncode != 0
        assert f"set {missing} in .env" in result.stderr
        assert stack.run("ps", "-q", check=False).stdout.split() == []


# ---- an SMTP server of our own: STARTTLS required before AUTH, AUTH required before MAIL ----


@dataclass
class Inbox:
    username: str
    password: str
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth: Any):
        ok = (
            isinstance(auth, LoginPassword)
            and auth.login.decode() == self.username
            and auth.password.decode() == self.password
        )
        self.logins.append(f"{mechanism}:{'ok' if ok else 'refused'}")
        return AuthResult(success=ok)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)  # type: ignore[arg-type]
            self.arrived.notify_all()
        return "250 OK"

    def code_for(self, to: str, *, timeout: float = 60) -> str:
        with self.arrived:
            found = self.arrived.wait_for(lambda: self._code(to), timeout=timeout)
        assert found, f"no code email for {to} by SMTP; logins {self.logins}"
        return found

    def _code(self, to: str) -> str | None:
        for message in reversed(self.messages):
            if to in str(message["To"]):
                body = message.get_body(("plain",))
                text = body.get_content() if body else ""
                if m := CODE_RE.search(text):
                    return m.group(1)
        return None


def certificate(work: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for smtp.test signed by it: (ca.pem, cert.pem, key.pem)."""
    ca = issue("Compose check CA", ca=True)
    server = issue(SMTP_NAME, names=[x509.DNSName(SMTP_NAME)], issuer=ca)
    paths = (work / "smtp-ca.pem", work / "smtp-cert.pem", work / "smtp-key.pem")
    ca.write(paths[0])
    server.write(paths[1], paths[2])
    paths[0].chmod(0o644)  # read by the service's unprivileged user inside its container
    work.chmod(0o755)
    return paths


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def inbox(work: Path) -> Iterator[tuple[Inbox, int, Path]]:
    ca, cert, key = certificate(work)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    box = Inbox(username="school@example.org", password=secrets.token_hex(12))
    port = free_port()
    controller = Controller(
        box,
        hostname="0.0.0.0",
        port=port,
        server_hostname=SMTP_NAME,
        tls_context=tls,
        require_starttls=True,
        auth_require_tls=True,
        auth_required=True,
        authenticator=box.authenticate,
        ready_timeout=10,
    )
    controller.start()
    try:
        yield box, port, ca
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def production(built: None, work: Path, inbox: tuple[Inbox, int, Path]) -> Iterator[Stack]:
    box, port, ca = inbox
    ports_free()
    # Test wiring only: where this test's SMTP server is and the CA that signed its certificate.
    wiring = work / "smtp-wiring.yml"
    wiring.write_text(
        yaml.safe_dump(
            {
                "services": {
                    "notification-service": {
                        "extra_hosts": [f"{SMTP_NAME}:{GATEWAY}"],
                        "volumes": [f"{ca}:/run/campus/smtp-ca.pem:ro"],
                        "environment": {"SMTP_CA_FILE": "/run/campus/smtp-ca.pem"},
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    env = base_env(
        SMTP_HOST=SMTP_NAME,
        SMTP_PORT=str(port),
        SMTP_SECURITY="starttls",
        SMTP_USERNAME=box.username,
        SMTP_PASSWORD=box.password,
    )
    stack = Stack(PROD_FILES, env, work, extra_files=[wiring])
    stack.down(volumes=True)
    try:
        stack.up()
        yield stack
    finally:
        stack.down(volumes=True)


class TestProductionSignIn:
    def test_the_sign_in_code_arrives_by_smtp(
        self, production: Stack, inbox: tuple[Inbox, int, Path]
    ):
        box, _, _ = inbox
        address = "head@school.example.org"
        password = f"Compose-{secrets.token_urlsafe(18)}"
        # exec, not run: a second container on the network would make podman's compat API
        # report the network's IPAM driver, which compose then takes for a changed network.
        command = ("exec", "-T", "-e", f"ADMIN_PASSWORD={password}", "auth-backend")
        command += ("campus-auth-backend", "create-admin", "--email", address)
        command += ("--name", "Head Teacher")
        # podman's network DNS (aardvark-dns) can answer a name it serves with a temporary
        # failure on a loaded machine (EAI_AGAIN): that, and only that, is asked again.
        for _ in range(3):
            made = production.run(*command, timeout=180, check=False)
            if made.returncode == 0 or "Temporary failure in name resolution" not in made.stderr:
                break
            time.sleep(5)
        assert made.returncode == 0, made.stderr[-3000:]
        with httpx.Client(timeout=30.0) as client:
            login = client.post(
                production.url("EDGE_PORT", "/api/auth/login"),
                json={"email": address, "password": password},
            )
            assert login.status_code == 200, login.text
            body = login.json()
            assert body["mfa_required"] is True
            code = box.code_for(address)
            assert any(entry.endswith(":ok") for entry in box.logins), box.logins
            tokens = client.post(
                production.url("EDGE_PORT", "/api/auth/login/mfa"),
                json={"mfa_token": body["mfa_token"], "code": code},
            )
            assert tokens.status_code == 200, tokens.text
            assert tokens.json()["access_token"]
            # Production: no dev mailbox behind the published notification port.
            mailbox = client.get(production.url("NOTIFICATION_PORT", "/mailbox/api/messages"))
            assert mailbox.status_code == 404
