"""Release control: a publish scheduled for a time, feedback held back by a cohort's manual post policy, and students' self-assessments.

Revision ID: 0009_release
Revises: 0008_criterion_comments
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

revision: str = "0009_release"
down_revision: str | None = "0008_criterion_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
