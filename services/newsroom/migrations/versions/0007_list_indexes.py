"""indexes for the long lists

On PostgreSQL: the searchable text of an item as a stored tsvector column with its GIN index (a search then checks
each row against the stored vector instead of parsing title, summary and body again), replacing the expression
index of 0004; and the public items in publication order (a partial index), so the newest-first list and a search
for a common word read the newest items in order and stop after a page instead of sorting every match.
SQLite keeps its FTS5 table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 04:10:00
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DOCUMENT = "to_tsvector('simple', title || ' ' || summary || ' ' || body_html)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    op.execute("CREATE INDEX ix_articles_search_vector ON articles USING GIN (search_vector)")
    op.execute("DROP INDEX ix_articles_search")
    op.execute(
        "CREATE INDEX ix_articles_published ON articles (published_at, id) WHERE status IN ('published', 'corrected')"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_articles_published")
    op.execute(f"CREATE INDEX ix_articles_search ON articles USING GIN ({DOCUMENT})")
    op.execute("DROP INDEX ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN search_vector")
