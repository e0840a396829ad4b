"""contract shapes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 02:46:31.882867
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tier", sa.String(length=40), nullable=True))

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entity_type", sa.String(length=30), nullable=True))
        batch_op.alter_column("city", existing_type=sa.VARCHAR(length=100), nullable=True)
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=True)

    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tiers", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.drop_column("tiers")

    with op.batch_alter_table("outlets", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=False)
        batch_op.alter_column("city", existing_type=sa.VARCHAR(length=100), nullable=False)
        batch_op.drop_column("entity_type")

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("tier")
