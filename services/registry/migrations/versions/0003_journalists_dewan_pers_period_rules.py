"""journalists dewan pers period rules

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 02:43:31.110757
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journalists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("ukw_level", sa.String(length=10), nullable=False),
        sa.Column("ukw_certificate", sa.String(length=60), nullable=True),
        sa.Column("ukw_certified_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_journalists_outlet_id_outlets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journalists")),
    )
    with op.batch_alter_table("journalists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journalists_outlet_id"), ["outlet_id"], unique=False)

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dewan_pers_status", sa.String(length=20), server_default="none", nullable=False))
        batch_op.add_column(sa.Column("dewan_pers_on", sa.Date(), nullable=True))

    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requires_ukw_utama", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("requires_dewan_pers", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.drop_column("requires_dewan_pers")
        batch_op.drop_column("requires_ukw_utama")

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.drop_column("dewan_pers_on")
        batch_op.drop_column("dewan_pers_status")

    with op.batch_alter_table("journalists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journalists_outlet_id"))

    op.drop_table("journalists")
