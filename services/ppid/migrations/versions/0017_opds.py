"""opds and opd_list: the office's OPDs (its departments) as the gateway's admin keeps them, copied from the
gateway's gateway.opds.changed.v1, and the version of that list last applied

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
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
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opd_list")),
    )


def downgrade() -> None:
    op.drop_table("opd_list")
    op.drop_table("opds")
