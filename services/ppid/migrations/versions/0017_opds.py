"""opds and opd_list: the office's OPDs (its departments) as the gateway's admin keeps them, copied from the
gateway's gateway.opds.changed.v1, and the version of that list last applied

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 03:00:00
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from chassis.opds import create_tables

    create_tables(op)


def downgrade() -> None:
    from chassis.opds import drop_tables

    drop_tables(op)
