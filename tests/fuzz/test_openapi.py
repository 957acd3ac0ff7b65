"""schemathesis against each service's OpenAPI, public and internal endpoints, with real tokens:
no 5xx, and every response matches its documented status, content type, headers and schema.

FUZZ_EXAMPLES (default 1,000) is the number of generated cases each service must receive; the
per-operation budget is derived from it and the count is checked at the end.
"""

from __future__ import annotations

import math
import os
import random
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from auth_backend.main import create_app as auth_app
from feedback_service.main import create_app as feedback_app
from notification_service.main import create_app as notification_app

from .conftest import CASES, Env

TARGET = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def load(factory: Any) -> tuple[Any, int]:
    """The schema the service serves, and a per-operation example budget that reaches TARGET."""
    spec = factory().openapi()
    schema = schemathesis.openapi.from_dict(spec)
    ops = [
        op
        for path in spec["paths"].values()
        for method, op in path.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    with_inputs = [op for op in ops if op.get("parameters") or op.get("requestBody")] or ops
    return schema, math.ceil(TARGET * 1.5 / len(with_inputs))


AUTH, AUTH_N = load(auth_app)
NOTIFY, NOTIFY_N = load(notification_app)
FEEDBACK, FEEDBACK_N = load(feedback_app)
COMMON = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}


def headers_for(env: Env, service: str, path: str) -> dict[str, str]:
    """Internal endpoints get a token of a service allowed to call them, the rest a user's."""
    if service == "auth-backend":
        if path.startswith("/internal"):
            return {"Authorization": f"Bearer {env.service_token('feedback-service', service)}"}
        role = "admin"
    elif service == "notification-service":
        if path.startswith(("/v1/verifications", "/v1/notifications")):
            return {"Authorization": f"Bearer {env.service_token('auth-backend', service)}"}
        role = "admin"
    else:
        role = random.choice(["admin", "admin", "mentor", "mentor", "student"])
    return env.bearer(role)


def exercise(env: Env, case: Any, service: str, name: str) -> None:
    CASES[service] += 1
    case.call_and_validate(
        base_url=env.url(name), headers=headers_for(env, service, case.path), checks=CHECKS
    )


@AUTH.parametrize()
@settings(max_examples=AUTH_N, **COMMON)
def test_auth_backend(env: Env, case: Any) -> None:
    exercise(env, case, "auth-backend", "auth")


@NOTIFY.parametrize()
@settings(max_examples=NOTIFY_N, **COMMON)
def test_notification_service(env: Env, case: Any) -> None:
    exercise(env, case, "notification-service", "notify")


@FEEDBACK.parametrize()
@settings(max_examples=FEEDBACK_N, **COMMON)
def test_feedback_service(env: Env, case: Any) -> None:
    exercise(env, case, "feedback-service", "feedback")


@pytest.mark.parametrize("service", ["auth-backend", "notification-service", "feedback-service"])
def test_each_service_got_enough_cases(service: str) -> None:
    """Runs after the generated tests (pytest keeps file order)."""
    assert CASES[service] >= TARGET, f"{service}: only {CASES[service]} generated cases"
