"""Signed, purpose-bound tokens for links in emails that act without signing in (a digest's
one-click unsubscribe, RFC 8058): `<payload>.<mac>`, both base64url; the payload names the
purpose, the user and the expiry; the MAC is HMAC-SHA256 under a key derived from
CODE_HMAC_SECRET for this use only. A token is never logged."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson

UNSUBSCRIBE_DIGESTS = "unsubscribe-digests"
_KEY_LABEL = b"campus/notification-service/link-token/v1"


class BadToken(Exception):
    """The token is malformed or forged (`invalid`), for another purpose (`purpose`) or past
    its expiry (`expired`): `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise BadToken("invalid") from exc


@dataclass(frozen=True, slots=True)
class LinkTokens:
    secret: str
    lifetime: timedelta

    def _mac(self, payload: str) -> str:
        key = hmac.new(self.secret.encode(), _KEY_LABEL, hashlib.sha256).digest()
        return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, *, purpose: str, user_id: str, now: datetime) -> str:
        expires = int((now + self.lifetime).timestamp())
        payload = _b64(orjson.dumps({"p": purpose, "u": user_id, "e": expires}))
        return f"{payload}.{self._mac(payload)}"

    def open(self, token: str, *, purpose: str, now: datetime) -> str:
        """The user id the token was issued for, or BadToken."""
        payload, dot, mac = token.partition(".")
        if (
            not dot
            or not payload
            or not hmac.compare_digest(mac.encode(), self._mac(payload).encode())
        ):
            raise BadToken("invalid")
        try:
            claims = orjson.loads(_unb64(payload))
            kind, user_id, expires = str(claims["p"]), str(claims["u"]), int(claims["e"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise BadToken("invalid") from exc
        if kind != purpose:
            raise BadToken("purpose")
        if datetime.fromtimestamp(expires, UTC) <= now:
            raise BadToken("expired")
        return user_id
