"""Prometheus metrics of the notification service (served by the shared `/metrics`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from campus_common.metrics import REGISTRY

CODES_CREATED = Counter(
    "notification_codes_created_total",
    "One-time codes created (new verifications and resends), by purpose.",
    ["purpose"],
    registry=REGISTRY,
)
CODES_CHECKED = Counter(
    "notification_codes_checked_total",
    "Code checks, by result (approved, pending, max_attempts_reached, refused).",
    ["result"],
    registry=REGISTRY,
)
SENDS_REFUSED = Counter(
    "notification_code_sends_refused_total",
    "Code sends refused, by reason (cooldown, limit).",
    ["reason"],
    registry=REGISTRY,
)
EMAILS = Counter(
    "notification_emails_total",
    "Email delivery attempts, by template and result (sent, failed, dead).",
    ["template", "result"],
    registry=REGISTRY,
)
OUTBOX_DEPTH = Gauge(
    "notification_outbox_depth",
    "Emails waiting in the outbox (pending or being sent).",
    registry=REGISTRY,
)
SEND_LATENCY = Histogram(
    "notification_smtp_send_seconds",
    "Time to hand one email to the backend (SMTP session included), by backend.",
    ["backend"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
