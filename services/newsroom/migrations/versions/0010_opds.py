"""the newsroom's copy of the office's OPD list, from the gateway (gateway.opds.changed.v1), and its version

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 02:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opds",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_opds")),
    )
    op.create_table(
        "opd_list",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opd_list")),
    )


def downgrade() -> None:
    op.drop_table("opd_list")
    op.drop_table("opds")
