"""Micro-measurements made in the same run as the HTTP scenarios: the argon2id floor at auth's
parameters and the cost of the shared access-token check with the JWKS already cached."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from argon2 import PasswordHasher, Type
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from campus_common.jwt import JWKSVerifier


@dataclass
class HashFloor:
    memory_kib: int
    time_cost: int
    parallelism: int
    threads: int
    hashes_per_s: float
    one_hash_ms: float


def auth_hash_parameters() -> tuple[int, int, int]:
    """argon2id parameters as auth-backend reads them from its environment."""
    from auth_backend.settings import Settings

    s = Settings()
    return s.argon2_memory_cost_kib, s.argon2_time_cost, s.argon2_parallelism


def hash_floor(seconds: float = 4.0, threads: int | None = None) -> HashFloor:
    """Password verifications per second on every core (argon2-cffi releases the GIL)."""
    memory, time_cost, parallelism = auth_hash_parameters()
    ph = PasswordHasher(
        memory_cost=memory, time_cost=time_cost, parallelism=parallelism, type=Type.ID
    )
    encoded = ph.hash("campus-bench-password-1")
    start = time.perf_counter()
    ph.verify(encoded, "campus-bench-password-1")
    one = time.perf_counter() - start
    n = threads or os.cpu_count() or 1
    counts = [0] * n
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        while time.perf_counter() < stop:
            ph.verify(encoded, "campus-bench-password-1")
            counts[i] += 1

    began = time.perf_counter()
    pool = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - began
    return HashFloor(memory, time_cost, parallelism, n, sum(counts) / elapsed, one * 1000)


@dataclass
class TokenCheck:
    iterations: int
    per_check_us: float
    cached_us: float = 0.0


class CachingVerifier(JWKSVerifier):
    """What the shared verifier could do: remember a verified token's principal until it expires
    (a user sends the same token with every request for its whole lifetime)."""

    def __init__(self, *args: Any, max_entries: int = 4096, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache: dict[str, dict[str, Any]] = {}
        self._max = max_entries

    async def verify(self, token: str) -> dict[str, Any]:
        hit = self._cache.get(token)
        if hit is not None and hit["exp"] > time.time():
            return hit
        claims = await super().verify(token)
        if len(self._cache) >= self._max:
            self._cache.clear()
        self._cache[token] = claims
        return claims


def token_check(iterations: int = 20_000) -> TokenCheck:
    """`JWKSVerifier.principal` on a real ES256 token, keys cached (no network)."""
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="bench-1", use="sig", alg="ES256")
    verifier = JWKSVerifier(jwks_url=None, issuer="campus-auth", audience="campus")
    verifier.set_keys({"keys": [jwk]})
    cached = CachingVerifier(jwks_url=None, issuer="campus-auth", audience="campus")
    cached.set_keys({"keys": [jwk]})
    now = int(time.time())
    token = jwt.encode(
        {
            "sub": str(uuid.uuid4()),
            "role": "student",
            "email": "alex.student@campus.local",
            "name": "Alex Rivera",
            "iss": "campus-auth",
            "aud": "campus",
            "iat": now,
            "exp": now + 900,
            "jti": uuid.uuid4().hex,
            "amr": ["pwd", "otp"],
        },
        key,
        algorithm="ES256",
        headers={"kid": "bench-1"},
    )

    async def loop(v: JWKSVerifier) -> float:
        for _ in range(500):
            await v.principal(token)
        start = time.perf_counter()
        for _ in range(iterations):
            await v.principal(token)
        return time.perf_counter() - start

    elapsed = asyncio.run(loop(verifier))
    elapsed_cached = asyncio.run(loop(cached))
    return TokenCheck(iterations, elapsed / iterations * 1e6, elapsed_cached / iterations * 1e6)
