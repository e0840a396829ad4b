"""Full-text search of items: PostgreSQL's text search, or SQLite's FTS5, behind one function.

The newest-first page of a search on PostgreSQL is read in two steps, so that neither a common word nor words that
never meet read every item. First the newest items of the list (at most ``WINDOW_PER_ROW`` per row of the page) are
walked in publication order and checked against their stored vector: a word found in more than about one item in a
hundred fills the page there, whatever the size of the newsroom. Only when that walk does not fill the page (rare
words, words that never occur together) does the GIN index answer, and it then costs what those few matches cost.
The planner cannot choose between the two itself: it estimates several words as if they were independent, so it
takes two words that always occur together for rare ones and fetches every match to sort them.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from chassis import pagination
from chassis.db import Database
from newsroom.models import Article

WORDS = re.compile(r"\w+", re.UNICODE)
# Items walked per row of the page before the index is asked: pages of words in at least ~1% of the items stay in
# the walk. A larger window keeps more words there but costs a rare word that much before the index answers.
WINDOW_PER_ROW = 128


def _words(query: str) -> list[str]:
    return WORDS.findall(query.lower())[:12]


def _tsquery(words: list[str]) -> ColumnElement:
    return func.to_tsquery(literal_column("'simple'"), " & ".join(f"{w}:*" for w in words))


def matches(db: Database, query: str) -> ColumnElement[bool]:
    """A condition on ``Article`` for items whose title, summary or body contain every word of ``query``."""
    words = _words(query)
    if not words:
        return literal_column("1") == 0
    if db.is_postgresql:
        # The stored vector of migration 0007 (title, summary and body), GIN-indexed; checking a row against it
        # costs no parsing, so a common word can also be found by reading the newest public items in order.
        return literal_column("articles.search_vector").op("@@")(_tsquery(words))
    # FTS5: each word quoted (no operators from users), prefix match on the last.
    fts = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    ids = select(literal_column("rowid")).select_from(text("articles_fts")).where(text("articles_fts MATCH :fts"))
    return Article.id.in_(ids.params(fts=fts.strip()))


def newest_page(
    session: Session, db: Database, statement: Select, query: str | None, after: str | None, limit: int
) -> list[Article]:
    """The items of ``statement`` (a select of ``Article``) matching ``query`` when one is given, newest first,
    from the cursor ``after`` on: ``limit`` and one more, for ``chassis.pagination.page``."""
    order = (Article.published_at, Article.id)
    words = _words(query) if query else []
    matching = statement.where(matches(db, query)) if query else statement
    whole = pagination.newest_first(matching, *order, after, limit)
    if not (words and db.is_postgresql):
        return list(session.scalars(whole))
    vector = literal_column("articles.search_vector").label("search_vector")
    window = pagination.newest_first(statement.add_columns(vector), *order, after, WINDOW_PER_ROW * (limit + 1) - 1)
    recent = window.subquery("recent")
    item = aliased(Article, recent)
    walked = (
        select(item)
        .where(recent.c.search_vector.op("@@")(_tsquery(words)))
        .order_by(recent.c.published_at.desc(), recent.c.id.desc())
        .limit(limit + 1)
    )
    rows = list(session.scalars(walked))
    # A full page from the window is the answer: every match left out of the window is older than all of it.
    return rows if len(rows) > limit else list(session.scalars(whole))
