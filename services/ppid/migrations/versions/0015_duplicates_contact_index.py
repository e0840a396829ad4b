"""requests.duplicate_of (a request closed as a duplicate of an earlier one, counted apart in the yearly report);
requests.email_index and requests.phone_index, keyed hashes of the contacts (chassis Sealer.index) for finding a
requester's requests when a tracking code is lost, filled for the rows already there; requests.code_renewed_at

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from chassis.personal_data import active
    from ppid.domain.requests import EMAIL_INDEX, PHONE_INDEX, phone_key

    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("duplicate_of", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("email_index", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("phone_index", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("code_renewed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_requests_email_index"), ["email_index"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_phone_index"), ["phone_index"], unique=False)
    bind, seal = op.get_bind(), active()
    rows = bind.execute(sa.text("SELECT id, email, phone FROM requests WHERE email IS NOT NULL OR phone IS NOT NULL"))
    for row in rows.mappings().all():
        phone = seal.open(row["phone"], "ppid.request.phone") if row["phone"] else None
        bind.execute(
            sa.text("UPDATE requests SET email_index = :email, phone_index = :phone WHERE id = :id"),
            {
                "id": row["id"],
                "email": seal.index(row["email"], EMAIL_INDEX) if row["email"] else None,
                "phone": seal.index(phone_key(phone), PHONE_INDEX) if phone else None,
            },
        )


def downgrade() -> None:
    # Not batch mode: SQLite's copy of the table would cascade to the rows that point at it (objections, log...);
    # both PostgreSQL and SQLite (3.35 and later) drop a column in place.
    op.drop_index(op.f("ix_requests_phone_index"), table_name="requests")
    op.drop_index(op.f("ix_requests_email_index"), table_name="requests")
    for column in ("code_renewed_at", "phone_index", "email_index", "duplicate_of"):
        op.execute(f"ALTER TABLE requests DROP COLUMN {column}")
