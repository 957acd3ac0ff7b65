"""Shared building blocks of the Campus services.

Nothing service-specific lives here: settings base, logging, request ids, problem errors,
health/readiness/metrics, JWT verification against a JWKS, service-token minting and checking,
and the SQLAlchemy plumbing every SQL store uses.
"""

__all__: list[str] = []
