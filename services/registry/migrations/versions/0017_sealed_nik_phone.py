"""journalists.nik and kim_members.phone sealed at rest (AES-GCM, chassis.personal_data.Sealed): the columns widen
to text and every value already there is sealed under the first key of PERSONAL_DATA_KEYS

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 13:10:00
"""

from alembic import op

from chassis.migrations import seal_columns, unseal_columns

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

JOURNALISTS = (("nik", "registry.journalist.nik", 16, False),)
MEMBERS = (("phone", "registry.kim_member.phone", 30, True),)


def upgrade() -> None:
    seal_columns(op, "journalists", JOURNALISTS)
    seal_columns(op, "kim_members", MEMBERS)


def downgrade() -> None:
    unseal_columns(op, "kim_members", MEMBERS)
    unseal_columns(op, "journalists", JOURNALISTS)
