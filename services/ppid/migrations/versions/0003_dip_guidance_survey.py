"""dip guidance survey

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 01:55:16.205719
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dip_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("opd", sa.String(length=64), nullable=False),
        sa.Column("responsible", sa.String(length=200), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("period", sa.String(length=100), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("retention", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("exemption_grounds", sa.JSON(), nullable=False),
        sa.Column("exemption_reason", sa.Text(), nullable=True),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dip_entries")),
    )
    with op.batch_alter_table("dip_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dip_entries_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_dip_entries_opd"), ["opd"], unique=False)
        batch_op.create_index("ix_dip_entries_public", ["published", "title", "id"], unique=False)

    op.create_table(
        "guidance",
        sa.Column("opd", sa.String(length=64), nullable=False),
        sa.Column("opd_name", sa.String(length=200), nullable=False),
        sa.Column("holds", sa.Text(), nullable=False),
        sa.Column("cannot_give", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("opd", name=op.f("pk_guidance")),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("requirements", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.Integer(), nullable=False),
        sa.Column("time", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("product", sa.Integer(), nullable=False),
        sa.Column("competence", sa.Integer(), nullable=False),
        sa.Column("behaviour", sa.Integer(), nullable=False),
        sa.Column("complaints", sa.Integer(), nullable=False),
        sa.Column("facilities", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_survey_responses_request_id_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("request_id", name=op.f("uq_survey_responses_request_id")),
    )
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_survey_responses_answered_on"), ["answered_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_responses_answered_on"))

    op.drop_table("survey_responses")
    op.drop_table("guidance")
    with op.batch_alter_table("dip_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_dip_entries_public")
        batch_op.drop_index(batch_op.f("ix_dip_entries_opd"))
        batch_op.drop_index(batch_op.f("ix_dip_entries_category"))

    op.drop_table("dip_entries")
