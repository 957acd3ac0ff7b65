"""A comment beside each criterion's score.

Revision ID: 0008_criterion_comments
Revises: 0007_rubric_library
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

revision: str = "0008_criterion_comments"
down_revision: str | None = "0007_rubric_library"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
