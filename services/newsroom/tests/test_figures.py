"""Yearly figures count months and years in the office's zone (WIB, WITA, WIT), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import update

from newsroom.models import Article


def published(app, client, editor, release, at: dt.datetime, **changes) -> int:
    """An item published by the API, then moved to ``at`` (an aware moment) as if it had gone out then."""
    article = client.post("/api/newsroom/articles", json={**release, **changes}, headers=editor).json
    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    with app.extensions["suite"].db.session() as session:
        session.execute(update(Article).where(Article.id == article["id"]).values(published_at=at, submitted_at=None))
        session.commit()
    return article["id"]


def months(figures: dict, opd: str = "dinkes") -> list[int]:
    return next(row["months"] for row in figures["releases_per_opd"] if row["opd"] == opd)


WIB = dt.timezone(dt.timedelta(hours=7))


def test_an_item_published_early_on_the_first_counts_in_the_office_month_not_the_utc_one(app, client, editor, release):
    published(app, client, editor, release, dt.datetime(2026, 3, 1, 0, 30, tzinfo=WIB))  # 28 Feb 17.30 UTC
    published(app, client, editor, release, dt.datetime(2026, 1, 1, 6, 59, tzinfo=WIB), title="Siaran awal tahun")
    published(app, client, editor, release, dt.datetime(2027, 1, 1, 0, 5, tzinfo=WIB), title="Siaran tahun depan")
    figures = client.get("/api/newsroom/figures", query_string={"year": 2026}, headers=editor).json
    assert months(figures)[:3] == [1, 0, 1], "1 Jan and 1 Mar WIB, though 31 Dec 2025 and 28 Feb in UTC"
    assert sum(months(figures)) == 2, "00.05 WIB on 1 Jan 2027 is next year's"
    book = client.get("/api/newsroom/figures", query_string={"year": 2026, "format": "xlsx"}, headers=editor)
    row = [c.value for c in openpyxl.load_workbook(io.BytesIO(book.data))["Siaran per OPD"][2]]
    assert row[1:4] == [1, 0, 1] and row[-1] == 2
    page = client.get("/newsroom/redaksi/angka", query_string={"tahun": 2027}, headers=editor)
    assert '<th scope="row">dinkes</th><td>1</td>' in page.text, "the console counts the same way"


@pytest.fixture
def wit_app(app_with):
    return app_with(office_timezone="Asia/Jayapura")


def test_figures_follow_the_office_zone_of_the_settings(wit_app, editor, release):
    client = wit_app.test_client()
    published(wit_app, client, editor, release, dt.datetime(2026, 4, 30, 16, 0, tzinfo=dt.UTC))  # 1 May 01.00 WIT
    figures = client.get("/api/newsroom/figures", query_string={"year": 2026}, headers=editor).json
    assert months(figures)[3:5] == [0, 1]


def test_the_api_default_year_is_the_office_current_year(app, client, editor, release, monkeypatch):
    from newsroom import context

    new_year_wib = dt.datetime(2026, 12, 31, 18, 0, tzinfo=dt.UTC)  # 1 Jan 2027 01.00 WIB
    monkeypatch.setattr(context, "utcnow", lambda: new_year_wib)  # the clock of every request's context
    published(app, client, editor, release, dt.datetime(2027, 1, 1, 0, 30, tzinfo=WIB))
    figures = client.get("/api/newsroom/figures", headers=editor).json
    assert figures["year"] == 2027 and months(figures)[0] == 1


@pytest.mark.parametrize(
    "query", [{"year": 0}, {"year": 10000, "format": "xlsx"}, {"year": 2**63}, {"year": "dua"}, {"format": "pdf"}]
)
def test_a_year_out_of_range_or_an_unknown_format_is_refused_naming_the_field(client, editor, query):
    refused = client.get("/api/newsroom/figures", query_string=query, headers=editor)
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == next(iter(query))


def test_the_figures_page_refuses_a_year_out_of_range_with_a_message(client, editor):
    page = client.get("/newsroom/redaksi/angka", query_string={"tahun": 0}, headers=editor)
    assert page.status_code == 422 and "Tahun 2000-2100" in page.text
