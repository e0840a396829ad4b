"""the province's fact rows of its regencies' contracts, paid months and journalists; whose release a release is

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=200), nullable=True))
    op.create_table(
        "province_contracts",
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("contract_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("outlet_id", sa.BigInteger(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("event_time", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "contract_id", name=op.f("pk_province_contracts")),
    )
    op.create_table(
        "province_payments",
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("contract_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("event_time", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "record_id", name=op.f("pk_province_payments")),
    )
    op.create_table(
        "province_journalists",
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("journalist_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("outlet_id", sa.BigInteger(), nullable=False),
        sa.Column("ukw_level", sa.String(length=10), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("event_time", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "journalist_id", name=op.f("pk_province_journalists")),
    )


def downgrade() -> None:
    op.drop_table("province_journalists")
    op.drop_table("province_payments")
    op.drop_table("province_contracts")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_column("source")
