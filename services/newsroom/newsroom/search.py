"""Full-text search of items: PostgreSQL's text search, or SQLite's FTS5, behind one function."""

from __future__ import annotations

import re

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.sql import ColumnElement

from chassis.db import Database
from newsroom.models import Article

WORDS = re.compile(r"\w+", re.UNICODE)


def matches(db: Database, query: str) -> ColumnElement[bool]:
    """A condition on ``Article`` for items whose title, summary or body contain every word of ``query``."""
    words = WORDS.findall(query.lower())[:12]
    if not words:
        return literal_column("1") == 0
    if db.is_postgresql:
        # The same expression as the GIN index of migration 0004, literally, so PostgreSQL uses the index.
        space = literal_column("' '")
        document = func.to_tsvector(
            literal_column("'simple'"), Article.title + space + Article.summary + space + Article.body_html
        )
        terms = " & ".join(f"{w}:*" for w in words)
        return document.op("@@")(func.to_tsquery(literal_column("'simple'"), terms))
    # FTS5: each word quoted (no operators from users), prefix match on the last.
    fts = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    ids = select(literal_column("rowid")).select_from(text("articles_fts")).where(text("articles_fts MATCH :fts"))
    return Article.id.in_(ids.params(fts=fts.strip()))
