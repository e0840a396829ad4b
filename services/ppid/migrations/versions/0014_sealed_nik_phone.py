"""requests.nik and requests.phone sealed at rest (AES-GCM, chassis.personal_data.Sealed): the columns widen to text
and every value already there is sealed under the first key of PERSONAL_DATA_KEYS

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 13:05:00
"""

from alembic import op

from chassis.migrations import seal_columns, unseal_columns

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = (("nik", "ppid.request.nik", 100, False), ("phone", "ppid.request.phone", 30, True))


def upgrade() -> None:
    seal_columns(op, "requests", COLUMNS)


def downgrade() -> None:
    unseal_columns(op, "requests", COLUMNS)
