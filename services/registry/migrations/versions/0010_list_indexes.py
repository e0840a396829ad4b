"""indexes for the long lists

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 04:10:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


INDEXES = (
    ("ix_applications_queue", "applications", ["submitted_at", "id"]),
    ("ix_applications_period_queue", "applications", ["period_id", "status", "submitted_at", "id"]),
    ("ix_proofs_queue", "proofs", ["created_at", "id"]),
    ("ix_proofs_status_queue", "proofs", ["status", "created_at", "id"]),
    ("ix_proofs_contract_queue", "proofs", ["contract_id", "created_at", "id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
