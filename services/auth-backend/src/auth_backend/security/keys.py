"""ES256 signing keys: loaded from the environment or a file, or generated once into a directory.

The JWKS lists every loaded key (the current one and the previous one after a rotation), so tokens
signed before a rotation stay valid until they expire. The newest key signs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ALGORITHM = "ES256"
_PEM_BLOCK = re.compile(
    r"-----BEGIN (?:EC )?PRIVATE KEY-----.+?-----END (?:EC )?PRIVATE KEY-----", re.DOTALL
)


class SigningKeyError(Exception):
    """The configured keys cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": ALGORITHM})
        return jwk


def _thumbprint(key: ec.EllipticCurvePrivateKey) -> str:
    """RFC 7638 thumbprint of the public key: a stable, content-derived key id."""
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _load_pem(pem: str) -> SigningKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise SigningKeyError("signing keys must be EC P-256 private keys (ES256)")
    return SigningKey(kid=_thumbprint(key), private_key=key)


def parse_pems(text: str) -> list[SigningKey]:
    blocks = _PEM_BLOCK.findall(text)
    if not blocks:
        raise SigningKeyError("no PEM private key found")
    return [_load_pem(block) for block in blocks]


def _new_pem() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class KeyDirectory:
    """Keys kept as `<sortable timestamp>.pem` files: the newest signs, at most `keep` are kept."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def files(self) -> list[Path]:
        if not self.path.is_dir():
            return []
        return sorted(self.path.glob("*.pem"))

    def add(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o700)
        name = f"{time.time_ns():020d}.pem"
        target = self.path / name
        tmp = self.path / (name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_new_pem())
        tmp.rename(target)
        return target

    def ensure(self) -> None:
        if not self.files():
            self.add()

    def rotate(self, *, keep: int = 2) -> list[Path]:
        """Add a key and retire the oldest beyond `keep`; returns the retired files."""
        self.add()
        files = self.files()
        retired = files[: max(0, len(files) - keep)]
        for old in retired:
            old.unlink()
        return retired

    def load(self) -> list[SigningKey]:
        return [_load_pem(f.read_text()) for f in self.files()]


class KeyRing:
    """The loaded keys, oldest first; the last one signs."""

    def __init__(self, keys: list[SigningKey]) -> None:
        if not keys:
            raise SigningKeyError("no signing key loaded")
        self.keys = keys

    @property
    def current(self) -> SigningKey:
        return self.keys[-1]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [k.public_jwk() for k in reversed(self.keys)]}

    def sign(self, claims: dict[str, Any]) -> str:
        key = self.current
        return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})


def load_keyring(
    *, pem_text: str | None, pem_file: Path | None, directory: Path, generate: bool
) -> KeyRing:
    """Keys from JWT_PRIVATE_KEYS, else JWT_PRIVATE_KEYS_FILE, else the key directory (created
    with a fresh key when `generate` is true and it holds none)."""
    if pem_text:
        return KeyRing(parse_pems(pem_text))
    if pem_file is not None:
        return KeyRing(parse_pems(pem_file.read_text()))
    store = KeyDirectory(directory)
    if generate:
        store.ensure()
    keys = store.load()
    if not keys:
        raise SigningKeyError(
            f"no signing key in {directory}: set JWT_PRIVATE_KEYS or JWT_PRIVATE_KEYS_FILE, "
            "or run `campus-auth-backend rotate-keys` once"
        )
    return KeyRing(keys)
