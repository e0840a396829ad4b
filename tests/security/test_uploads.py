"""Uploads an attacker crafts: a PNG that is also an HTML page, a PDF that runs JavaScript, a decompression bomb, and
a file sent with a wrong tracking code. None is served to a browser as a page, the bomb is refused, and a refused
request leaves nothing in the storage directory."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

pytestmark = pytest.mark.security

SCRIPT = b"<html><body><script>alert(document.domain)</script></body></html>"
PDF_WITH_JAVASCRIPT = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 3 0 R /Names << /JavaScript 4 0 R >> >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"3 0 obj\n<< /S /JavaScript /JS (app.alert\\('pwned'\\)) >>\nendobj\n"
    b"4 0 obj\n<< /Names [(x) 3 0 R] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 20_000) -> bytes:
    """A well-formed 1-bit PNG of ``side`` x ``side`` pixels (400 million) that weighs a few kilobytes."""
    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def polyglot(helpers) -> bytes:
    """A valid PNG with an HTML page after its end: a browser that sniffs it runs the script."""
    return helpers.png() + SCRIPT


def served_safely(response) -> list[str]:
    """What makes a served file dangerous in a browser: shown as HTML, sniffable, or the payload shown inline."""
    problems = []
    if response.mimetype in ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml"):
        problems.append(f"served as {response.mimetype}")
    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        problems.append("without nosniff")
    inline = not response.headers.get("Content-Disposition", "").lower().startswith("attachment")
    if inline and (b"<script" in response.data or b"/JavaScript" in response.data):
        problems.append(
            f"inline ({response.headers.get('Content-Disposition', 'no Content-Disposition')}) with its script intact"
        )
    return problems


def published_dip_entry(service, helpers, officer) -> int:
    schema = service.spec.resolve(
        service.spec.document["paths"]["/api/ppid/dip"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    )
    body = {**helpers.example(schema), "category": "berkala", "opd": "dinkes", "made_on": "2026-01-05"}
    if "published" in schema.get("properties", {}):
        body["published"] = True
    made = service.client.post("/api/ppid/dip", json=body, headers=officer)
    assert made.status_code == 201, made.json
    entry_id = made.json["id"]
    if not made.json.get("published"):
        published = service.client.patch(f"/api/ppid/dip/{entry_id}", json={"published": True}, headers=officer)
        assert published.status_code == 200, published.json
    return entry_id


@pytest.mark.parametrize("payload", ["png-html polyglot", "pdf with javascript"])
def test_a_public_dip_file_is_never_a_page_in_the_browser(payload, service_of, helpers):
    ppid = service_of("ppid")
    officer = ppid.tokens.of("ppid:officer", username="petugas.ppid")
    entry_id = published_dip_entry(ppid, helpers, officer)
    content, name = (polyglot(helpers), "bagan.png") if payload.startswith("png") else (PDF_WITH_JAVASCRIPT, "dpa.pdf")
    uploaded = ppid.client.post(
        f"/api/ppid/dip/{entry_id}/file",
        data={"file": (io.BytesIO(content), name)},
        headers=officer,
        content_type="multipart/form-data",
    )
    if 400 <= uploaded.status_code < 500:
        assert uploaded.mimetype == helpers.PROBLEM_JSON
        return  # refused at the door: nothing to serve
    assert uploaded.status_code == 200, uploaded.get_data(as_text=True)
    served = ppid.client.get(f"/api/ppid/dip/{entry_id}/file")
    assert served.status_code == 200
    assert not served_safely(served), served_safely(served)


def test_a_public_kim_photo_that_is_also_html_is_never_a_page_in_the_browser(service_of, helpers):
    registry = service_of("registry")
    verifier = registry.tokens.of("registry:verifier", username="verifikator")
    group_id = registry.ids["group_id"]
    added = registry.client.post(
        f"/api/registry/kim/{group_id}/activities",
        headers=verifier,
        content_type="multipart/form-data",
        data={
            "held_on": "2027-02-01",
            "title": "Pelatihan jurnalistik warga",
            "photo": (io.BytesIO(polyglot(helpers)), "kegiatan.png"),
        },
    )
    if 400 <= added.status_code < 500:
        assert added.mimetype == helpers.PROBLEM_JSON
        return
    assert added.status_code == 201, added.get_data(as_text=True)
    activity = max(added.json["activities"], key=lambda a: a["id"])
    served = registry.client.get(f"/api/registry/kim/activities/{activity['id']}/photo")
    assert served.status_code == 200
    assert not served_safely(served), served_safely(served)


@pytest.mark.parametrize("endpoint", ["images", "capture"])
def test_a_20000_by_20000_png_bomb_on_newsroom_images_is_refused_and_not_stored(endpoint, service_of, helpers):
    newsroom = service_of("newsroom")
    owner = newsroom.tokens.of("newsroom:contributor", username="humas.dinkes", opd="dinkes")
    before = newsroom.stored_files()
    answer = newsroom.client.post(
        f"/api/newsroom/articles/{newsroom.ids['article_id']}/{endpoint}",
        headers=owner,
        content_type="multipart/form-data",
        data={"alt": "Peta lokasi", "file": (io.BytesIO(png_bomb()), "peta.png")},
    )
    assert 400 <= answer.status_code < 500, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == helpers.PROBLEM_JSON
    assert newsroom.stored_files() == before


def test_a_20000_by_20000_png_bomb_as_a_kim_photo_is_refused_and_not_stored(service_of, helpers):
    registry = service_of("registry")
    verifier = registry.tokens.of("registry:verifier", username="verifikator")
    before = registry.stored_files()
    answer = registry.client.post(
        f"/api/registry/kim/{registry.ids['group_id']}/activities",
        headers=verifier,
        content_type="multipart/form-data",
        data={"held_on": "2027-02-01", "title": "Kegiatan", "photo": (io.BytesIO(png_bomb()), "kegiatan.png")},
    )
    assert 400 <= answer.status_code < 500, answer.get_data(as_text=True)[:300]
    assert answer.mimetype == helpers.PROBLEM_JSON
    assert registry.stored_files() == before


@pytest.mark.parametrize("code", ["SALAH12345", "", None])
def test_a_reply_with_a_wrong_tracking_code_leaves_no_file_in_the_storage_dir(code, service_of, helpers):
    ppid = service_of("ppid")
    before = ppid.stored_files()
    form = {
        "registration_number": ppid.ids["number"],
        "body": "Berikut KTP saya",
        "file": (io.BytesIO(helpers.PDF + b"%" + b"x" * 200_000), "ktp.pdf"),
    }
    if code is not None:
        form["tracking_code"] = code
    answer = ppid.client.post("/api/ppid/track/messages", data=form, content_type="multipart/form-data")
    assert answer.status_code in (403, 404, 422), answer.get_data(as_text=True)[:300]
    assert answer.mimetype == helpers.PROBLEM_JSON
    assert ppid.stored_files() == before, "a refused reply left its file behind"


def test_another_opds_newsroom_attachment_leaves_no_file_in_the_storage_dir(service_of, helpers):
    newsroom = service_of("newsroom")
    stranger = newsroom.tokens.of("newsroom:contributor", username="humas.dispar", opd="dispar")
    before = newsroom.stored_files()
    answer = newsroom.client.post(
        f"/api/newsroom/articles/{newsroom.ids['article_id']}/attachments",
        headers=stranger,
        content_type="multipart/form-data",
        data={"label": "Lampiran", "file": (io.BytesIO(helpers.PDF + b"%x"), "x.pdf")},
    )
    assert answer.status_code in (403, 404), answer.get_data(as_text=True)[:300]
    assert newsroom.stored_files() == before, "a refused attachment left its file behind"


def test_another_outlets_registry_document_leaves_no_file_in_the_storage_dir(service_of, helpers):
    registry = service_of("registry")
    stranger = registry.tokens.of("media:partner", username="mitra-b")
    before = registry.stored_files()
    answer = registry.client.put(
        f"/api/registry/applications/{registry.ids['application_id']}/documents/akta",
        headers=stranger,
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(helpers.PDF + b"%lain"), "akta.pdf")},
    )
    assert answer.status_code in (403, 404), answer.get_data(as_text=True)[:300]
    assert registry.stored_files() == before, "a refused document left its file behind"
