"""scoring, appeals, re-registration

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("periods") as batch:
        batch.add_column(sa.Column("criteria", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(sa.Column("appeal_days", sa.Integer(), server_default="14", nullable=False))
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("scored_tier", sa.String(length=40), nullable=True))
    with op.batch_alter_table("application_documents") as batch:
        batch.add_column(sa.Column("carried_over_from", sa.Integer(), nullable=True))
    op.create_table(
        "score_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column("claimed_value", sa.String(length=100), nullable=False),
        sa.Column("claimed_points", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=True),
        sa.Column("file_type", sa.String(length=50), nullable=True),
        sa.Column("file_size", sa.Integer(), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("evidence_url", sa.String(length=500), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("confirmed_value", sa.String(length=100), nullable=True),
        sa.Column("confirmed_points", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_score_claims_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_claims")),
        sa.UniqueConstraint("application_id", "criterion", name=op.f("uq_score_claims_application_id")),
    )
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_appeals_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("application_id", name=op.f("uq_appeals_application_id")),
    )


def downgrade() -> None:
    op.drop_table("appeals")
    op.drop_table("score_claims")
    with op.batch_alter_table("application_documents") as batch:
        batch.drop_column("carried_over_from")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("scored_tier")
        batch.drop_column("score")
    with op.batch_alter_table("periods") as batch:
        batch.drop_column("appeal_days")
        batch.drop_column("criteria")
