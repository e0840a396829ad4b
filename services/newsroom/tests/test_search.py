"""Search answers the same items in the same order whichever way the database reads them: the newest items walked
in order, or the full-text index when that walk does not fill the page (newsroom.search.newest_page)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from newsroom import search
from newsroom.models import Article

START = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
COUNT = 60


def words_of(n: int) -> list[str]:
    """Every item says "laporan"; even ones "genap", odd ones "ganjil" (the two never meet); every seventh says
    "pelabuhan" and "kapal" (always together); two of the oldest "kemarau"."""
    words = ["laporan", "genap" if n % 2 == 0 else "ganjil"]
    if n % 7 == 0:
        words += ["pelabuhan", "kapal"]
    if n in (3, 4):
        words.append("kemarau")
    return words


def status_of(n: int) -> str:
    return "draft" if n % 10 == 0 else "withdrawn" if n % 15 == 0 else "corrected" if n % 9 == 0 else "published"


@pytest.fixture
def items(app):
    """Sixty items, one per hour, two of them sharing a publication time (the cursor orders them by id)."""
    published = {}
    with app.extensions["suite"].db.session() as session:
        for n in range(1, COUNT + 1):
            at = START + dt.timedelta(hours=n if n != 21 else 20)
            session.add(
                Article(
                    id=n,
                    type="release",
                    title=f"Siaran nomor {n}",
                    slug=f"siaran-{n}",
                    opd="diskominfo",
                    summary=" ".join(words_of(n)),
                    body_html=f"<p>Isi siaran {n} untuk warga.</p>",
                    status=status_of(n),
                    created_by="redaktur",
                    published_at=None if n % 10 == 0 else at,
                )
            )
            if status_of(n) in ("published", "corrected"):
                published[n] = at
        session.commit()
    return published


def expected(items: dict[int, dt.datetime], query: str) -> list[int]:
    """The public items containing every word of ``query`` (the last one as a prefix), newest first."""
    *whole, last = query.split()
    found = [n for n in items if all(w in words_of(n) for w in whole) and any(w.startswith(last) for w in words_of(n))]
    return sorted(found, key=lambda n: (items[n], n), reverse=True)


def every_page(client, query: str, limit: int) -> list[int]:
    ids, after = [], None
    while True:
        args = {"q": query, "limit": limit, **({"after": after} if after else {})}
        answer = client.get("/api/newsroom/articles", query_string=args)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        ids += [item["id"] for item in answer.json["items"]]
        after = answer.json["next"]
        if not after:
            return ids


QUERIES = ["laporan", "genap", "GENAP laporan", "pelabuhan kapal", "kapal pelab", "genap ganjil", "kemarau", "kem"]


@pytest.mark.parametrize("window", [search.WINDOW_PER_ROW, 2])
@pytest.mark.parametrize("limit", [1, 4, 20])
def test_search_pages_hold_every_match_once_newest_first(client, items, monkeypatch, window, limit):
    # A window of two items per row makes the walk fall short on most pages, so both ways are taken.
    monkeypatch.setattr(search, "WINDOW_PER_ROW", window)
    for query in QUERIES:
        assert every_page(client, query, limit) == expected(items, query.lower()), query


def test_the_web_search_page_lists_the_same_items(client, items, monkeypatch):
    monkeypatch.setattr(search, "WINDOW_PER_ROW", 2)
    page = client.get("/newsroom/cari", query_string={"q": "pelabuhan kapal"}).get_data(as_text=True)
    shown = sorted((page.find(f">Siaran nomor {n}<"), n) for n in range(1, COUNT + 1) if f">Siaran nomor {n}<" in page)
    assert [n for _, n in shown] == expected(items, "pelabuhan kapal")


def test_a_page_of_a_common_word_is_read_from_the_newest_items_alone(app, client, items, backend):
    """On PostgreSQL a word in every item fills its page from the walk (one statement, the index not asked), and
    words that never meet ask the index after the walk; SQLite's FTS5 answers each in one statement."""
    statements: list[str] = []
    engine = app.extensions["suite"].db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731 - before_cursor_execute's statement
    event.listen(engine, "before_cursor_execute", listener)
    try:
        common = client.get("/api/newsroom/articles", query_string={"q": "laporan", "limit": 5}).json["items"]
        searched = [s for s in statements if "search_vector" in s or "articles_fts" in s]
        statements.clear()
        client.get("/api/newsroom/articles", query_string={"q": "genap ganjil", "limit": 5})
        never = [s for s in statements if "search_vector" in s or "articles_fts" in s]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [i["id"] for i in common] == expected(items, "laporan")[:5]
    if backend == "postgresql":
        assert len(searched) == 1 and "recent" in searched[0]
        assert len(never) == 2, "words that never meet: the walk falls short, then the index answers"
    else:
        assert len(searched) == 1 and len(never) == 1
