"""The demo accounts `seed-demo` creates (development only: the command refuses to run when
ENVIRONMENT=production). Ids are derived from the email, so the feedback service's demo data
(`feedback_service.demo`) names the same people without calling this service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

DEMO_PASSWORD = "campus-demo-Lantern-42"  # noqa: S105 (a published demo password)
# The demo ids are uuid5(DEMO_NAMESPACE, lower-cased email); feedback_service.demo uses the same.
DEMO_NAMESPACE = uuid.UUID("6f1c7a52-4d0e-4a0e-9c55-0c6b2b8a1d10")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    name: str
    role: str

    @property
    def id(self) -> uuid.UUID:
        return demo_user_id(self.email)


def demo_user_id(email: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, email.lower())


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin@campus.local", "Ada Admin", "admin"),
    DemoAccount("maria.mentor@campus.local", "Maria Okafor", "mentor"),
    DemoAccount("tom.mentor@campus.local", "Tom Lindqvist", "mentor"),
    DemoAccount("alex.student@campus.local", "Alex Rivera", "student"),
    DemoAccount("bea.student@campus.local", "Bea Nakamura", "student"),
    DemoAccount("chen.student@campus.local", "Chen Wei", "student"),
    DemoAccount("dara.student@campus.local", "Dara Haddad", "student"),
    DemoAccount("eli.student@campus.local", "Eli Novak", "student"),
    DemoAccount("fay.student@campus.local", "Fay Adeyemi", "student"),
)
