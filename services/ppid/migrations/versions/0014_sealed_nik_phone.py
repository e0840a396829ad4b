"""requests.nik and requests.phone sealed at rest (AES-GCM, chassis.personal_data.Sealed): the columns widen to text
and every value already there is sealed under the first key of PERSONAL_DATA_KEYS

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 13:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = (("nik", "ppid.request.nik", 100, False), ("phone", "ppid.request.phone", 30, True))


def upgrade() -> None:
    from chassis.personal_data import active, reseal_column

    if op.get_bind().dialect.name == "postgresql":
        # SQLite keeps text of any length in a VARCHAR; its batch mode would copy the table, and dropping the old
        # one would cascade to the dispositions and objections that point at it.
        for name, _, length, nullable in COLUMNS:
            op.alter_column("requests", name, type_=sa.Text(), existing_type=sa.String(length),
                            existing_nullable=nullable)  # fmt: skip
    requests = sa.Table("requests", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                        *(sa.Column(n, sa.Text) for n, *_ in COLUMNS))  # fmt: skip
    session = sa.orm.Session(bind=op.get_bind())
    for name, purpose, *_ in COLUMNS:
        reseal_column(session, requests.c[name], purpose, active())
    session.flush()


def downgrade() -> None:
    from chassis.personal_data import active

    bind = op.get_bind()
    seal = active()
    for row in bind.execute(sa.text("SELECT id, nik, phone FROM requests")).all():
        values = {"id": row.id, "nik": seal.open(row.nik, COLUMNS[0][1]) if row.nik else row.nik,
                  "phone": seal.open(row.phone, COLUMNS[1][1]) if row.phone else row.phone}  # fmt: skip
        bind.execute(sa.text("UPDATE requests SET nik = :nik, phone = :phone WHERE id = :id"), values)
    if bind.dialect.name == "postgresql":
        for name, _, length, nullable in COLUMNS:
            op.alter_column("requests", name, type_=sa.String(length), existing_type=sa.Text(),
                            existing_nullable=nullable)  # fmt: skip
