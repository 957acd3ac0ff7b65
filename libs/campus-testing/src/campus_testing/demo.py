"""The demo data as the tests and tools see it (e2e, fuzz, drills, load, bench, `make run`'s
readiness check). The data belongs to the services that seed it, which is what their images run:
the accounts and password to auth-backend (`auth_backend.demo`), the cohort and assignments to
feedback-service (`feedback_service.demo`)."""

from __future__ import annotations

from auth_backend.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, demo_user_id
from feedback_service.demo import DEMO_ASSIGNMENTS, DEMO_COHORT

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_ASSIGNMENTS",
    "DEMO_COHORT",
    "DEMO_PASSWORD",
    "DemoAccount",
    "demo_user_id",
]
