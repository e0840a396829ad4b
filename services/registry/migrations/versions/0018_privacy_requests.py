"""privacy_requests: partners' data-subject requests (copy, correction, erasure, restriction) and their answers
(UU 27/2022)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(30), nullable=False, unique=True),
        sa.Column("outlet_id", sa.Integer(), sa.ForeignKey("outlets.id"), nullable=False),
        sa.Column("filed_by", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.Text()),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("answered_by", sa.String(64)),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_privacy_requests_outlet_id", "privacy_requests", ["outlet_id"])
    op.create_index("ix_privacy_requests_status", "privacy_requests", ["status"])


def downgrade() -> None:
    op.drop_table("privacy_requests")
