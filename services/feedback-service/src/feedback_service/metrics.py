"""Prometheus metrics of the feedback service (served by the shared `/metrics`)."""

from __future__ import annotations

from prometheus_client import Counter

from campus_common.metrics import REGISTRY

OUTBOX_ATTEMPTS = Counter(
    "feedback_outbox_attempts_total",
    "Outbox deliveries to the notification service, by result (delivered, failed).",
    ["result"],
    registry=REGISTRY,
)
PUBLISHED = Counter(
    "feedback_published_total",
    "Feedback published (each queues one notification).",
    registry=REGISTRY,
)
