"""The shared verifier accepts only well-formed ES256 tokens from our issuer, for our audience."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from campus_common.jwt import JWKSVerifier, TokenError
from campus_testing.http_server import Request, json_server

from .conftest import AUDIENCE, ISSUER, KeyPair


def verifier_with(jwks: dict[str, Any] | None = None, **kw: Any) -> JWKSVerifier:
    v = JWKSVerifier(jwks_url=None, issuer=ISSUER, audience=AUDIENCE, **kw)
    if jwks:
        v.set_keys(jwks)
    return v


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def forged_claims() -> dict[str, Any]:
    """What a forged token claims: an admin, for a minute from now."""
    now = int(time.time())
    return {
        "sub": "x",
        "role": "admin",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + 60,
    }


class TestVerify:
    async def test_valid_token_gives_principal(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        token = keypair.sign(role="mentor", email="m@example.org", name="Maria")
        principal = await verifier_with(jwks).principal(token)
        assert principal.role == "mentor"
        assert principal.email == "m@example.org"
        assert principal.amr == ("pwd", "otp")

    async def test_alg_none_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        claims = forged_claims()
        token = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': 'key-1'})}.{b64(claims)}."
        with pytest.raises(TokenError, match="algorithm"):
            await verifier_with(jwks).verify(token)

    async def test_hs256_signed_with_public_key_rejected(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        pem = keypair.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        claims = forged_claims()
        header = b64({"alg": "HS256", "typ": "JWT", "kid": "key-1"})
        body = b64(claims)
        import hashlib
        import hmac

        sig = hmac.new(pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
        token = f"{header}.{body}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"
        with pytest.raises(TokenError, match="algorithm"):
            await verifier_with(jwks).verify(token)

    async def test_expired_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        now = int(time.time())
        token = keypair.sign(iat=now - 3600, exp=now - 60)
        with pytest.raises(TokenError, match="expired"):
            await verifier_with(jwks).verify(token)

    async def test_wrong_audience_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        with pytest.raises(TokenError, match="not meant"):
            await verifier_with(jwks).verify(keypair.sign(aud="another-platform"))

    async def test_wrong_issuer_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        with pytest.raises(TokenError, match="issuer"):
            await verifier_with(jwks).verify(keypair.sign(iss="someone-else"))

    async def test_tampered_payload_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        header, _payload, sig = keypair.sign(role="student").split(".")
        claims = jwt.decode(keypair.sign(), options={"verify_signature": False})
        claims["role"] = "admin"
        with pytest.raises(TokenError, match="invalid"):
            await verifier_with(jwks).verify(f"{header}.{b64(claims)}.{sig}")

    async def test_unknown_kid_rejected(self, jwks: dict[str, Any]) -> None:
        stranger = KeyPair("key-unknown")
        with pytest.raises(TokenError, match="unknown key"):
            await verifier_with(jwks).verify(stranger.sign())

    async def test_missing_required_claim_rejected(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        with pytest.raises(TokenError):
            await verifier_with(jwks).verify(keypair.sign(sub=None))

    async def test_invalid_role_rejected(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        with pytest.raises(TokenError, match="role"):
            await verifier_with(jwks).principal(keypair.sign(role="superuser"))

    async def test_garbage_rejected(self, jwks: dict[str, Any]) -> None:
        with pytest.raises(TokenError, match="malformed"):
            await verifier_with(jwks).verify("not-a-token")


class TestVerifiedTokenCache:
    async def test_repeat_check_skips_the_signature(
        self, keypair: KeyPair, jwks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        v = verifier_with(jwks)
        token = keypair.sign(role="mentor")
        first = await v.principal(token)
        calls: list[str] = []

        async def counting_verify(t: str) -> dict[str, Any]:
            calls.append(t)
            raise AssertionError("verified again")

        monkeypatch.setattr(v, "verify", counting_verify)
        assert await v.principal(token) is first
        assert calls == []

    async def test_cached_token_is_refused_once_expired(
        self, keypair: KeyPair, jwks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        v = verifier_with(jwks, leeway=0)
        token = keypair.sign(exp=int(time.time()) + 60)
        await v.principal(token)
        later = time.time() + 120
        monkeypatch.setattr(time, "time", lambda: later)
        checked: list[str] = []

        async def full_check(t: str) -> dict[str, Any]:
            checked.append(t)
            raise TokenError("token expired")

        # Past its exp the cache no longer answers: the full check runs (and refuses it).
        monkeypatch.setattr(v, "verify", full_check)
        with pytest.raises(TokenError, match="expired"):
            await v.principal(token)
        assert checked == [token]
        assert token not in v._verified

    async def test_new_keys_forget_tokens_of_removed_keys(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        v = verifier_with(jwks)
        token = keypair.sign()
        await v.principal(token)
        v.set_keys({"keys": [KeyPair("key-2").public_jwk]})
        with pytest.raises(TokenError, match="unknown key"):
            await v.principal(token)

    async def test_cache_is_bounded(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        v = verifier_with(jwks, cache_size=3)
        tokens = [keypair.sign() for _ in range(5)]
        for token in tokens:
            await v.principal(token)
        assert list(v._verified) == tokens[2:]

    async def test_a_refused_token_is_never_cached(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        v = verifier_with(jwks)
        token = keypair.sign(role="janitor")
        for _ in range(2):
            with pytest.raises(TokenError, match="role"):
                await v.principal(token)
        assert v._verified == {}


class TestJWKSFetching:
    async def test_fetches_caches_and_refetches_on_unknown_kid_rate_limited(self) -> None:
        """A real HTTP server on an ephemeral port serves the JWKS and counts the fetches."""
        first, second = KeyPair("k1"), KeyPair("k2")
        state: dict[str, Any] = {"jwks": {"keys": [first.public_jwk]}, "calls": 0}

        def answer(_request: Request) -> tuple[int, Any]:
            state["calls"] += 1
            return 200, state["jwks"]

        with json_server(answer) as url:
            v = JWKSVerifier(
                jwks_url=f"{url}/.well-known/jwks.json",
                issuer=ISSUER,
                audience=AUDIENCE,
                min_refetch_interval=0.2,
            )
            await v.verify(first.sign())
            await v.verify(first.sign())
            assert state["calls"] == 1  # cached

            state["jwks"] = {"keys": [first.public_jwk, second.public_jwk]}
            with pytest.raises(TokenError):  # an unknown kid right away: refetch rate-limited
                await v.verify(second.sign())
            assert state["calls"] == 1
            await asyncio.sleep(0.25)
            await v.verify(second.sign())  # after the interval the new key is fetched
            assert state["calls"] == 2

    async def test_unreachable_jwks_rejects_token_without_crashing(self, keypair: KeyPair) -> None:
        v = JWKSVerifier(jwks_url="http://127.0.0.1:9/jwks.json", issuer=ISSUER, audience=AUDIENCE)
        with pytest.raises(TokenError, match="unknown key"):
            await v.verify(keypair.sign())


class TestSessionId:
    async def test_sid_claim_is_the_session_id(
        self, keypair: KeyPair, jwks: dict[str, Any]
    ) -> None:
        principal = await verifier_with(jwks).principal(keypair.sign(sid="session-42"))
        assert principal.session_id == "session-42"

    async def test_without_sid_it_is_none(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        principal = await verifier_with(jwks).principal(keypair.sign(sid=None))
        assert principal.session_id is None

    async def test_non_string_sid_is_ignored(self, keypair: KeyPair, jwks: dict[str, Any]) -> None:
        principal = await verifier_with(jwks).principal(keypair.sign(sid=123))
        assert principal.session_id is None
