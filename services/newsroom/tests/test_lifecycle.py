"""Edits with optimistic locking and revisions, scheduling, corrections, withdrawals, the item page and feeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser

from chassis.messaging import utcnow
from chassis.testing import documented_event, outbox_events
from chassis.web import unit_of_work
from newsroom.context import NewsroomContext
from newsroom.domain.permissions import SCHEDULER
from newsroom.use_cases import workflow


def go(locator) -> None:
    """Click and wait for the page it leads to (form posts and links), so the next check reads the new page."""
    with locator.page.expect_navigation():
        locator.click()


def create(client, headers, release, **changes):
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response


def test_edits_need_the_version_they_read_and_each_save_is_a_revision(client, editor, humas_dinkes, tokens, release):
    created = create(client, humas_dinkes, release)
    article_id, first_etag = created.json["id"], created.headers["ETag"]
    url = f"/api/newsroom/articles/{article_id}"
    assert client.patch(url, json={"title": "Judul baru untuk siaran"}, headers=humas_dinkes).status_code == 428
    saved = client.patch(
        url, json={"title": "Judul baru untuk siaran"}, headers={**humas_dinkes, "If-Match": first_etag}
    )
    assert saved.status_code == 200 and saved.json["title"] == "Judul baru untuk siaran"
    assert saved.headers["ETag"] != first_etag
    stale = client.patch(url, json={"summary": "Ringkasan lain"}, headers={**editor, "If-Match": first_etag})
    assert stale.status_code == 412 and stale.json["current_version"] == 2
    other_opd = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    assert (
        client.patch(
            url, json={"title": "Diubah OPD lain"}, headers={**other_opd, "If-Match": saved.headers["ETag"]}
        ).status_code
        == 404
    )
    assert client.get(url, headers=other_opd).status_code == 404
    dirty = client.patch(
        url,
        json={"body_html": "<p>Baru <script>x()</script></p>"},
        headers={**editor, "If-Match": saved.headers["ETag"]},
    )
    assert dirty.status_code == 200 and "<script" not in dirty.json["body_html"]
    revisions = client.get(f"{url}/revisions", headers=editor).json["items"]
    assert [(r["number"], r["by"]) for r in revisions] == [(1, "humas.dinkes"), (2, "humas.dinkes"), (3, "redaktur")]
    assert revisions[0]["title"] == release["title"] and revisions[1]["title"] == "Judul baru untuk siaran"
    assert client.get(url, headers=editor).headers["ETag"] == dirty.headers["ETag"]


def test_scheduled_items_are_published_once_and_never_early(app, client, editor, release):
    article_id = create(client, editor, release).json["id"]
    at = (utcnow() + dt.timedelta(hours=2)).isoformat()
    scheduled = client.post(f"/api/newsroom/articles/{article_id}/publish", json={"at": at}, headers=editor)
    assert scheduled.status_code == 200 and scheduled.json["status"] == "scheduled"
    assert client.get(f"/api/newsroom/articles/{article_id}").status_code == 404, "not public before its time"
    settings = app.extensions["suite"].settings

    def at(moment):
        return NewsroomContext.of(settings, SCHEDULER, lambda: moment)

    with app.app_context():
        assert workflow.release_due(unit_of_work, at(utcnow())) == 0
        later = utcnow() + dt.timedelta(hours=3)
        assert workflow.release_due(unit_of_work, at(later)) == 1
        assert workflow.release_due(unit_of_work, at(later)) == 0, "never twice"
    assert client.get(f"/api/newsroom/articles/{article_id}").json["status"] == "published"
    kinds = [e["type"] for e in outbox_events(app)]
    assert kinds == ["newsroom.article.scheduled.v1", "newsroom.article.published.v1"]
    past = client.post(
        f"/api/newsroom/articles/{create(client, editor, release).json['id']}/schedule",
        json={"at": "2020-01-01T00:00:00+07:00"},
        headers=editor,
    )
    assert past.status_code == 422 and past.json["errors"][0]["field"] == "at"


def test_correction_keeps_the_item_public_and_withdrawal_takes_it_off_everything(app, client, editor, release):
    article = create(client, editor, release).json
    url = f"/api/newsroom/articles/{article['id']}"
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    assert client.post(f"{url}/correct", json={}, headers=editor).json["errors"][0]["field"] == "note"
    correction = {"note": "Jumlah kelurahan 14, bukan 12.", "body_html": "<p>Di 14 kelurahan.</p>"}
    corrected = client.post(f"{url}/correct", json=correction, headers=editor)
    assert corrected.json["status"] == "corrected" and corrected.json["body_html"] == "<p>Di 14 kelurahan.</p>"
    assert [i["id"] for i in client.get("/api/newsroom/articles").json["items"]] == [article["id"]]
    page = client.get(f"/newsroom/berita/{article['slug']}")
    assert page.status_code == 200 and "Ralat" in page.text and '"@type": "NewsArticle"' in page.text
    assert 'property="og:title"' in page.text and "wa.me" in page.text

    rss = feedparser.parse(client.get("/newsroom/feed.rss").data)
    assert rss.version == "rss20" and [e.title for e in rss.entries] == [release["title"]]
    atom = feedparser.parse(client.get("/newsroom/feed.atom").data)
    assert atom.version == "atom10" and not atom.bozo and len(atom.entries) == 1

    assert client.post(f"{url}/withdraw", json={}, headers=editor).json["errors"][0]["field"] == "reason"
    withdrawn = client.post(f"{url}/withdraw", json={"reason": "Data belum diverifikasi"}, headers=editor)
    assert withdrawn.json["status"] == "withdrawn"
    gone = client.get(url)
    assert gone.status_code == 410 and "Data belum diverifikasi" in gone.json["detail"]
    assert client.get(url, headers=editor).status_code == 200, "staff still see it"
    assert client.get("/api/newsroom/articles").json["items"] == []
    assert feedparser.parse(client.get("/newsroom/feed.rss").data).entries == []
    page = client.get(f"/newsroom/berita/{article['slug']}")
    assert page.status_code == 410 and "telah ditarik" in page.text and "14 kelurahan" not in page.text
    assert client.post(f"{url}/correct", json={"note": "x"}, headers=editor).json["current_state"] == "withdrawn"
    corrected_event = outbox_events(app, "newsroom.article.corrected.v1")[0]["data"]
    assert corrected_event["correction_note"] == "Jumlah kelurahan 14, bukan 12."
    withdrawn_event = outbox_events(app, "newsroom.article.withdrawn.v1")[0]["data"]
    assert withdrawn_event["reason"] == "Data belum diverifikasi"


def test_corrections_and_withdrawals_tell_partners_which_release_and_why(app, client, editor, release):
    article = create(client, editor, release).json
    url = f"/api/newsroom/articles/{article['id']}"
    published_at = client.post(f"{url}/publish", headers=editor).json["published_at"]
    client.post(
        f"{url}/correct",
        json={"note": "Jumlah kelurahan 14, bukan 12.", "body_html": "<p>Layanan vaksinasi di 14 kelurahan.</p>"},
        headers=editor,
    )
    assert client.post(f"{url}/withdraw", json={"reason": "Data belum diverifikasi"}, headers=editor).status_code == 200
    which = {
        "id": article["id"],
        "type": "release",
        "title": release["title"],
        "opd": "dinkes",
        "url": f"https://diskominfo.example.go.id/newsroom/berita/{article['slug']}",
    }
    (corrected,) = outbox_events(app, "newsroom.article.corrected.v1")
    assert corrected["data"] == {
        **which,
        "published_at": corrected["data"]["published_at"],
        "summary": "Layanan vaksinasi di 14 kelurahan.",
        "correction_note": "Jumlah kelurahan 14, bukan 12.",
        "corrected_at": corrected["data"]["corrected_at"],
        "revision": 3,
    }
    (withdrawn,) = outbox_events(app, "newsroom.article.withdrawn.v1")
    assert withdrawn["data"] == {
        **which,
        "published_at": withdrawn["data"]["published_at"],
        "reason": "Data belum diverifikasi",
        "withdrawn_at": withdrawn["data"]["withdrawn_at"],
        "revision": 4,
    }
    assert dt.datetime.fromisoformat(withdrawn["data"]["published_at"]) == dt.datetime.fromisoformat(published_at)
    for event in (corrected, withdrawn):
        documented(event["type"]).validate(event)
    scheduled = create(client, editor, release, title="Siaran terjadwal yang batal").json
    at = (utcnow() + dt.timedelta(days=1)).isoformat()
    assert (
        client.post(f"/api/newsroom/articles/{scheduled['id']}/schedule", json={"at": at}, headers=editor).status_code
        == 200
    )
    assert (
        client.post(
            f"/api/newsroom/articles/{scheduled['id']}/withdraw", json={"note": "Acara batal"}, headers=editor
        ).status_code
        == 200
    )
    never_out = outbox_events(app, "newsroom.article.withdrawn.v1")[1]
    assert never_out["data"]["published_at"] is None and never_out["data"]["reason"] == "Acara batal", "no partner"
    documented("newsroom.article.withdrawn.v1").validate(never_out)


def documented(event_type: str):
    return documented_event(event_type, Path(__file__).parents[3] / "docs" / "asyncapi.yaml")


def test_an_auto_summary_follows_the_body_and_a_typed_one_is_kept(app, client, editor, release):
    auto = create(client, editor, release).json
    url = f"/api/newsroom/articles/{auto['id']}"
    assert auto["summary"] == "Layanan vaksinasi keliling dimulai Senin di 12 kelurahan."
    edited = client.patch(
        url,
        json={"body_html": "<p>Vaksinasi keliling diundur ke Selasa.</p>"},
        headers={**editor, "If-Match": f'"{auto["id"]}-1"'},
    )
    assert edited.json["summary"] == "Vaksinasi keliling diundur ke Selasa."
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    corrected = client.post(
        f"{url}/correct", json={"note": "Hari diralat", "body_html": "<p>Diundur ke Rabu.</p>"}, headers=editor
    ).json
    assert corrected["summary"] == "Diundur ke Rabu."
    assert outbox_events(app, "newsroom.article.corrected.v1")[0]["data"]["summary"] == "Diundur ke Rabu."
    assert client.get(f"{url}.ninjs").json["descriptions"][0]["value"] == "Diundur ke Rabu."
    assert [e.summary for e in feedparser.parse(client.get("/newsroom/feed.rss").data).entries] == ["Diundur ke Rabu."]

    typed = create(client, editor, release, title="Siaran dengan ringkasan sendiri", summary="Ringkasan redaktur.").json
    url = f"/api/newsroom/articles/{typed['id']}"
    edited = client.patch(
        url,
        json={"body_html": "<p>Isi yang lain sama sekali.</p>"},
        headers={**editor, "If-Match": f'"{typed["id"]}-1"'},
    )
    assert edited.json["summary"] == "Ringkasan redaktur."
    cleared = client.patch(url, json={"summary": ""}, headers={**editor, "If-Match": edited.headers["ETag"]})
    assert cleared.json["summary"] == "Isi yang lain sama sekali.", "cleared: written from the body again"


def test_the_console_form_sent_back_with_its_auto_summary_lets_it_follow_the_body(client, editor, release):
    article = create(client, editor, release).json
    form = {
        "version": "1",
        "title": article["title"],
        "summary": article["summary"],
        "tags": "",
        "body_html": "<p>Jadwal vaksinasi keliling berubah.</p>",
    }
    saved = client.post(f"/newsroom/redaksi/naskah/{article['id']}", data=form, headers=editor)
    assert saved.status_code == 303
    assert client.get(f"/api/newsroom/articles/{article['id']}", headers=editor).json["summary"] == (
        "Jadwal vaksinasi keliling berubah."
    )


def test_a_hoax_clarification_needs_the_authoritys_statement_to_go_out(app, client, editor, release):
    claim = {
        "claim_text": "Beredar pesan bahwa vaksin keliling dipungut biaya Rp 50.000.",
        "claim_channel": "WhatsApp",
        "first_seen": "2026-11-20",
        "verdict": "HOAKS",
        "facts": "Vaksinasi keliling tidak dipungut biaya apa pun.",
        "sources": [{"kind": "press", "name": "Totabuan News", "url": "https://t.example.id/v"}],
    }
    missing = client.post("/api/newsroom/articles", json={**release, "type": "clarification"}, headers=editor)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "clarification"
    wrong = {**release, "type": "clarification", "clarification": {**claim, "verdict": "BOHONG"}}
    bad = client.post("/api/newsroom/articles", headers=editor, json=wrong)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "clarification.verdict"
    created = create(
        client, editor, release, type="clarification", title="[HOAKS] Vaksin keliling berbayar", clarification=claim
    )
    url = f"/api/newsroom/articles/{created.json['id']}"
    refused = client.post(f"{url}/publish", headers=editor)
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "clarification.sources"
    assert "instansi yang berwenang" in refused.json["detail"]
    authority = {
        "kind": "authority",
        "name": "Dinas Kesehatan Kota Kotamobagu",
        "url": "https://dinkes.example.go.id/x",
    }
    fixed = client.patch(
        url,
        json={"clarification": {**claim, "sources": [*claim["sources"], authority]}},
        headers={**editor, "If-Match": created.headers["ETag"]},
    )
    assert fixed.status_code == 200, fixed.json
    published = client.post(f"{url}/publish", headers=editor)
    assert published.status_code == 200
    assert outbox_events(app, "newsroom.article.published.v1")[0]["data"]["verdict"] == "HOAKS"
    page = client.get(f"/newsroom/berita/{created.json['slug']}")
    assert "[HOAKS]" in page.text and "Pernyataan resmi" in page.text and "Beredar di WhatsApp" in page.text
    not_a_clarification = client.post(
        "/api/newsroom/articles", headers=editor, json={**release, "clarification": claim}
    )
    assert not_a_clarification.json["errors"][0]["field"] == "clarification"


def test_yearly_figures_as_json_and_xlsx(app, client, editor, humas_dinkes, release):
    import io

    import openpyxl

    from newsroom.figures import percentile

    for n in range(3):
        article = create(client, humas_dinkes, release, title=f"Siaran dinkes nomor {n}").json
        client.post(f"/api/newsroom/articles/{article['id']}/submit", headers=humas_dinkes)
        client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
    direct = create(client, editor, release, opd="dishub", title="Siaran dishub langsung").json
    assert client.post(f"/api/newsroom/articles/{direct['id']}/publish", headers=editor).status_code == 200
    year = utcnow().year
    assert client.get("/api/newsroom/figures", headers=humas_dinkes).status_code == 403
    figures = client.get("/api/newsroom/figures", query_string={"year": year}, headers=editor).json
    totals = {row["opd"]: row["total"] for row in figures["releases_per_opd"]}
    assert totals == {"dinkes": 3, "dishub": 1}
    assert figures["hours_to_publish"]["count"] == 3, "only submitted items have a submission time"
    assert figures["hours_to_publish"]["median"] == 0.0
    book = client.get("/api/newsroom/figures", query_string={"year": year, "format": "xlsx"}, headers=editor)
    sheet = openpyxl.load_workbook(io.BytesIO(book.data))["Siaran per OPD"]
    assert [c.value for c in sheet[2]][0] == "dinkes" and [c.value for c in sheet[2]][-1] == 3
    assert percentile([5, 1, 4, 2, 3], 50) == 3 and percentile([5, 1, 4, 2, 3], 90) == 5 and percentile([], 50) is None


def test_the_public_portal_lists_by_type_opd_tag_and_search_in_a_real_browser(app, page, client, editor, release):
    from chassis.testing import live_server

    for title, kind, opd, tags in (
        ("Vaksinasi keliling di dua belas kelurahan", "release", "dinkes", ["kesehatan"]),
        ("Pengumuman penutupan jalan Ahmad Yani", "announcement", "dishub", ["lalu-lintas"]),
        ("Jadwal posyandu bulan Desember", "release", "dinkes", ["kesehatan", "anak"]),
    ):
        article = create(client, editor, release, title=title, type=kind, opd=opd, tags=tags).json
        client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor)
    with live_server(app) as site:
        page.goto(f"{site}/newsroom/")
        assert page.locator("html").get_attribute("lang") == "id"
        assert page.locator("article").count() == 3
        go(page.get_by_role("link", name="Pengumuman").first)
        assert [t.strip() for t in page.locator("article h2").all_inner_texts()] == [
            "Pengumuman penutupan jalan Ahmad Yani"
        ]
        page.goto(f"{site}/newsroom/tag/anak")
        assert page.locator("article").count() == 1
        page.get_by_label("Cari berita").fill("posyandu")
        go(page.get_by_role("button", name="Cari"))
        go(page.get_by_role("link", name="Jadwal posyandu bulan Desember"))
        assert page.get_by_role("heading", level=1).inner_text() == "Jadwal posyandu bulan Desember"
        page.goto(f"{site}/newsroom/opd/dishub")
        assert page.locator("article").count() == 1


def test_images_are_checked_resized_and_carried_to_partners(app, client, editor, release, tmp_path):
    import io

    from PIL import Image

    def png(width, height) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), (10, 80, 160)).save(buffer, "PNG")
        return buffer.getvalue()

    article = create(client, editor, release).json
    url = f"/api/newsroom/articles/{article['id']}/images"

    def send(data, name="foto.png", **form):
        return client.post(
            url, data={"file": (io.BytesIO(data), name), **form}, headers=editor, content_type="multipart/form-data"
        )

    assert send(png(1200, 800)).json["errors"][0]["field"] == "alt", "alt text is required"
    assert send(b"%PDF-1.7 not an image", name="foto.png", alt="Sesuatu").status_code == 415
    assert send(b"MZ\x90\x00" + b"\x00" * 100, name="foto.jpg", alt="Sesuatu").status_code == 415
    added = send(
        png(1200, 800),
        alt="Petugas menyuntik warga di balai kelurahan",
        caption="Vaksinasi keliling",
        credit="Humas Dinkes",
    )
    assert added.status_code == 201, added.json
    renditions = added.json["images"][0]["renditions"]
    assert sorted(map(int, renditions)) == [320, 800, 1200], "web sizes, never upscaled past the original"
    path = renditions["800"].replace("https://diskominfo.example.go.id", "")
    assert client.get(path).status_code == 404, "a draft's picture is not the public's yet"
    picture = client.get(path, headers=editor)
    assert picture.status_code == 200 and picture.mimetype == "image/jpeg"
    assert Image.open(io.BytesIO(picture.data)).size == (800, 533)
    assert picture.headers["Cache-Control"] == "private, no-store"
    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    assert "immutable" in client.get(path).headers["Cache-Control"]
    (event,) = outbox_events(app, "newsroom.article.published.v1")
    expected = {
        "url": renditions["1200"],
        "caption": "Vaksinasi keliling",
        "alt": "Petugas menyuntik warga di balai kelurahan",
        "credit": "Humas Dinkes",
    }
    assert event["data"]["images"] == [expected]
    page = client.get(f"/newsroom/berita/{article['slug']}").text
    assert 'alt="Petugas menyuntik warga di balai kelurahan"' in page and "srcset=" in page
    assert f'property="og:image" content="{renditions["1200"]}"' in page, "Open Graph needs the absolute address"
