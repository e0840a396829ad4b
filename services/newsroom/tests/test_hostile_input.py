"""Hostile input on the newsroom: markup in titles, files by guessed checksum, image bombs, huge numbers."""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zlib

import pytest
from PIL import Image

BIG = 2**63


def create(client, headers, release, **changes) -> dict:
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def upload(client, headers, path, data: bytes, name="foto.png", **form):
    return client.post(
        path, data={"file": (io.BytesIO(data), name), **form}, headers=headers, content_type="multipart/form-data"
    )


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def declared_png(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def test_a_title_with_script_markup_cannot_break_out_of_the_json_ld_block(client, editor, release):
    title = 'Awas <!--<script> dan </script><script>alert("x")</script> & co'
    article = create(client, editor, release, title=title)
    assert client.post(f"/api/newsroom/articles/{article['id']}/publish", headers=editor).status_code == 200
    page = client.get(f"/newsroom/berita/{article['slug']}").text
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    block = page[start : page.index("</script>", start)]
    assert not re.search(r"[<>&]", block), "nothing in the block can end it or open a comment or a script"
    assert json.loads(block)["headline"] == title
    assert page.count("<script") == 1 and '<main id="isi">' in page[start:], "the page after the block is still HTML"


def test_a_draft_image_capture_or_attachment_is_not_served_to_the_public_by_its_checksum(client, editor, release):
    draft = create(client, editor, release)
    base = f"/api/newsroom/articles/{draft['id']}"
    picture = upload(client, editor, f"{base}/images", png(400, 300), alt="Foto draf")
    url = picture.json["images"][0]["renditions"]["400"].replace("https://diskominfo.example.go.id", "")
    attached = upload(client, editor, f"{base}/attachments", png(50, 50), name="lampiran.png", label="Lampiran draf")
    assert attached.status_code == 201, attached.json
    attachment_sha = hashlib.sha256(png(50, 50)).hexdigest()
    file_url = attached.json["attachments"][0]["url"].replace("https://diskominfo.example.go.id", "")
    assert client.get(file_url).status_code == 404, "a draft's attachment by its own address"
    assert client.get(url).status_code == 404, "a draft's picture"
    assert client.get(f"/newsroom/gambar/{attachment_sha}.jpg").status_code == 404, "an attachment is never an image"
    assert client.get(f"/newsroom/gambar/{attachment_sha}.jpg", headers=editor).status_code == 404
    assert client.get("/newsroom/gambar/..%2F..%2Fetc%2Fpasswd.jpg").status_code == 404
    assert client.get(url, headers=editor).status_code == 200, "staff see the draft's picture in the console"
    assert client.post(f"{base}/publish", headers=editor).status_code == 200
    public = client.get(url)
    assert public.status_code == 200 and "immutable" in public.headers["Cache-Control"]
    assert client.get(file_url).status_code == 200
    assert client.post(f"{base}/withdraw", json={"reason": "Salah kirim"}, headers=editor).status_code == 200
    assert client.get(url).status_code == 404, "withdrawn: no longer the public's"
    assert client.get(file_url).status_code == 404


def test_a_draft_image_is_not_served_to_a_contributor_of_another_opd(client, editor, tokens, release):
    draft = create(client, editor, release)
    picture = upload(client, editor, f"/api/newsroom/articles/{draft['id']}/images", png(300, 200), alt="Foto draf")
    url = picture.json["images"][0]["renditions"]["300"].replace("https://diskominfo.example.go.id", "")
    other = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    own = tokens.headers("newsroom:contributor", username="humas.dinkes", opd="dinkes")
    assert client.get(url, headers=other).status_code == 404
    assert client.get(url, headers=own).status_code == 200


@pytest.mark.parametrize("target", ["images", "capture"])
def test_an_image_declaring_too_many_pixels_is_refused_before_it_is_decoded(client, editor, release, target):
    claim = {
        "claim_text": "Pesan berantai tentang vaksin berbayar.",
        "claim_channel": "WhatsApp",
        "first_seen": "2026-11-20",
        "verdict": "HOAKS",
        "facts": "Vaksinasi keliling tidak dipungut biaya.",
    }
    article = create(client, editor, release, type="clarification", clarification=claim)
    refused = upload(
        client,
        editor,
        f"/api/newsroom/articles/{article['id']}/{target}",
        declared_png(20000, 20000),
        alt="Bom dekompresi",
    )
    assert refused.status_code == 413, refused.json
    assert refused.json["errors"] == [{"field": "file", "message": "Lebih dari 50 megapiksel."}]
    page = client.post(
        f"/newsroom/redaksi/naskah/{article['id']}/{'gambar' if target == 'images' else 'tangkapan'}",
        data={"file": (io.BytesIO(declared_png(20000, 20000)), "bom.png"), "alt": "Bom dekompresi"},
        headers=editor,
        content_type="multipart/form-data",
    )
    assert page.status_code == 413 and "megapiksel" in page.text


@pytest.mark.parametrize("field", ["from", "to"])
def test_a_revision_number_too_large_for_the_database_is_refused_naming_the_field(client, editor, release, field):
    article = create(client, editor, release)
    query = {"from": 1, "to": 1, field: BIG}
    answer = client.get(f"/api/newsroom/articles/{article['id']}/revisions/diff", query_string=query, headers=editor)
    assert answer.status_code == 422 and answer.json["errors"][0]["field"] == field
    page = client.get(
        f"/newsroom/redaksi/naskah/{article['id']}/revisi",
        query_string={{"from": "dari", "to": "ke"}[field]: BIG},
        headers=editor,
    )
    assert page.status_code == 404 and "Revisi tidak ada." in page.text


@pytest.fixture
def stored_app(app_with, tmp_path):
    return app_with(storage_dir=str(tmp_path / "files"))


def stored_files(app) -> list:
    from pathlib import Path

    return [p for p in Path(app.extensions["suite"].settings.storage_dir).rglob("*") if p.is_file()]


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_refused_upload_leaves_nothing_in_the_storage_dir(stored_app, editor, tokens, release):
    client = stored_app.test_client()
    draft = create(client, editor, release)
    base = f"/api/newsroom/articles/{draft['id']}"
    other_opd = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    assert upload(client, other_opd, f"{base}/attachments", PDF, name="a.pdf", label="Lampiran").status_code == 404
    assert upload(client, other_opd, f"{base}/images", png(400, 300), alt="Foto OPD lain").status_code == 404
    page = client.post(
        f"/newsroom/redaksi/naskah/{draft['id']}/lampiran",
        headers=other_opd,
        data={"file": (io.BytesIO(PDF), "a.pdf"), "label": "Lampiran"},
        content_type="multipart/form-data",
    )
    assert page.status_code == 404
    assert stored_files(stored_app) == [], "another OPD's refused upload"

    assert client.post(f"{base}/lock", headers=editor).status_code == 200
    other_editor = tokens.headers("newsroom:editor", username="redaktur.dua")
    locked = upload(client, other_editor, f"{base}/images", png(400, 300), alt="Foto saat terkunci")
    assert locked.status_code == 423 and locked.json["locked_by"] == "redaktur"
    assert upload(client, other_editor, f"{base}/attachments", PDF, name="a.pdf", label="Lampiran").status_code == 423
    assert stored_files(stored_app) == [], "while someone else edits the item"

    assert client.delete(f"{base}/lock", headers=editor).status_code == 200
    assert client.post(f"{base}/publish", headers=editor).status_code == 200
    own = tokens.headers("newsroom:contributor", username="humas.dinkes", opd="dinkes")
    published = upload(client, own, f"{base}/attachments", PDF, name="a.pdf", label="Lampiran")
    assert published.status_code == 409, "contributors change an item only while it is a draft"
    capture = upload(client, editor, f"{base}/capture", png(400, 300), alt="Bukan klarifikasi")
    assert capture.status_code == 422 and capture.json["errors"][0]["field"] == "file"
    assert client.post(f"{base}/withdraw", json={"reason": "Salah kirim"}, headers=editor).status_code == 200
    assert upload(client, editor, f"{base}/images", png(400, 300), alt="Foto terlambat").status_code == 409
    assert stored_files(stored_app) == [], "a published item by a contributor, a capture of a release, a withdrawn item"

    fresh = create(client, editor, release, title="Naskah dengan lampiran yang diterima")
    kept = upload(
        client, editor, f"/api/newsroom/articles/{fresh['id']}/attachments", PDF, name="a.pdf", label="Siaran lengkap"
    )
    assert kept.status_code == 201 and len(stored_files(stored_app)) == 1, "an accepted upload is kept"


def test_every_message_a_user_reads_about_a_refused_field_is_bahasa_indonesia(client, editor, release):
    article = create(client, editor, release)
    short_alt = upload(client, editor, f"/api/newsroom/articles/{article['id']}/images", png(50, 50), alt="ab")
    assert short_alt.json["errors"] == [{"field": "alt", "message": "Panjang 3-300 karakter."}]
    body = {**release, "summary": "x" * 501, "tags": ["Bukan Kode"], "byline": 5, "unknown": 1}
    refused = {
        e["field"]: e["message"]
        for e in client.post("/api/newsroom/articles", json=body, headers=editor).json["errors"]
    }
    assert refused == {
        "summary": "Paling banyak 500 karakter.",
        "tags.0": "Format tidak sesuai.",
        "byline": "Harus berupa teks.",
        "unknown": "Isian tidak dikenal.",
    }
    listed = client.get("/api/newsroom/articles", query_string={"limit": 1000}).json["errors"]
    assert listed == [
        {"field": "limit", "location": "query", "message": "Harus paling sedikit 1 dan paling banyak 100."}
    ]


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64])
def test_ids_too_large_for_the_database_on_articles_ninjs_and_attachments_are_4xx(client, editor, release, number):
    article = create(client, editor, release)
    for method, path in (
        ("get", f"/api/newsroom/articles/{number}"),
        ("get", f"/api/newsroom/articles/{number}.ninjs"),
        ("get", f"/newsroom/lampiran/{number}/siaran.pdf"),
        ("get", f"/newsroom/redaksi/naskah/{number}"),
        ("delete", f"/api/newsroom/articles/{article['id']}/attachments/{number}"),
        ("post", f"/api/newsroom/articles/{article['id']}/revisions/{number}/restore"),
    ):
        answer = getattr(client, method)(path, headers={**editor, "If-Match": f'"{article["id"]}-1"'})
        assert 400 <= answer.status_code < 500, (path, answer.status_code)
