"""outlet change log; journalists' press card and the day they left

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("journalist_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_outlet_changes_outlet_id_outlets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet_changes")),
    )
    op.create_index("ix_outlet_changes_outlet", "outlet_changes", ["outlet_id", "id"], unique=False)
    with op.batch_alter_table("journalists") as batch:
        batch.add_column(sa.Column("press_card", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("journalists") as batch:
        batch.drop_column("left_on")
        batch.drop_column("press_card")
    op.drop_index("ix_outlet_changes_outlet", table_name="outlet_changes")
    op.drop_table("outlet_changes")
