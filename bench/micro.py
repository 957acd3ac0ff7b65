"""Micro-measurements made in the same run as the HTTP scenarios: the argon2id floor at auth's
parameters and the cost of the shared access-token check with the JWKS already cached (a token seen
for the first time, and the same token again as every later request of a session sends it)."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from campus_common.jwt import JWKSVerifier
from campus_testing.tokens import sign_access_token


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
    per_check_us: float  # a token the verifier has not seen: the full ES256 + claims check
    cached_us: float = 0.0  # the same token again: the verified-token cache answers


def token_check(iterations: int = 20_000) -> TokenCheck:
    """`JWKSVerifier.principal` on a real ES256 token, keys cached (no network)."""
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="bench-1", use="sig", alg="ES256")
    verifier = JWKSVerifier(jwks_url=None, issuer="campus-auth", audience="campus")
    verifier.set_keys({"keys": [jwk]})
    token = sign_access_token(
        key, kid="bench-1", email="alex.student@campus.local", name="Alex Rivera"
    )

    async def first_sight() -> float:
        # The cache emptied before each check: every call does the whole verification.
        for _ in range(200):
            verifier._verified.clear()
            await verifier.principal(token)
        start = time.perf_counter()
        for _ in range(iterations // 4):
            verifier._verified.clear()
            await verifier.principal(token)
        return (time.perf_counter() - start) / (iterations // 4)

    async def repeat() -> float:
        for _ in range(500):
            await verifier.principal(token)
        start = time.perf_counter()
        for _ in range(iterations):
            await verifier.principal(token)
        return (time.perf_counter() - start) / iterations

    full = asyncio.run(first_sight())
    cached = asyncio.run(repeat())
    return TokenCheck(iterations, full * 1e6, cached * 1e6)
