"""province roll-up: one fact row per (region, request) from the regencies' ppid events

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "province_requests",
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("registration_number", sa.String(length=40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("refusal_grounds", sa.JSON(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=True),
        sa.Column("objections", sa.Integer(), nullable=False),
        sa.Column("objections_pending", sa.Integer(), nullable=False),
        sa.Column("disputes", sa.Integer(), nullable=False),
        sa.Column("disputes_pending", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "registration_number", name=op.f("pk_province_requests")),
    )
    op.create_index("ix_province_requests_received", "province_requests", ["received_on", "region_code"])


def downgrade() -> None:
    op.drop_index("ix_province_requests_received", table_name="province_requests")
    op.drop_table("province_requests")
