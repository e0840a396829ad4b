"""mail outbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 03:10:00
"""

from alembic import op

from chassis.migrations import create_mail_table, drop_mail_table

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_mail_table(op)


def downgrade() -> None:
    drop_mail_table(op)
