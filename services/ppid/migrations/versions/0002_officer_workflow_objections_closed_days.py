"""officer workflow objections closed days

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 01:50:28.966324
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closed_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_days")),
    )
    op.create_table(
        "sequence_counters",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "year", name=op.f("pk_sequence_counters")),
    )
    op.create_table(
        "dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("opd", sa.String(length=64), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("disposed_by", sa.String(length=64), nullable=False),
        sa.Column("disposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_dispositions_request_id_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispositions")),
        sa.UniqueConstraint("request_id", "opd", name=op.f("uq_dispositions_request_id")),
    )
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dispositions_opd"), ["opd"], unique=False)
        batch_op.create_index(batch_op.f("ix_dispositions_request_id"), ["request_id"], unique=False)

    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("dispute_due", sa.Date(), nullable=True),
        sa.Column("dispute_filed_on", sa.Date(), nullable=True),
        sa.Column("dispute_reference", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_objections_request_id_requests"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
        sa.UniqueConstraint("number", name=op.f("uq_objections_number")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objections_request_id"), ["request_id"], unique=False)

    # Numbers of every kind (requests, objections) now come from one counter table.
    op.execute(
        "INSERT INTO sequence_counters (kind, year, last) SELECT 'request', year, last FROM registration_counters"
    )
    op.drop_table("registration_counters")
    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action", sa.String(length=30), nullable=True))

    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("missing", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("completion_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("original_due_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("extension_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("decision_reasons", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("refusal_grounds", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("consequence_test", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("fee", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("payment_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("notice_form", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("delivery_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notice_number", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("notice_drafted_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("signed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivery_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_requests_inbox", ["status", "due_date", "id"], unique=False)
        batch_op.create_index("ix_requests_received", ["received_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index("ix_requests_received")
        batch_op.drop_index("ix_requests_inbox")
        batch_op.drop_column("overdue_notified_at")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("delivery_note")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("signed_by")
        batch_op.drop_column("notice_drafted_by")
        batch_op.drop_column("notice_number")
        batch_op.drop_column("delivery_on")
        batch_op.drop_column("notice_form")
        batch_op.drop_column("payment_note")
        batch_op.drop_column("fee")
        batch_op.drop_column("consequence_test")
        batch_op.drop_column("refusal_grounds")
        batch_op.drop_column("decision_reasons")
        batch_op.drop_column("decision")
        batch_op.drop_column("extension_reason")
        batch_op.drop_column("extended_at")
        batch_op.drop_column("original_due_date")
        batch_op.drop_column("completion_due")
        batch_op.drop_column("missing")
        batch_op.drop_column("registered_by")

    with op.batch_alter_table("request_log", schema=None) as batch_op:
        batch_op.drop_column("action")

    op.create_table(
        "registration_counters",
        sa.Column("year", sa.INTEGER(), nullable=False),
        sa.Column("last", sa.INTEGER(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_registration_counters")),
    )
    op.execute(
        "INSERT INTO registration_counters (year, last) SELECT year, last FROM sequence_counters WHERE kind = 'request'"
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_request_id"))

    op.drop_table("objections")
    with op.batch_alter_table("dispositions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispositions_request_id"))
        batch_op.drop_index(batch_op.f("ix_dispositions_opd"))

    op.drop_table("dispositions")
    op.drop_table("sequence_counters")
    op.drop_table("closed_days")
