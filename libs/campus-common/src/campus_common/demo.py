"""The demo accounts seeded by `make run` (development only).

They are shared by the auth service (which creates them), the feedback service (which seeds demo
assignments and feedback for them) and the end-to-end tests. Ids are derived from the email so
every service agrees on them without calling each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# Development only: the seed command refuses to run when ENVIRONMENT=production.
DEMO_PASSWORD = "campus-demo-Lantern-42"  # noqa: S105 (a published demo password)
DEMO_COHORT = "Spring 2027 — Web Dev"
_NAMESPACE = uuid.UUID("6f1c7a52-4d0e-4a0e-9c55-0c6b2b8a1d10")


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    name: str
    role: str

    @property
    def id(self) -> uuid.UUID:
        return demo_user_id(self.email)


def demo_user_id(email: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, email.lower())


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

# Which mentor looks after which demo students (Maria: Alex, Bea, Chen; Tom: Dara, Eli, Fay;
# both mentor Chen, to show many-to-many).
DEMO_ASSIGNMENTS: tuple[tuple[str, str], ...] = (
    ("maria.mentor@campus.local", "alex.student@campus.local"),
    ("maria.mentor@campus.local", "bea.student@campus.local"),
    ("maria.mentor@campus.local", "chen.student@campus.local"),
    ("tom.mentor@campus.local", "chen.student@campus.local"),
    ("tom.mentor@campus.local", "dara.student@campus.local"),
    ("tom.mentor@campus.local", "eli.student@campus.local"),
    ("tom.mentor@campus.local", "fay.student@campus.local"),
)
