"""decrees contracts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 02:44:57.209436
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decrees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("application_ids", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], name=op.f("fk_decrees_period_id_periods")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decrees")),
        sa.UniqueConstraint("number", name=op.f("uq_decrees_number")),
    )
    with op.batch_alter_table("decrees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decrees_period_id"), ["period_id"], unique=False)

    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("suspension_reason", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_contracts_application_id_applications")
        ),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], name=op.f("fk_contracts_period_id_periods")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("application_id", name=op.f("uq_contracts_application_id")),
        sa.UniqueConstraint("number", name=op.f("uq_contracts_number")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contracts_period_id"), ["period_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_period_id"))

    op.drop_table("contracts")
    with op.batch_alter_table("decrees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decrees_period_id"))

    op.drop_table("decrees")
