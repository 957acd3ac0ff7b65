"""Prometheus counters of the sign-in flow, served by the shared `/metrics`."""

from __future__ import annotations

from prometheus_client import Counter

from campus_common.metrics import REGISTRY

PASSWORD_STEPS = Counter(
    "auth_password_steps_total",
    "POST /login outcomes: ok, invalid (wrong email or password, inactive), locked.",
    ["outcome"],
    registry=REGISTRY,
)
CODE_CHECKS = Counter(
    "auth_code_checks_total",
    "Emailed-code checks by purpose and outcome: approved, wrong, dead.",
    ["purpose", "outcome"],
    registry=REGISTRY,
)
REFRESHES = Counter(
    "auth_refreshes_total",
    "Refresh token uses: rotated, grace (an already rotated token inside the grace window), "
    "reuse (after it: the session is revoked), invalid.",
    ["outcome"],
    registry=REGISTRY,
)
