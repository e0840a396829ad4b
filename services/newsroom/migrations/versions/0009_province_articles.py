"""the province's read model of its regencies' public items (newsroom.province)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "province_articles",
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("correction_note", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region_code", "article_id", name=op.f("pk_province_articles")),
    )
    op.create_index(
        "ix_province_articles_newest", "province_articles", ["published_at", "region_code", "article_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_province_articles_newest", table_name="province_articles")
    op.drop_table("province_articles")
