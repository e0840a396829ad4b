"""release mails (who received a release, its withdrawal, its corrections); proofs' screenshot and release notice;
what a payment month was worth when recorded

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "release_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name=op.f("fk_release_mails_outlet_id_outlets"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["release_id"], ["releases.article_id"], name=op.f("fk_release_mails_release_id_releases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_mails")),
        sa.UniqueConstraint("release_id", "outlet_id", "kind", "ref", name=op.f("uq_release_mails_release_id")),
    )
    op.create_index(op.f("ix_release_mails_release_id"), "release_mails", ["release_id"], unique=False)
    with op.batch_alter_table("proofs") as batch:
        batch.add_column(sa.Column("file_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("file_type", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("file_size", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("file_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("release_notice", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("release_notice_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("payment_records") as batch:
        batch.add_column(sa.Column("recorded_billable", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("recorded_amount", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment_records") as batch:
        batch.drop_column("recorded_amount")
        batch.drop_column("recorded_billable")
    with op.batch_alter_table("proofs") as batch:
        for name in ("release_notice_at", "release_notice", "file_sha256", "file_size", "file_type", "file_name"):
            batch.drop_column(name)
    op.drop_index(op.f("ix_release_mails_release_id"), table_name="release_mails")
    op.drop_table("release_mails")
