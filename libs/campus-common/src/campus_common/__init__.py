"""Shared building blocks of the Campus services.

Nothing service-specific lives here: settings base (with the production secret check), logging,
request ids, problem errors, health/readiness/metrics, offline API docs, JWT verification against
a JWKS with revocation, service-token minting and checking, the SQLAlchemy plumbing every SQL
store uses (UTC column type, engine, database errors as problems), and the platform's one rule
for email addresses, one-line/multi-line text, CSV cells, page cursors and the clock.
"""

__all__: list[str] = []
