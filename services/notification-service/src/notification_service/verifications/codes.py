"""One-time codes: made with `secrets`, kept only as HMAC-SHA256, compared in constant time.

A code also has to reach its email. It travels in the outbox sealed with AES-GCM under a key
derived from the same server secret, and the sealed copy is wiped once the email is settled.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_NONCE_BYTES = 12


class SealError(Exception):
    """A sealed payload could not be opened (wrong key or tampered)."""


class CodeKeeper:
    def __init__(self, secret: str, *, length: int = 6) -> None:
        self._hmac_key = secret.encode()
        self._seal_key = hashlib.sha256(b"campus-outbox-seal\x00" + secret.encode()).digest()
        self.length = length

    def new_code(self) -> str:
        return "".join(secrets.choice("0123456789") for _ in range(self.length))

    def hash(self, code: str) -> str:
        return hmac.new(self._hmac_key, code.encode(), hashlib.sha256).hexdigest()

    def matches(self, code: str, code_hash: str) -> bool:
        return hmac.compare_digest(self.hash(code), code_hash)

    def seal(self, plaintext: str, *, context: str) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + AESGCM(self._seal_key).encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, *, context: str) -> str:
        nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        try:
            return AESGCM(self._seal_key).decrypt(nonce, body, context.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise SealError("sealed payload cannot be opened") from exc
