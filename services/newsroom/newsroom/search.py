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
        # The stored vector of migration 0007 (title, summary and body), GIN-indexed; checking a row against it
        # costs no parsing, so a common word can also be found by reading the newest public items in order.
        terms = " & ".join(f"{w}:*" for w in words)
        return literal_column("articles.search_vector").op("@@")(func.to_tsquery(literal_column("'simple'"), terms))
    # FTS5: each word quoted (no operators from users), prefix match on the last.
    fts = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    ids = select(literal_column("rowid")).select_from(text("articles_fts")).where(text("articles_fts MATCH :fts"))
    return Article.id.in_(ids.params(fts=fts.strip()))
