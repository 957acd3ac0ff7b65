"""A comment beside each criterion's score.

Revision ID: 0008_criterion_comments
Revises: 0007_rubric_library
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_criterion_comments"
down_revision: str | None = "0007_rubric_library"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Feedback written before has no comment beside any score: an empty map.
    op.add_column(
        "feedback",
        sa.Column("criterion_comments", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("criterion_comments")
