"""objection lapse, dispute outcome, deadline starts, report obstacles

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("returned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("completion_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("dispute_outcome", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("dispute_decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("dispute_decision_number", sa.String(length=100), nullable=True))
    op.create_table(
        "report_obstacles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("obstacle", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_obstacles")),
    )
    with op.batch_alter_table("report_obstacles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_obstacles_year"), ["year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_obstacles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_obstacles_year"))
    op.drop_table("report_obstacles")
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_column("dispute_decision_number")
        batch_op.drop_column("dispute_decided_on")
        batch_op.drop_column("dispute_outcome")
        batch_op.drop_column("overdue_notified_at")
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.drop_column("working_days")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("completion_days")
        batch_op.drop_column("returned_on")
