"""Fixtures for the shared library: an ES256 key pair and a JWKS, and a small app built with the
shared factory, exercised through httpx's ASGITransport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from campus_common.settings import BaseServiceSettings
from campus_testing.tokens import SigningKey

ISSUER = "campus-auth"
AUDIENCE = "campus"


# An ES256 key pair with its public JWK; tokens default to ISSUER and AUDIENCE.
KeyPair = SigningKey


def service_settings(**values: Any) -> BaseServiceSettings:
    """Settings of a test app built with the shared factory: tokens of ISSUER for AUDIENCE."""
    return BaseServiceSettings(
        **{
            "environment": "test",
            "jwks_url": None,
            "jwt_issuer": ISSUER,
            "jwt_audience": AUDIENCE,
            **values,
        }
    )


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
