"""payment records with their SPJ documents; KIM groups, members and activities

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("spj_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_by", sa.String(length=64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_amount", sa.BigInteger(), nullable=True),
        sa.Column("tax_withheld", sa.BigInteger(), nullable=True),
        sa.Column("net_amount", sa.BigInteger(), nullable=True),
        sa.Column("paid_by", sa.String(length=64), nullable=True),
        sa.Column("held_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_payment_records_contract_id_contracts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_records")),
        sa.UniqueConstraint("contract_id", "month", name=op.f("uq_payment_records_contract_id")),
    )
    op.create_index("ix_payment_records_status", "payment_records", ["status", "id"])
    op.create_table(
        "payment_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_type", sa.String(length=50), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["payment_records.id"],
            name=op.f("fk_payment_documents_record_id_payment_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_documents")),
    )
    op.create_index(op.f("ix_payment_documents_record_id"), "payment_documents", ["record_id"])
    op.create_table(
        "kim_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=13), nullable=False),
        sa.Column("region_name", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("decree_number", sa.String(length=100), nullable=True),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kim_groups")),
    )
    op.create_index("ix_kim_groups_region", "kim_groups", ["region_code", "id"])
    for table in ("kim_members", "kim_activities"):
        columns = (
            [
                sa.Column("name", sa.String(length=200), nullable=False),
                sa.Column("role", sa.String(length=100), nullable=False),
                sa.Column("phone", sa.String(length=30), nullable=True),
            ]
            if table == "kim_members"
            else [
                sa.Column("held_on", sa.Date(), nullable=False),
                sa.Column("title", sa.String(length=200), nullable=False),
                sa.Column("description", sa.Text(), nullable=True),
                sa.Column("url", sa.String(length=500), nullable=True),
                sa.Column("photo_sha256", sa.String(length=64), nullable=True),
                sa.Column("photo_type", sa.String(length=50), nullable=True),
                sa.Column("created_by", sa.String(length=64), nullable=False),
                sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            ]
        )
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("group_id", sa.Integer(), nullable=False),
            *columns,
            sa.ForeignKeyConstraint(
                ["group_id"], ["kim_groups.id"], name=op.f(f"fk_{table}_group_id_kim_groups"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_group_id"), table, ["group_id"])


def downgrade() -> None:
    for table in ("kim_activities", "kim_members"):
        op.drop_index(op.f(f"ix_{table}_group_id"), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_kim_groups_region", table_name="kim_groups")
    op.drop_table("kim_groups")
    op.drop_index(op.f("ix_payment_documents_record_id"), table_name="payment_documents")
    op.drop_table("payment_documents")
    op.drop_index("ix_payment_records_status", table_name="payment_records")
    op.drop_table("payment_records")
