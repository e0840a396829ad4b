"""inbox keyed by (source, id): a province receives several offices' events, whose ids are theirs alone

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:45:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_constraint("pk_inbox", type_="primary")
        batch_op.create_primary_key("pk_inbox", ["source", "id"])


def downgrade() -> None:
    # Back to one row per id: of the same id from several sources, the first handled stays.
    op.execute(
        "DELETE FROM inbox WHERE EXISTS (SELECT 1 FROM inbox AS older WHERE older.id = inbox.id"
        " AND (older.handled_at < inbox.handled_at OR (older.handled_at = inbox.handled_at"
        " AND older.source < inbox.source)))"
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_constraint("pk_inbox", type_="primary")
        batch_op.create_primary_key("pk_inbox", ["id"])
