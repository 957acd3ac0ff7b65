"""List indexes lead with owner and state, so a student's or mentor's page is one index range."""

from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:

    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_cohort_created"))
        batch_op.drop_index(batch_op.f("ix_feedback_mentor_created"))
        batch_op.drop_index(batch_op.f("ix_feedback_student_created"))
        batch_op.create_index(
            "ix_feedback_cohort_state_created",
            ["cohort", "state", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index("ix_feedback_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_feedback_mentor_state_created",
            ["mentor_id", "state", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_feedback_student_state_created",
            ["student_id", "state", "created_at", "id"],
            unique=False,
        )


def downgrade() -> None:

    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_student_state_created")
        batch_op.drop_index("ix_feedback_mentor_state_created")
        batch_op.drop_index("ix_feedback_created")
        batch_op.drop_index("ix_feedback_cohort_state_created")
        batch_op.create_index(
            batch_op.f("ix_feedback_student_created"),
            ["student_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_mentor_created"),
            ["mentor_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_cohort_created"), ["cohort", "created_at", "id"], unique=False
        )
