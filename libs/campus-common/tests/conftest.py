"""Fixtures for the shared library: an ES256 key pair and a JWKS, and a small app built with the
shared factory, exercised through httpx's ASGITransport."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from jwt.algorithms import ECAlgorithm

ISSUER = "campus-auth"
AUDIENCE = "campus"


class KeyPair:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = ec.generate_private_key(ec.SECP256R1())
        jwk = json.loads(ECAlgorithm.to_jwk(self.private.public_key()))
        self.public_jwk: dict[str, Any] = {**jwk, "kid": kid, "use": "sig", "alg": "ES256"}

    def sign(self, **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": str(uuid.uuid4()),
            "role": "student",
            "email": "alex@example.org",
            "name": "Alex",
            "iss": ISSUER,
            "aud": AUDIENCE,
            "iat": now,
            "exp": now + 900,
            "jti": uuid.uuid4().hex,
            "amr": ["pwd", "otp"],
        }
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.private, algorithm="ES256", headers={"kid": self.kid})


@pytest.fixture
def keypair() -> KeyPair:
    return KeyPair("key-1")


@pytest.fixture
def jwks(keypair: KeyPair) -> dict[str, Any]:
    return {"keys": [keypair.public_jwk]}


async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
