"""partner signup and mail

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 03:05:00
"""

import sqlalchemy as sa
from alembic import op

from chassis.migrations import create_mail_table, drop_mail_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_mail_table(op)
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_accounts_email"), ["email"])


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_accounts_email"), type_="unique")
        batch_op.drop_column("email_confirmed_at")
        batch_op.drop_column("email")
    drop_mail_table(op)
