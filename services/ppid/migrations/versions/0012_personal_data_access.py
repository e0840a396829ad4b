"""personal_data_access: the append-only log of staff's reveals, exports and changes of personal data (UU 27/2022)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 12:50:00
"""

from alembic import op

from chassis.personal_data import create_access_log, drop_access_log

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_access_log(op.get_bind())


def downgrade() -> None:
    drop_access_log(op.get_bind())
