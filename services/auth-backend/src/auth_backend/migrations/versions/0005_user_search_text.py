"""Users: a folded "name email" the admin search and people pickers match partial text in,
backfilled for the accounts that exist"""

import sqlalchemy as sa
from alembic import op

from campus_common.text import fold

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("search_text", sa.String(length=460), server_default="", nullable=False),
    )
    users = sa.table(
        "users",
        sa.column("id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("email", sa.String()),
        sa.column("search_text", sa.String()),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(users.c.id, users.c.name, users.c.email)).all()
    for user_id, name, email in rows:
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(search_text=fold(f"{name or ''} {email or ''}"))
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("search_text")
