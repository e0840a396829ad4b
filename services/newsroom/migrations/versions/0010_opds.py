"""the newsroom's copy of the office's OPD list, from the gateway (gateway.opds.changed.v1), and its version

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 02:40:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from chassis.opds import create_tables

    create_tables(op)


def downgrade() -> None:
    from chassis.opds import drop_tables

    drop_tables(op)
