"""Newsroom files in the shared S3 store (a real S3-protocol server): images and attachments are written only with
a committed change, served from the bucket by any replica, and a draft's files never reach the public."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from chassis import filestore

BASE = "https://diskominfo.example.go.id"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def app(s3_app):
    return s3_app


@pytest.fixture
def prefix(s3_prefix) -> str:
    return s3_prefix


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, headers, path, data: bytes, name="foto.png", **form):
    return client.post(
        path, data={"file": (io.BytesIO(data), name), **form}, headers=headers, content_type="multipart/form-data"
    )


def draft(client, editor, release) -> str:
    made = client.post("/api/newsroom/articles", json=release, headers=editor)
    assert made.status_code == 201, made.json
    return f"/api/newsroom/articles/{made.json['id']}"


def test_an_image_and_an_attachment_go_to_the_bucket_and_another_replica_serves_them(
    app, app_with, client, editor, release, s3_server, prefix, tmp_path, monkeypatch
):
    base = draft(client, editor, release)
    picture = upload(client, editor, f"{base}/images", png(400, 300), alt="Foto kegiatan")
    assert picture.status_code == 201, picture.json
    attached = upload(client, editor, f"{base}/attachments", PDF, name="siaran.pdf", label="Siaran lengkap")
    assert attached.status_code == 201, attached.json
    assert len(s3_server.keys(prefix)) == 3, "two renditions (320 and the original 400 wide) and the attachment"
    assert not (tmp_path / "replica-a" / "newsroom-files").exists(), "nothing on the replica's disk"
    assert client.post(f"{base}/publish", headers=editor).status_code == 200
    image_url = picture.json["images"][0]["renditions"]["400"].removeprefix(BASE)
    file_url = attached.json["attachments"][0]["url"].removeprefix(BASE)

    monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path / "replica-b"))
    shared = app.extensions["suite"].settings.file_store
    other = app_with(file_store=shared).test_client()
    image, document = other.get(image_url), other.get(file_url)
    assert image.status_code == 200 and image.mimetype == "image/jpeg" and image.data.startswith(b"\xff\xd8\xff")
    assert image.headers["X-Content-Type-Options"] == "nosniff" and "immutable" in image.headers["Cache-Control"]
    assert not image.headers.get("Content-Disposition", "inline").startswith("attachment"), "shown on the page"
    assert document.status_code == 200 and document.data == PDF
    assert document.headers["Content-Disposition"].startswith("attachment")
    assert document.headers["X-Content-Type-Options"] == "nosniff"


def test_a_drafts_files_in_the_bucket_are_not_served_to_the_public(client, editor, release):
    base = draft(client, editor, release)
    picture = upload(client, editor, f"{base}/images", png(320, 200), alt="Foto draf")
    attached = upload(client, editor, f"{base}/attachments", PDF, name="draf.pdf", label="Draf")
    image_url = picture.json["images"][0]["renditions"]["320"].removeprefix(BASE)
    file_url = attached.json["attachments"][0]["url"].removeprefix(BASE)
    assert client.get(image_url).status_code == 404 and client.get(file_url).status_code == 404
    staff = client.get(image_url, headers=editor)
    assert staff.status_code == 200 and staff.headers["Cache-Control"] == "private, no-store"
    assert client.get(file_url, headers=editor).status_code == 200


def test_another_opds_refused_upload_leaves_no_object_in_the_bucket(client, editor, tokens, release, s3_server, prefix):
    base = draft(client, editor, release)
    other_opd = tokens.headers("newsroom:contributor", username="humas.dishub", opd="dishub")
    assert upload(client, other_opd, f"{base}/attachments", PDF, name="a.pdf", label="Lampiran").status_code == 404
    assert upload(client, other_opd, f"{base}/images", png(400, 300), alt="Foto OPD lain").status_code == 404
    assert s3_server.keys(prefix) == []


def test_the_sweep_keeps_images_and_attachments_and_removes_an_orphan(app, client, editor, release, s3_server, prefix):
    base = draft(client, editor, release)
    assert upload(client, editor, f"{base}/images", png(400, 300), alt="Foto").status_code == 201
    assert upload(client, editor, f"{base}/attachments", PDF, name="a.pdf", label="Lampiran").status_code == 201
    kept = s3_server.keys(prefix)
    store = filestore.of(app.extensions["suite"].settings)
    store.put("f" * 64, b"left by a crash", "application/octet-stream")
    swept = app.test_cli_runner().invoke(args=["files-sweep", "--grace-minutes", "0"])
    assert swept.exit_code == 0, swept.output
    assert s3_server.keys(prefix) == kept


def test_the_public_list_shows_a_thumbnail_only_for_an_item_with_an_image(client, editor, release):
    with_picture = draft(client, editor, release)
    picture = upload(client, editor, f"{with_picture}/images", png(400, 300), alt="Foto kegiatan")
    assert picture.status_code in (200, 201), picture.json
    assert client.post(f"{with_picture}/publish", headers=editor).status_code == 200
    without = draft(client, editor, {**release, "title": "Pengumuman tanpa gambar"})
    assert client.post(f"{without}/publish", headers=editor).status_code == 200
    page = client.get("/newsroom/").text
    assert page.count('class="thumbnail"') == 1
    assert 'alt="Foto kegiatan"' in page
