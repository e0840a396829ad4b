"""mail outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 02:00:46.756502
"""

from alembic import op

from chassis.migrations import create_mail_table, drop_mail_table

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_mail_table(op)


def downgrade() -> None:
    drop_mail_table(op)
