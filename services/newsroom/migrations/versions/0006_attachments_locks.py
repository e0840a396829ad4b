"""attachments, soft locks, bylines and agenda details

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("file_type", sa.String(length=100), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_attachments_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_attachments")),
    )
    with op.batch_alter_table("article_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_attachments_article_id"), ["article_id"], unique=False)

    # Plain ADD COLUMNs (nullable), so SQLite keeps the FTS5 triggers of migration 0004 on the table.
    op.add_column("articles", sa.Column("byline", sa.String(length=200), nullable=True))
    op.add_column("articles", sa.Column("agenda", sa.JSON(), nullable=True))
    op.add_column("articles", sa.Column("locked_by", sa.String(length=64), nullable=True))
    op.add_column("articles", sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("articles", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for column in ("locked_until", "locked_at", "locked_by", "agenda", "byline"):
        op.drop_column("articles", column)  # SQLite >= 3.35 drops in place, keeping the FTS5 triggers

    with op.batch_alter_table("article_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_attachments_article_id"))

    op.drop_table("article_attachments")
