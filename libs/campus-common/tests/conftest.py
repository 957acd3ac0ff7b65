"""Fixtures for the shared library: an ES256 key pair and a JWKS, and a small app built with the
shared factory, exercised through httpx's ASGITransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from jwt.algorithms import ECAlgorithm

from campus_testing.tokens import sign_access_token

ISSUER = "campus-auth"
AUDIENCE = "campus"


class KeyPair:
    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.private = ec.generate_private_key(ec.SECP256R1())
        jwk = json.loads(ECAlgorithm.to_jwk(self.private.public_key()))
        self.public_jwk: dict[str, Any] = {**jwk, "kid": kid, "use": "sig", "alg": "ES256"}

    def sign(self, **overrides: Any) -> str:
        claims = {"iss": ISSUER, "aud": AUDIENCE, **overrides}
        return sign_access_token(self.private, kid=self.kid, **claims)


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
