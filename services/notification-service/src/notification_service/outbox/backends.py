"""Where emails go: `smtp` (aiosmtplib), `mailbox` (stored for the dev mailbox), `console`."""

from __future__ import annotations

import asyncio
import ssl
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

import aiosmtplib
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from campus_common.email import mask_email
from campus_common.logging import get_logger
from notification_service.models import MailboxMessage
from notification_service.outbox.rendering import safe_header
from notification_service.settings import Settings

log = get_logger(__name__)


class PermanentDeliveryError(Exception):
    """Retrying cannot help (a refused recipient, an unsafe header): the message goes dead."""


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    outbox_id: uuid.UUID
    template: str
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


class EmailBackend(Protocol):
    name: str

    async def send(self, email: OutgoingEmail) -> None: ...


def _address_header(value: str) -> str:
    """The header-injection guard for addresses: a CR or LF is never let through."""
    if "\r" in value or "\n" in value:
        raise PermanentDeliveryError("line break in an address header")
    return value


def build_message(email: OutgoingEmail, *, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = _address_header(sender)
    message["To"] = _address_header(email.to)
    message["Subject"] = safe_header(email.subject)
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "campus.local"
    message["Message-ID"] = make_msgid(idstring=email.outbox_id.hex, domain=domain)
    for name, value in email.headers.items():
        message[name] = safe_header(value)
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message


class ConsoleBackend:
    """Logs that a message would have been sent: template and masked recipient, never the body."""

    name = "console"

    async def send(self, email: OutgoingEmail) -> None:
        log.info(
            "email_sent_console",
            template=email.template,
            to=mask_email(email.to),
            outbox_id=str(email.outbox_id),
        )


class MailboxBackend:
    """Stores messages for the dev mailbox page (development only; refused in production)."""

    name = "mailbox"

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        # Readers of the mailbox API waiting for a new message, by recipient ("" = any).
        self._waiters: dict[str, set[asyncio.Event]] = {}

    async def send(self, email: OutgoingEmail) -> None:
        async with self.sessionmaker() as session, session.begin():
            session.add(
                MailboxMessage(
                    id=uuid.uuid4(),
                    outbox_id=email.outbox_id,
                    to=email.to,
                    subject=email.subject,
                    text=email.text,
                    html=email.html,
                    template=email.template,
                    headers={k: safe_header(v) for k, v in email.headers.items()},
                    created_at=datetime.now(UTC),
                )
            )
        for key in (email.to, ""):
            for event in self._waiters.get(key, ()):
                event.set()

    @contextmanager
    def arrivals(self, to: str | None) -> Iterator[asyncio.Event]:
        """An event set whenever this process stores a message to `to` (any when None). Clear it
        before reading the mailbox, then wait on it: a message stored in between is not missed.
        Messages stored by other processes are not signalled; readers re-read on a timeout."""
        key = to or ""
        event = asyncio.Event()
        self._waiters.setdefault(key, set()).add(event)
        try:
            yield event
        finally:
            waiting = self._waiters.get(key)
            if waiting is not None:
                waiting.discard(event)
                if not waiting:
                    del self._waiters[key]


class SmtpBackend:
    """One SMTP session per message: STARTTLS (587), implicit TLS (465) or plain; AUTH; timeouts."""

    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.settings.smtp_ca_file)
        if not self.settings.smtp_validate_certs:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    async def _open(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            timeout=s.smtp_timeout,
            use_tls=s.smtp_security == "tls",
            start_tls=False,
            tls_context=self._tls_context() if s.smtp_security != "none" else None,
        )
        await client.connect()
        try:
            await client.ehlo()
            if s.smtp_security == "starttls":
                await client.starttls()
                await client.ehlo()  # the server's capabilities change once TLS is up
            if s.smtp_username:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                await client.login(s.smtp_username, password)
        except BaseException:
            client.close()
            raise
        return client

    async def send(self, email: OutgoingEmail) -> None:
        message = build_message(email, sender=self.settings.email_from)
        client = await self._open()
        try:
            await client.send_message(message)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentDeliveryError("recipient refused by the SMTP server") from exc
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600 and exc.code not in (530, 535):
                raise PermanentDeliveryError(
                    f"SMTP server refused the message ({exc.code})"
                ) from exc
            raise
        finally:
            try:
                await client.quit()
            except aiosmtplib.SMTPException:
                client.close()

    async def probe(self) -> float:
        """Connect, greet, secure and authenticate, then quit; return the seconds it took."""
        start = time.perf_counter()
        client = await self._open()
        try:
            await client.noop()
        finally:
            try:
                await client.quit()
            except aiosmtplib.SMTPException:
                client.close()
        return time.perf_counter() - start


def make_backend(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> EmailBackend:
    kind = settings.resolved_email_backend
    if kind == "mailbox":
        if settings.is_production:
            raise RuntimeError("the mailbox backend is refused in production")
        return MailboxBackend(sessionmaker)
    if kind == "console":
        return ConsoleBackend()
    return SmtpBackend(settings)
