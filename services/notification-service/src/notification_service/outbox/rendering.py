"""Email templates (Jinja2): an HTML part (autoescaped), a plain-text part and a subject line,
in the recipient's language (gettext catalogs read from `locales/<lang>/LC_MESSAGES/messages.po`)."""

from __future__ import annotations

import gettext
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from campus_common.clock import Clock, utc_now
from notification_service.preferences.tokens import UNSUBSCRIBE_DIGESTS, LinkTokens
from notification_service.settings import Settings

TEMPLATES = Path(__file__).parent.parent / "templates"
LOCALES = Path(__file__).parent.parent / "locales"
# The languages emails are written in; English is the source text (its catalog is empty).
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


def language_of(locale: str | None) -> str:
    """The email language for a requested locale ("es-MX" -> "es"); English when unsupported."""
    base = (locale or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def load_translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language`, read from its .po file (no build step: the .po is
    what the package carries)."""
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


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
        "feedback_edited",
        "feedback_withdrawn",
        "feedback_acknowledged",
        "feedback_requested",
        "assignment_added",
        "password_changed",
        "digest",
    }
)
# RFC 8058: the one-click unsubscribe a mail client may POST to without asking again.
ONE_CLICK = "List-Unsubscribe=One-Click"
PURPOSE_TEMPLATES = {
    "login": "login_code",
    "password_reset": "password_reset_code",
    "invite": "invitation",
}


# The data fields a template may go without (the request's schema left them out).
_OPTIONAL = dict.fromkeys(
    ("recipient_name", "mentor_name", "student_name", "other_name", "cohort", "description"), ""
)

# Lifetimes of at least this long are shown with the expiry's date, not only its time of day.
_DATED_FROM = timedelta(hours=12)


def lifetime_text(lifetime: timedelta, translations: gettext.NullTranslations | None = None) -> str:
    """A code lifetime as an email states it: "10 minutes", "1 hour", "72 hours"."""
    t = translations or gettext.NullTranslations()
    seconds = int(lifetime.total_seconds())
    if seconds % 3600 == 0 and seconds >= 3600:
        count = seconds // 3600
        return t.ngettext("%(num)d hour", "%(num)d hours", count) % {"num": count}
    if seconds % 60 == 0 and seconds >= 60:
        count = seconds // 60
        return t.ngettext("%(num)d minute", "%(num)d minutes", count) % {"num": count}
    return t.ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}


def expiry_text(moment: datetime, *, dated: bool, language: str) -> str:
    """When a code expires, in UTC: "10:30 UTC", or with the date for long lifetimes."""
    if language == DEFAULT_LANGUAGE:
        return moment.strftime("%a %d %b %Y, %H:%M UTC" if dated else "%H:%M UTC")
    pattern = "EEE d MMM y, HH:mm 'UTC'" if dated else "HH:mm 'UTC'"
    return format_datetime(moment, pattern, tzinfo=UTC, locale=language)


def changed_text(
    changes: list[str],
    criteria: list[str],
    translations: gettext.NullTranslations | None = None,
) -> str:
    """What an edit after publishing changed, as the email says it: "the overall rating, the
    scores (Testing, Design)". `changes` are the feedback's field names, `criteria` the names of
    the criteria whose score or comment changed."""
    t = translations or gettext.NullTranslations()
    labels = {
        "title": t.gettext("the title"),
        "scores": t.gettext("the scores"),
        "overall_rating": t.gettext("the overall rating"),
        "strengths": t.gettext("the strengths"),
        "improvements": t.gettext("the points to improve"),
        "comments": t.gettext("the comments"),
        "criterion_comments": t.gettext("the comments on criteria"),
    }
    parts = [labels.get(name, name.replace("_", " ")) for name in changes]
    if criteria:
        parts.append(t.gettext("criteria: %(names)s") % {"names": ", ".join(criteria)})
    return ", ".join(parts) or t.gettext("the feedback")


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Language:
    translations: gettext.NullTranslations
    html: Environment
    text: Environment


def _language(loader: FileSystemLoader, language: str) -> _Language:
    translations = load_translations(language)
    html = Environment(
        loader=loader,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    text = Environment(
        loader=loader,
        autoescape=False,  # noqa: S701 (plain-text parts and subjects, never HTML)
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    for env in (html, text):
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return _Language(translations=translations, html=html, text=text)


class EmailRenderer:
    def __init__(
        self,
        settings: Settings,
        *,
        link_tokens: LinkTokens | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self._link_tokens = link_tokens or LinkTokens(
            settings.code_hmac_secret.get_secret_value(),
            lifetime=settings.unsubscribe_link_lifetime,
        )
        self._clock = clock
        loader = FileSystemLoader(TEMPLATES / "email")
        self._languages = {language: _language(loader, language) for language in LANGUAGES}
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
        locale: str | None = None,
    ) -> RenderedEmail:
        if template not in ALL_TEMPLATES:
            raise ValueError(f"unknown template {template!r}")
        language = language_of(locale)
        lang = self._languages[language]
        context: dict[str, Any] = {
            "name": None,
            **_OPTIONAL,
            "lang": language,
            **self._base,
            **data,
            **self.links(to),
            "code": code,
        }
        if expires_at is not None:
            lifetime = self._lifetimes.get(template, timedelta())
            dated = lifetime >= _DATED_FROM
            context["expires_at_text"] = expiry_text(expires_at, dated=dated, language=language)
            context["lifetime_text"] = lifetime_text(lifetime, lang.translations)
            context["expires_minutes"] = int(lifetime.total_seconds() // 60)
        if template == "feedback_edited":
            context["changed_text"] = _changed(context, lang.translations)
        headers: dict[str, str] = {}
        if template == "digest":
            headers = self._digest_parts(context, language)
        subject = safe_header(
            lang.text.get_template(f"{template}.subject.txt").render(context).strip()
        )
        context["subject"] = subject
        text = lang.text.get_template(f"{template}.txt").render(context)
        html = lang.html.get_template(f"{template}.html").render(context)
        return RenderedEmail(subject=subject, text=text, html=html, headers=headers)

    def unsubscribe_url(self, user_id: str) -> str:
        """The digest's one-click unsubscribe link: a signed token, new at every rendering."""
        token = self._link_tokens.issue(
            purpose=UNSUBSCRIBE_DIGESTS, user_id=user_id, now=self._clock()
        )
        return f"{self._public_url}/api/notifications/v1/unsubscribe?token={token}"

    def _digest_parts(self, context: dict[str, Any], language: str) -> dict[str, str]:
        """Fill a digest's context (its date in the reader's language, the unsubscribe link)
        and return its List-Unsubscribe headers."""
        url = self.unsubscribe_url(str(context["user_id"]))
        translations = self._languages[language].translations
        context["entries"] = [
            {**entry, "changed_text": _changed(entry, translations)}
            if entry.get("kind") == "feedback_edited"
            else entry
            for entry in context.get("entries") or ()
        ]
        context["unsubscribe_url"] = url
        context["count"] = len(context.get("entries") or ())
        day = datetime.fromisoformat(str(context["day"])).date()
        context["day_text"] = format_date(day, format="long", locale=language)
        return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}


def _changed(data: dict[str, Any], translations: gettext.NullTranslations) -> str:
    return changed_text(
        [str(c) for c in data.get("changes") or ()],
        [str(c) for c in data.get("criteria") or ()],
        translations,
    )
