"""Channels out: IPTC ninjs validated against the IPTC schema, sitemap.xml, feeds per type and OPD."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCHEMA = json.loads((Path(__file__).parent / "ninjs-schema-2.x.json").read_text(encoding="utf-8"))
CLAIM = {
    "claim_text": "Beredar pesan bahwa vaksin keliling dipungut biaya Rp 50.000.",
    "claim_channel": "WhatsApp",
    "first_seen": "2026-11-20",
    "verdict": "HOAKS",
    "facts": "Vaksinasi keliling tidak dipungut biaya apa pun.",
    "sources": [
        {"kind": "authority", "name": "Dinas Kesehatan Kota Kotamobagu", "url": "https://dinkes.example.go.id/x"},
        {"kind": "press", "name": "Totabuan News", "url": "https://t.example.id/v"},
    ],
}


@pytest.fixture(scope="module")
def validator():
    Draft202012Validator.check_schema(SCHEMA)
    return Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def valid(validator, document: dict) -> dict:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    for key in ("firstcreated", "versioncreated", "contentcreated", "embargoed"):
        if key in document:
            assert dt.datetime.fromisoformat(document[key]).tzinfo is not None, key
    return document


def publish(client, editor, release, **changes) -> dict:
    created = client.post("/api/newsroom/articles", json={**release, **changes}, headers=editor)
    assert created.status_code == 201, created.json
    published = client.post(f"/api/newsroom/articles/{created.json['id']}/publish", headers=editor)
    assert published.status_code == 200, published.json
    return published.json


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 500), (10, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_release_as_ninjs_validates_against_the_iptc_schema(client, editor, release, validator):
    article = publish(client, editor, release, tags=["kesehatan", "vaksinasi"], byline="Humas Dinas Kesehatan")
    response = client.get(f"/api/newsroom/articles/{article['id']}.ninjs")
    assert response.status_code == 200 and response.mimetype == "application/ninjs+json"
    document = valid(validator, response.json)
    assert document["uri"].startswith("tag:diskominfo.example.go.id,") and document["type"] == "text"
    assert document["pubstatus"] == "usable" and document["language"] == "id"
    assert document["version"] == str(article["version"]) and document["by"] == "Humas Dinas Kesehatan"
    assert document["headlines"] == [{"role": "main", "contenttype": "text/plain", "value": release["title"]}]
    assert document["descriptions"][0]["value"] == article["summary"]
    assert (
        document["bodies"][0]["contenttype"] == "text/html"
        and "<strong>Senin</strong>" in document["bodies"][0]["value"]
    )
    assert [s["name"] for s in document["subjects"]] == ["kesehatan", "vaksinasi"]
    assert document["renditions"] == [{"name": "web", "href": article["url"], "contenttype": "text/html"}]
    negotiated = client.get(f"/api/newsroom/articles/{article['id']}", headers={"Accept": "application/ninjs+json"})
    assert negotiated.mimetype == "application/ninjs+json" and negotiated.json == document
    assert client.get(f"/api/newsroom/articles/{article['id']}").json["status"] == "published", "JSON by default"
    validator_check = dict(document, pubstatus="gone")
    assert not validator.is_valid(validator_check), "the schema does check our values"


def test_a_clarification_as_ninjs_carries_verdict_claim_and_sources(client, editor, release, validator):
    article = publish(
        client, editor, release, type="clarification", title="[HOAKS] Vaksin keliling berbayar", clarification=CLAIM
    )
    document = valid(validator, client.get(f"/api/newsroom/articles/{article['id']}.ninjs").json)
    roles = {d["role"]: d["value"] for d in document["descriptions"]}
    assert roles["verdict"] == "HOAKS" and roles["claim"] == CLAIM["claim_text"] and roles["facts"] == CLAIM["facts"]
    assert document["genres"] == [{"name": "Klarifikasi hoaks", "literal": "clarification"}]
    assert document["infosources"] == [
        {"name": "Dinas Kesehatan Kota Kotamobagu", "role": "authority", "uri": "https://dinkes.example.go.id/x"},
        {"name": "Totabuan News", "role": "press", "uri": "https://t.example.id/v"},
    ]


def test_an_item_with_images_and_files_as_ninjs_lists_them_as_associations(client, editor, release, validator):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    url = f"/api/newsroom/articles/{created['id']}"
    form = {
        "file": (io.BytesIO(png()), "foto.png"),
        "alt": "Petugas menyuntik warga",
        "caption": "Vaksinasi",
        "credit": "Humas Dinkes",
    }
    assert client.post(f"{url}/images", data=form, headers=editor).status_code == 201
    form = {"file": (io.BytesIO(PDF), "jadwal.pdf"), "label": "Jadwal lengkap (PDF)"}
    assert client.post(f"{url}/attachments", data=form, headers=editor).status_code == 201
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    document = valid(validator, client.get(f"{url}.ninjs").json)
    picture, attachment = document["associations"]
    assert picture["type"] == "picture" and picture["by"] == "Humas Dinkes"
    assert {"role": "alt", "contenttype": "text/plain", "value": "Petugas menyuntik warga"} in picture["descriptions"]
    assert [r["width"] for r in picture["renditions"]] == [320, 800, 1000]
    assert all(r["href"].startswith("https://diskominfo.example.go.id/newsroom/gambar/") for r in picture["renditions"])
    assert attachment["headlines"][0]["value"] == "Jadwal lengkap (PDF)"
    assert attachment["renditions"][0]["contenttype"] == "application/pdf"
    assert attachment["renditions"][0]["sizeinbytes"] == len(PDF)


def test_ninjs_follows_the_item_through_its_states(client, editor, release, validator):
    created = client.post("/api/newsroom/articles", json=release, headers=editor).json
    url = f"/api/newsroom/articles/{created['id']}"
    assert client.get(f"{url}.ninjs").status_code == 404, "drafts are not public"
    assert valid(validator, client.get(f"{url}.ninjs", headers=editor).json)["pubstatus"] == "withheld"
    at = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)).isoformat()
    assert client.post(f"{url}/publish", json={"at": at}, headers=editor).status_code == 200
    scheduled = valid(validator, client.get(f"{url}.ninjs", headers=editor).json)
    assert scheduled["pubstatus"] == "withheld" and dt.datetime.fromisoformat(scheduled["embargoed"]) > dt.datetime.now(
        dt.UTC
    )
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    assert (
        client.post(f"{url}/correct", json={"note": "Jadwal Selasa, bukan Senin."}, headers=editor).status_code == 200
    )
    corrected = valid(validator, client.get(f"{url}.ninjs").json)
    assert corrected["pubstatus"] == "usable"
    assert any(d["role"] == "correction" and "Selasa" in d["value"] for d in corrected["descriptions"])
    assert client.post(f"{url}/withdraw", json={"reason": "Data belum diverifikasi"}, headers=editor).status_code == 200
    gone = client.get(f"{url}.ninjs")
    assert gone.status_code == 410, "withdrawn stays 410 for the public"
    canceled = valid(validator, gone.json)
    assert canceled["pubstatus"] == "canceled" and "Data belum diverifikasi" in canceled["ednote"]
    assert "bodies" not in canceled and "headlines" not in canceled, "nothing of the withdrawn content"
    assert valid(validator, client.get(f"{url}.ninjs", headers=editor).json)["pubstatus"] == "canceled"


def test_the_sitemap_lists_public_items_only(client, editor, release):
    kept = publish(client, editor, release, title="Siaran yang tetap terbit")
    gone = publish(client, editor, release, title="Siaran yang kemudian ditarik")
    assert (
        client.post(
            f"/api/newsroom/articles/{gone['id']}/withdraw", json={"reason": "Salah"}, headers=editor
        ).status_code
        == 200
    )
    draft = client.post("/api/newsroom/articles", json={**release, "title": "Draf rahasia"}, headers=editor).json
    response = client.get("/newsroom/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in ET.fromstring(response.data).findall("s:url", ns)  # noqa: S314 - our own answer
    }
    assert kept["url"] in urls and dt.datetime.fromisoformat(urls[kept["url"]]).tzinfo is not None
    assert gone["url"] not in urls and not any(draft["slug"] in u for u in urls)
    assert "https://diskominfo.example.go.id/newsroom/jenis/clarification" in urls


def test_feeds_per_type_and_opd_are_valid_rss_and_atom(client, editor, release):
    publish(client, editor, release, title="Siaran dinas kesehatan")
    publish(client, editor, release, title="Pengumuman dinas perhubungan", type="announcement", opd="dishub")
    for kind, version in (("rss", "rss20"), ("atom", "atom10")):
        every = feedparser.parse(client.get(f"/newsroom/feed.{kind}").data)
        assert every.version == version and not every.bozo and len(every.entries) == 2
        by_type = feedparser.parse(client.get(f"/newsroom/feed.{kind}", query_string={"type": "announcement"}).data)
        assert [e.title for e in by_type.entries] == ["Pengumuman dinas perhubungan"]
        by_opd = feedparser.parse(client.get(f"/newsroom/feed.{kind}", query_string={"opd": "dinkes"}).data)
        assert [e.title for e in by_opd.entries] == ["Siaran dinas kesehatan"] and not by_opd.bozo
        assert all(e.get("published") and e.get("link", "").startswith("https://") for e in every.entries)


def test_the_public_api_filters_by_opd_tag_and_words_with_keyset_pages(client, editor, release):
    ids = [
        publish(client, editor, release, title="Vaksinasi di Gogagoman", tags=["kesehatan"])["id"],
        publish(client, editor, release, title="Vaksinasi di Kotobangon", tags=["kesehatan", "anak"])["id"],
        publish(client, editor, release, title="Jalan ditutup", opd="dishub", tags=["lalu-lintas"])["id"],
    ]

    def found(**query):
        items, after = [], None
        while True:
            cursor = {"after": after} if after else {}
            page = client.get("/api/newsroom/articles", query_string={**query, "limit": 1, **cursor}).json
            items += [i["id"] for i in page["items"]]
            if not (after := page["next"]):
                return items

    assert found(opd="dinkes") == [ids[1], ids[0]]
    assert found(tag="kesehatan") == [ids[1], ids[0]] and found(tag="anak") == [ids[1]]
    assert found(tag="kesehatan", q="kotobangon") == [ids[1]]
    assert found(opd="dishub", tag="kesehatan") == []


def test_an_agenda_item_says_when_and_where_on_its_page_and_in_ninjs(client, editor, release, validator):
    agenda = {
        "starts_at": "2026-12-01T01:00:00+00:00",
        "ends_at": "2026-12-01T03:30:00+00:00",
        "place": "Aula Kantor Wali Kota",
    }
    missing = client.post("/api/newsroom/articles", json={**release, "type": "agenda"}, headers=editor)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "agenda"
    no_zone = {**agenda, "starts_at": "2026-12-01T08:00"}
    naive = client.post("/api/newsroom/articles", json={**release, "type": "agenda", "agenda": no_zone}, headers=editor)
    assert naive.status_code == 422 and naive.json["errors"][0]["field"] == "agenda.starts_at"
    backwards = {**agenda, "ends_at": "2026-11-30T08:00:00+07:00"}
    wrong = client.post(
        "/api/newsroom/articles", json={**release, "type": "agenda", "agenda": backwards}, headers=editor
    )
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "agenda.ends_at"
    not_agenda = client.post("/api/newsroom/articles", json={**release, "agenda": agenda}, headers=editor)
    assert not_agenda.json["errors"][0]["field"] == "agenda"

    article = publish(client, editor, release, type="agenda", title="Konferensi pers penanganan banjir", agenda=agenda)
    assert article["agenda"]["place"] == "Aula Kantor Wali Kota"
    page = client.get(f"/newsroom/berita/{article['slug']}").text
    assert "01-12-2026 08.00-10.30 WIB" in page and "Aula Kantor Wali Kota" in page, "shown in the office's time"
    document = valid(validator, client.get(f"/api/newsroom/articles/{article['id']}.ninjs").json)
    assert document["places"] == [{"name": "Aula Kantor Wali Kota", "rel": "venue"}]
    assert {
        "role": "agenda",
        "contenttype": "text/plain",
        "value": "01-12-2026 08.00-10.30 WIB, Aula Kantor Wali Kota",
    } in document["descriptions"]


def test_a_clarification_shows_the_claim_as_it_circulates_with_its_capture(client, editor, release, validator):
    plain = client.post("/api/newsroom/articles", json=release, headers=editor).json
    shot = {"file": (io.BytesIO(png()), "pesan.png"), "alt": "Pesan berantai: vaksin keliling bayar Rp 50.000"}
    refused = client.post(f"/api/newsroom/articles/{plain['id']}/capture", data=shot, headers=editor)
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "file"
    created = client.post(
        "/api/newsroom/articles",
        headers=editor,
        json={**release, "type": "clarification", "title": "[HOAKS] Vaksin keliling berbayar", "clarification": CLAIM},
    )
    url = f"/api/newsroom/articles/{created.json['id']}"
    shot = {"file": (io.BytesIO(png()), "pesan.png"), "alt": "Pesan berantai: vaksin keliling bayar Rp 50.000"}
    added = client.post(f"{url}/capture", data=shot, headers=editor)
    assert added.status_code == 201, added.json
    assert added.json["clarification"]["capture"]["alt"].startswith("Pesan berantai")
    kept = client.patch(
        url,
        json={"clarification": {**CLAIM, "verdict": "DISINFORMASI"}},
        headers={**editor, "If-Match": added.headers["ETag"]},
    )
    assert kept.json["clarification"]["capture"] == added.json["clarification"]["capture"], "editing keeps it"
    assert client.post(f"{url}/publish", headers=editor).status_code == 200
    page = client.get(f"/newsroom/berita/{created.json['slug']}").text
    assert 'alt="Pesan berantai: vaksin keliling bayar Rp 50.000"' in page and "dinilai <strong>DISINFORMASI" in page
    document = valid(validator, client.get(f"{url}.ninjs").json)
    (capture,) = document["associations"]
    assert capture["type"] == "picture" and capture["headlines"][0]["value"] == "Tangkapan layar klaim (DISINFORMASI)"
