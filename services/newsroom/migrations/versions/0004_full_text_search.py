"""full-text search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 03:00:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO articles_fts(rowid, title, summary, body_html)
         VALUES (new.id, new.title, new.summary, new.body_html);
       END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, summary, body_html)
         VALUES ('delete', old.id, old.title, old.summary, old.body_html);
       END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, summary, body_html)
         VALUES ('delete', old.id, old.title, old.summary, old.body_html);
         INSERT INTO articles_fts(rowid, title, summary, body_html)
         VALUES (new.id, new.title, new.summary, new.body_html);
       END""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_articles_search ON articles USING GIN "
            "(to_tsvector('simple', title || ' ' || summary || ' ' || body_html))"
        )
        return
    # SQLite: an FTS5 index kept in step with the table by triggers.
    op.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, summary, body_html,"
        " content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_search")
        return
    for name in ("articles_fts_insert", "articles_fts_delete", "articles_fts_update"):
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE articles_fts")
