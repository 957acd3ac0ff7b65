"""A library of rubrics (each with its versions) and per-cohort settings: the cohort's rubric, its post policy and whether students assess themselves first.

The rubric every version so far belongs to becomes the library's "default" rubric (named after
its latest version); version numbers stay unique across rubrics, so a feedback's
`rubric_version` still names its rubric.

Revision ID: 0007_rubric_library
Revises: 0006_comments
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campus_common.db import UTCDateTime
from campus_common.migrations import create_table, drop_tables, primary_key

revision: str = "0007_rubric_library"
down_revision: str | None = "0006_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=36)


def upgrade() -> None:
    create_table(
        "rubrics",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        key=ID,
    )
    with op.batch_alter_table("rubric_versions") as batch:
        batch.add_column(sa.Column("rubric_id", ID, server_default="default", nullable=False))
        batch.create_index("ix_rubric_versions_rubric", ["rubric_id", "version"], unique=False)
    op.execute(
        "INSERT INTO rubrics (id, name, archived_at, created_at, created_by) "
        "SELECT 'default', latest.name, NULL, first.created_at, first.created_by "
        "FROM rubric_versions latest, rubric_versions first "
        "WHERE latest.version = (SELECT MAX(version) FROM rubric_versions) "
        "AND first.version = (SELECT MIN(version) FROM rubric_versions)"
    )
    op.create_table(
        "cohort_settings",
        sa.Column("cohort", sa.String(length=200), nullable=False),
        sa.Column("rubric_id", ID, nullable=True),
        sa.Column("post_policy", sa.String(length=16), server_default="automatic", nullable=False),
        sa.Column("self_assessment", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", ID, nullable=False),
        primary_key("cohort_settings", "cohort"),
    )


def downgrade() -> None:
    drop_tables("cohort_settings")
    with op.batch_alter_table("rubric_versions") as batch:
        batch.drop_index("ix_rubric_versions_rubric")
        batch.drop_column("rubric_id")
    drop_tables("rubrics")
