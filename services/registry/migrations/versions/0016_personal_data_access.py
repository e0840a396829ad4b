"""personal_data_access: the append-only log of staff's reveals, exports and changes of journalists' and KIM
members' personal data (UU 27/2022)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 12:50:00
"""

from alembic import op

from chassis.personal_data import create_access_log, drop_access_log

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_access_log(op.get_bind())


def downgrade() -> None:
    drop_access_log(op.get_bind())
