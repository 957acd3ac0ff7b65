"""Email templates (Jinja2): an HTML part (autoescaped), a plain-text part and a subject line."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from notification_service.settings import Settings

TEMPLATES = Path(__file__).parent.parent / "templates"


def safe_header(value: str) -> str:
    """A header value with every line break, separator and control character (Unicode Cc, Zl,
    Zp) turned into a space: the last guard behind the API's single-line fields."""
    return "".join(" " if unicodedata.category(c) in _NOT_IN_HEADERS else c for c in value).strip()


_NOT_IN_HEADERS = frozenset({"Cc", "Zl", "Zp"})

# Templates that carry a one-time code (rendered from a sealed code, sent first).
CODE_TEMPLATES = frozenset({"login_code", "password_reset_code", "invitation"})
ALL_TEMPLATES = frozenset(
    {
        "login_code",
        "password_reset_code",
        "invitation",
        "feedback_published",
        "feedback_message",
        "password_changed",
    }
)
PURPOSE_TEMPLATES = {
    "login": "login_code",
    "password_reset": "password_reset_code",
    "invite": "invitation",
}


# Lifetimes of at least this long are shown with the expiry's date, not only its time of day.
_DATED_FROM = timedelta(hours=12)


def lifetime_text(lifetime: timedelta) -> str:
    """A code lifetime as an email states it: "10 minutes", "1 hour", "72 hours"."""
    seconds = int(lifetime.total_seconds())
    if seconds % 3600 == 0 and seconds >= 3600:
        count, unit = seconds // 3600, "hour"
    elif seconds % 60 == 0 and seconds >= 60:
        count, unit = seconds // 60, "minute"
    else:
        count, unit = seconds, "second"
    return f"{count} {unit}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


class EmailRenderer:
    def __init__(self, settings: Settings) -> None:
        loader = FileSystemLoader(TEMPLATES / "email")
        self._html = Environment(
            loader=loader,
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
        )
        self._text = Environment(
            loader=loader,
            autoescape=False,  # noqa: S701 (plain-text parts and subjects, never HTML)
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._public_url = settings.public_url.rstrip("/")
        self._base: dict[str, Any] = {
            "platform_name": settings.platform_name,
            "public_url": settings.public_url,
            "brand_color": settings.brand_color,
            "brand_text_color": settings.brand_text_color,
            "support_email": settings.support_email,
        }
        # Each code email states the lifetime of its own purpose (an invitation's is days).
        self._lifetimes = {
            template: settings.code_lifetime_for(purpose)
            for purpose, template in PURPOSE_TEMPLATES.items()
        }

    def links(self, to: str) -> dict[str, str]:
        """The web app's pages an email to `to` links to (contract C3), the address filled in."""
        email = quote(to, safe="")
        return {
            "home_url": f"{self._public_url}/",
            "accept_url": f"{self._public_url}/accept-invite?email={email}",
            "reset_url": f"{self._public_url}/reset-password?email={email}",
            "forgot_url": f"{self._public_url}/forgot-password?email={email}",
        }

    def render(
        self,
        template: str,
        data: dict[str, Any],
        *,
        to: str,
        code: str | None = None,
        expires_at: datetime | None = None,
    ) -> RenderedEmail:
        if template not in ALL_TEMPLATES:
            raise ValueError(f"unknown template {template!r}")
        context: dict[str, Any] = {
            "name": None,
            **self._base,
            **data,
            **self.links(to),
            "code": code,
        }
        if expires_at is not None:
            lifetime = self._lifetimes.get(template, timedelta())
            dated = lifetime >= _DATED_FROM
            context["expires_at_text"] = expires_at.strftime(
                "%a %d %b %Y, %H:%M UTC" if dated else "%H:%M UTC"
            )
            context["lifetime_text"] = lifetime_text(lifetime)
            context["expires_minutes"] = int(lifetime.total_seconds() // 60)
        subject = safe_header(
            self._text.get_template(f"{template}.subject.txt").render(context).strip()
        )
        context["subject"] = subject
        text = self._text.get_template(f"{template}.txt").render(context)
        html = self._html.get_template(f"{template}.html").render(context)
        return RenderedEmail(subject=subject, text=text, html=html)
