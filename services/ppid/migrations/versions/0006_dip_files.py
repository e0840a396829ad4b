"""dip files

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 02:18:08.969820
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dip_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("file_type", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("file_size", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("file_sha256", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dip_entries", schema=None) as batch_op:
        batch_op.drop_column("file_sha256")
        batch_op.drop_column("file_size")
        batch_op.drop_column("file_type")
        batch_op.drop_column("file_name")
