"""The province's newsroom: its regencies' items kept one row per (region, article), from their events.

The app here is the province (PROVINCE_REGIONS names two regencies). Events are built as the regencies' newsrooms
send them, or taken from this app's own outbox after real workflow moves (its office code is 71.74, a regency of
the test's province), and handed to the province consumer the worker runs (``chassis.province.consumer``).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import feedparser
import pytest
from sqlalchemy import select

from chassis import province as chassis_province
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork
from newsroom import events, province
from newsroom.models import messaging

SURABAYA, SIDOARJO, KOTAMOBAGU = "35.78", "35.15", "71.74"
REGIONS = (f"{SURABAYA}=Kota Surabaya", f"{SIDOARJO}=Kabupaten Sidoarjo", f"{KOTAMOBAGU}=Kota Kotamobagu")


@pytest.fixture
def app(app_with):
    return app_with(province_exchange="province.events", province_regions=REGIONS)


def deliver(app, event: CloudEvent) -> str:
    """Through the province consumer, as the worker does: inbox on (source, id), then the handler."""
    suite = app.extensions["suite"]
    return chassis_province.consumer(suite.settings, suite.db, suite.tables, province.province_handlers).handle(event)


def handle(app, event: CloudEvent) -> None:
    """The handler alone, without the inbox: what a replay of the same fact under another event id meets."""
    suite = app.extensions["suite"]
    with UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
        province.province_handlers.by_type[event.type](uow, event)
        uow.commit()


def event(kind: str, region: str, data: dict, at: str = "2026-03-02T02:00:00Z") -> CloudEvent:
    return CloudEvent(
        id=str(uuid.uuid4()),
        source=f"/{region}/newsroom",
        type=f"newsroom.article.{kind}.v1",
        time=at,
        subject=str(data["id"]),
        data=data,
    )


def published(article_id: int, revision: int = 3, **changes) -> dict:
    return {
        "id": article_id,
        "type": "release",
        "title": f"Siaran {article_id}",
        "slug": f"siaran-{article_id}",
        "summary": f"Ringkasan siaran {article_id}.",
        "url": f"https://kota.example.go.id/newsroom/berita/siaran-{article_id}",
        "opd": "dinkes",
        "published_at": "2026-03-02T02:00:00+00:00",
        "images": [],
        "attachments": [],
        "revision": revision,
        **changes,
    }


def corrected(article_id: int, revision: int = 4, **changes) -> dict:
    data = published(article_id, revision, summary="Ringkasan setelah ralat.", **changes)
    return {**data, "correction_note": "Jumlah kelurahan diralat.", "corrected_at": "2026-03-02T05:00:00+00:00"}


def withdrawn(article_id: int, revision: int = 5, **changes) -> dict:
    data = {k: v for k, v in published(article_id, revision, **changes).items() if k not in ("summary", "slug")}
    return {**data, "reason": "Diterbitkan ganda.", "withdrawn_at": "2026-03-02T06:00:00+00:00"}


def rows(app) -> list[province.RegionArticle]:
    with app.extensions["suite"].db.session() as session:
        found = session.scalars(select(province.RegionArticle).order_by("region_code", "article_id"))
        return list(found)


def articles(client, **query) -> list[dict]:
    response = client.get("/api/newsroom/regions/articles", query_string=query)
    assert response.status_code == 200, response.json
    return response.json["items"]


def test_a_duplicate_or_a_replay_of_an_event_changes_nothing(app):
    first = event("published", SURABAYA, published(7))
    assert deliver(app, first) == "handled"
    assert deliver(app, first) == "duplicate", "the same event again is a no-op in the inbox"
    handle(app, event("published", SURABAYA, published(7, title="Judul lain")))  # a replay under a new id
    (row,) = rows(app)
    assert (row.region_code, row.article_id, row.title, row.state) == (SURABAYA, 7, "Siaran 7", "published")
    handle(app, event("published", SURABAYA, {**published(8), "type": "agenda"}))
    assert len(rows(app)) == 1, "agenda items stay the regency's affair"


def test_a_correction_and_a_withdrawal_follow_the_source_and_an_older_event_never_undoes_them(app):
    client = app.test_client()
    deliver(app, event("published", SURABAYA, published(7)))
    deliver(app, event("corrected", SURABAYA, corrected(7), at="2026-03-02T05:00:00Z"))
    (item,) = articles(client)
    assert (item["state"], item["summary"], item["correction_note"]) == (
        "corrected",
        "Ringkasan setelah ralat.",
        "Jumlah kelurahan diralat.",
    )
    late = event("published", SURABAYA, published(7, revision=3), at="2026-03-02T02:00:00Z")
    assert deliver(app, late) == "handled"  # arrives after the correction (a link that caught up)
    assert articles(client)[0]["state"] == "corrected", "an older event does not undo the correction"
    deliver(app, event("withdrawn", SURABAYA, withdrawn(7), at="2026-03-02T06:00:00Z"))
    (item,) = articles(client)
    assert (item["state"], item["state_label"], item["withdrawal_reason"]) == (
        "withdrawn",
        "Ditarik",
        "Diterbitkan ganda.",
    )
    assert item["summary"] == "", "a withdrawn item shows only that it was withdrawn and why, as its own page does"
    deliver(app, event("corrected", SURABAYA, corrected(7), at="2026-03-02T05:00:00Z"))
    assert articles(client)[0]["state"] == "withdrawn"


def test_a_malformed_event_is_refused_and_counts_nothing(app):
    for wrong in (
        event("published", SURABAYA, published(1, url="")),
        event("published", SURABAYA, published(1, published_at="kemarin")),
        event("published", SURABAYA, published(1, id="1")),
        CloudEvent(
            id=str(uuid.uuid4()), source="newsroom", type=events.PUBLISHED, time="", subject=None, data=published(1)
        ),
    ):
        with pytest.raises(InvalidEvent):
            deliver(app, wrong)
    assert rows(app) == []


def test_two_regions_same_article_id_are_two_items(app):
    deliver(app, event("published", SURABAYA, published(7)))
    deliver(app, event("published", SIDOARJO, published(7, title="Siaran Sidoarjo")))
    deliver(app, event("withdrawn", SIDOARJO, withdrawn(7, title="Siaran Sidoarjo")))
    found = {(r.region_code, r.article_id): (r.title, r.state) for r in rows(app)}
    assert found == {(SIDOARJO, 7): ("Siaran Sidoarjo", "withdrawn"), (SURABAYA, 7): ("Siaran 7", "published")}
    client = app.test_client()
    assert [i["region_name"] for i in articles(client, region=SURABAYA)] == ["Kota Surabaya"]
    assert [i["state"] for i in articles(client, region=SIDOARJO)] == ["withdrawn"]


def outbox(app, kind: str) -> list[CloudEvent]:
    with app.extensions["suite"].db.session() as session:
        found = session.execute(select(messaging.outbox.c.payload).order_by(messaging.outbox.c.seq)).scalars()
        return [CloudEvent.from_json(p) for p in found if json.loads(p)["type"] == kind]


def move(client, headers, article_id: int, action: str, **body) -> None:
    response = client.post(f"/api/newsroom/articles/{article_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.json


def test_a_snapshot_after_live_events_and_live_events_after_it_count_each_item_once(app, editor, release, monkeypatch):
    """This office (71.74) publishes three items, the province gets the first live, then the snapshot of all three
    (read two at a time), then a live correction emitted before the snapshot but delivered after it, and a
    withdrawal after it."""
    monkeypatch.setattr(province, "SNAPSHOT_BATCH", 2)
    client = app.test_client()
    ids = []
    for n in range(3):
        created = client.post("/api/newsroom/articles", json={**release, "title": f"Siaran nomor {n}"}, headers=editor)
        ids.append(created.json["id"])
        move(client, editor, ids[-1], "publish")
    live = outbox(app, "newsroom.article.published.v1")
    assert [e.data["revision"] for e in live] == [2, 2, 2], "events carry the item's version"
    deliver(app, live[0])
    move(client, editor, ids[1], "correct", note="Tanggal diralat")
    suite = app.extensions["suite"]
    with app.app_context(), chassis_province.SnapshotUnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
        assert province.snapshot(uow) == 3
        uow.commit()
    for sent in outbox(app, "newsroom.article.snapshot.v1"):
        assert deliver(app, sent) == "handled"
    (correction,) = outbox(app, "newsroom.article.corrected.v1")
    deliver(app, correction)
    for sent in live:
        deliver(app, sent)
    year = dt.datetime.now(dt.UTC).year
    counts = {i["region_code"]: i for i in client.get(f"/api/newsroom/regions/monthly?year={year}").json["items"]}
    assert counts[KOTAMOBAGU]["total_releases"] == 3
    assert [i["state"] for i in articles(client, region=KOTAMOBAGU)] == ["published", "corrected", "published"]
    move(client, editor, ids[2], "withdraw", reason="Salah kirim")
    (withdrawal,) = outbox(app, "newsroom.article.withdrawn.v1")
    deliver(app, withdrawal)
    counts = {i["region_code"]: i for i in client.get(f"/api/newsroom/regions/monthly?year={year}").json["items"]}
    assert counts[KOTAMOBAGU]["total_releases"] == 2, "a withdrawn item is no longer counted"
    assert len(rows(app)) == 3


def test_the_region_list_answers_the_contract_newest_first_in_pages(app):
    client = app.test_client()
    for n in range(5):
        moment = f"2026-03-0{n + 1}T02:00:00+00:00"
        region = SURABAYA if n % 2 else SIDOARJO
        deliver(app, event("published", region, published(n + 1, published_at=moment)))
    clarification = published(9, type="clarification", verdict="HOAKS", published_at="2026-03-09T02:00:00+00:00")
    deliver(app, event("published", SURABAYA, clarification))
    first = client.get("/api/newsroom/regions/articles?limit=4")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    body = first.json
    contract = {"region_code", "region_name", "type", "title", "url", "published_at", "state"}
    assert all(contract <= set(item) for item in body["items"])
    assert [i["article_id"] for i in body["items"]] == [9, 5, 4, 3]
    assert body["items"][0]["verdict"] == "HOAKS" and body["items"][0]["region_name"] == "Kota Surabaya"
    rest = client.get(f"/api/newsroom/regions/articles?limit=4&after={body['next']}").json
    assert [i["article_id"] for i in rest["items"]] == [2, 1] and rest["next"] is None
    assert [i["article_id"] for i in articles(client, type="clarification")] == [9]
    assert [i["article_id"] for i in articles(client, region=SIDOARJO)] == [5, 3, 1]
    for query, field in (
        ("region=35.78x", "region"),
        ("type=agenda", "type"),
        ("after=rusak", "after"),
        ("wilayah=35.78", "wilayah"),
    ):
        refused = client.get(f"/api/newsroom/regions/articles?{query}")
        assert refused.status_code == 422 and refused.mimetype == "application/problem+json", query
        assert field in {e["field"] for e in refused.json["errors"]}, query


def test_month_counts_list_every_region_in_the_office_zone_without_withdrawn_items(app):
    # 06.00 WIB on 1 March is still 28 February in UTC: a March item.
    deliver(app, event("published", SURABAYA, published(1, published_at="2026-02-28T23:00:00+00:00")))
    deliver(app, event("published", SURABAYA, published(2, published_at="2026-03-10T02:00:00+00:00")))
    deliver(app, event("published", SURABAYA, published(3, type="announcement")))
    deliver(app, event("published", SURABAYA, published(4)))
    deliver(app, event("withdrawn", SURABAYA, withdrawn(4)))
    deliver(app, event("published", "64.72", published(5)))  # not in PROVINCE_REGIONS: listed by its code
    answer = app.test_client().get("/api/newsroom/regions/monthly?year=2026").json
    assert answer["year"] == 2026 and answer["timezone"] == "Asia/Jakarta"
    found = {i["region_code"]: i for i in answer["items"]}
    assert list(found) == [SURABAYA, SIDOARJO, KOTAMOBAGU, "64.72"]
    assert found[SURABAYA]["releases"][:3] == [0, 0, 2] and found[SURABAYA]["total_releases"] == 2
    assert found[SURABAYA]["total_announcements"] == 1
    assert found[SIDOARJO]["total_releases"] == 0 and found[SIDOARJO]["region_name"] == "Kabupaten Sidoarjo"
    assert found["64.72"]["region_name"] == "64.72"
    assert app.test_client().get("/api/newsroom/regions/monthly?year=1999").status_code == 422


def test_the_feeds_parse_name_the_region_follow_corrections_and_drop_withdrawn_items(app):
    client = app.test_client()
    deliver(app, event("published", SURABAYA, published(1, published_at="2026-03-01T02:00:00+00:00")))
    deliver(app, event("published", SIDOARJO, published(1, published_at="2026-03-02T02:00:00+00:00")))
    deliver(app, event("corrected", SIDOARJO, corrected(1, published_at="2026-03-02T02:00:00+00:00")))
    deliver(app, event("published", SIDOARJO, published(2, published_at="2026-03-03T02:00:00+00:00")))
    deliver(app, event("withdrawn", SIDOARJO, withdrawn(2)))
    for kind in ("rss", "atom"):
        response = client.get(f"/newsroom/wilayah/feed.{kind}")
        assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
        parsed = feedparser.parse(response.data)
        assert not parsed.bozo, parsed.bozo_exception
        titles = [e.title for e in parsed.entries]
        assert titles == ["Kabupaten Sidoarjo: Siaran 1", "Kota Surabaya: Siaran 1"], kind
        newest = parsed.entries[0]
        assert newest.link == "https://kota.example.go.id/newsroom/berita/siaran-1"
        assert "Ralat: Jumlah kelurahan diralat." in newest.summary
        assert newest.id != parsed.entries[1].id, "two regions' article 1 are two entries"
        only = feedparser.parse(client.get(f"/newsroom/wilayah/feed.{kind}?region={SURABAYA}").data)
        assert [e.title for e in only.entries] == ["Kota Surabaya: Siaran 1"]
        assert "Kota Surabaya" in only.feed.title
    refused = client.get("/newsroom/wilayah/feed.rss?region=surabaya")
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "region"
