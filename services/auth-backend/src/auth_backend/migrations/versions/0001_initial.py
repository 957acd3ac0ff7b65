"""Initial revision: empty, each feature adds its own migration. It stays because databases
made before 0002 existed record "0001" as their version, and 0002 revises it."""

from campus_common.migrations import nothing as downgrade
from campus_common.migrations import nothing as upgrade

revision = "0001"
down_revision = None

__all__ = ["downgrade", "upgrade"]
