"""requests.nik_index: the keyed hash of a person's NIK (chassis Sealer.index), so the officer finds someone's
requests by the NIK on their KTP without it in clear; filled for the rows already there

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 02:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from chassis.personal_data import active
    from ppid.domain.requests import NIK_INDEX, nik_key

    # Not batch mode: SQLite's copy of the table would cascade to the rows that point at it; both databases add a
    # column and an index in place.
    op.add_column("requests", sa.Column("nik_index", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_requests_nik_index"), "requests", ["nik_index"], unique=False)
    bind, seal = op.get_bind(), active()
    for row in bind.execute(sa.text("SELECT id, nik FROM requests WHERE nik IS NOT NULL")).mappings().all():
        nik = nik_key(seal.open(row["nik"], "ppid.request.nik") if row["nik"].startswith("pd1:") else row["nik"])
        if nik:
            bind.execute(
                sa.text("UPDATE requests SET nik_index = :index WHERE id = :id"),
                {"id": row["id"], "index": seal.index(nik, NIK_INDEX)},
            )


def downgrade() -> None:
    op.drop_index(op.f("ix_requests_nik_index"), table_name="requests")
    op.execute("ALTER TABLE requests DROP COLUMN nik_index")
