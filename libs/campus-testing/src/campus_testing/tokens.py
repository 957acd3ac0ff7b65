"""Access tokens shaped like auth-backend's (ES256, `kid`, the contract's claims), signed with a
test key that a service's verifier is told to trust."""

from __future__ import annotations

import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm


def sign_access_token(private_key: Any, *, kid: str, **claims: Any) -> str:
    """An ES256 access token shaped like auth-backend's (the contract's claims), signed with a test
    key; `claims` override the defaults, and a claim given as None is left out."""
    now = int(time.time())
    body: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "role": "student",
        "email": "alex@example.org",
        "name": "Alex",
        "iss": "campus-auth",
        "aud": "campus",
        "iat": now,
        "exp": now + 900,
        "jti": uuid.uuid4().hex,
        "amr": ["pwd", "otp"],
    }
    body.update(claims)
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, private_key, algorithm="ES256", headers={"kid": kid})


class SigningKey:
    """A fresh ES256 key pair: its public JWK (`jwks` for a verifier's `set_keys`) and tokens."""

    def __init__(self, kid: str = "test-key") -> None:
        self.kid = kid
        self.private = ec.generate_private_key(ec.SECP256R1())
        jwk = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        self.public_jwk: dict[str, Any] = {**jwk, "kid": kid, "use": "sig", "alg": "ES256"}

    @property
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk]}

    def sign(self, **claims: Any) -> str:
        return sign_access_token(self.private, kid=self.kid, **claims)

    def headers(self, **claims: Any) -> dict[str, str]:
        """`Authorization: Bearer <token>` for a token with these claims."""
        return {"Authorization": f"Bearer {self.sign(**claims)}"}
