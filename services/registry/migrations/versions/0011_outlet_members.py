"""outlet staff invited by the outlet's account

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 04:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlet_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=True),
        sa.Column("invited_by", sa.String(length=64), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name=op.f("fk_outlet_members_outlet_id_outlets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlet_members")),
        sa.UniqueConstraint("account", name=op.f("uq_outlet_members_account")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_outlet_members_token_sha256")),
    )
    op.create_index(op.f("ix_outlet_members_outlet_id"), "outlet_members", ["outlet_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outlet_members_outlet_id"), table_name="outlet_members")
    op.drop_table("outlet_members")
