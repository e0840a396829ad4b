"""The thread between officers and the requester: both ways, files checked by content, mailed to the other side."""

from __future__ import annotations

import io

import pytest

from chassis.testing import queued_mail

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def app(app_with, tmp_path):
    return app_with(
        storage_dir=str(tmp_path / "files"),
        attachment_max_bytes=2048,
        ppid_officer_email="ppid@kotamobagu.example.id",
    )


def mails(app):
    return [(r.to_address, r.subject, r.body) for r in queued_mail(app)]


def test_officer_asks_requester_answers_with_a_file_and_both_see_the_thread(
    app, client, officer, opd_officer, valid_request, tmp_path
):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number, code = receipt["registration_number"], receipt["tracking_code"]
    asked = client.post(
        f"/api/ppid/requests/{number}/messages", json={"body": "DPA tahun berapa yang dimaksud?"}, headers=officer
    )
    assert asked.status_code == 201 and asked.json["author"] == "petugas.ppid"
    assert any(to == "siti@example.id" and "Pesan dari petugas" in subject for to, subject, _ in mails(app))

    answer = client.post(
        "/api/ppid/track/messages",
        data={
            "registration_number": number,
            "tracking_code": code,
            "body": "Tahun 2026, terlampir surat kami.",
            "file": (io.BytesIO(PDF), "../../etc/surat kami.PDF"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["from_requester"] is True and answer.json["file_type"] == "application/pdf"
    assert answer.json["file_name"] == "surat-kami.pdf", "never the path the client sent"
    assert any(to == "ppid@kotamobagu.example.id" for to, _, _ in mails(app))
    stored = list((tmp_path / "files").rglob("*"))
    assert any(p.is_file() and p.read_bytes() == PDF for p in stored)

    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert [m["body"][:4] for m in detail["messages"]] == ["DPA ", "Tahu"]
    message_id = detail["messages"][1]["id"]
    download = client.get(f"/api/ppid/requests/{number}/messages/{message_id}/file", headers=officer)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert (
        client.get(f"/api/ppid/requests/{number}/messages/{message_id}/file", headers=opd_officer("dishub")).status_code
        == 404
    )

    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code}).json
    assert len(tracked["messages"]) == 2
    mine = client.post(
        f"/api/ppid/track/messages/{message_id}/file", json={"registration_number": number, "tracking_code": code}
    )
    assert mine.status_code == 200 and mine.data == PDF
    wrong = client.post(
        f"/api/ppid/track/messages/{message_id}/file",
        json={"registration_number": number, "tracking_code": "AAAAAAAAAA"},
    )
    assert wrong.status_code == 404


def test_files_are_checked_by_content_and_size(client, officer, valid_request):
    number = client.post("/api/ppid/requests", json=valid_request).json["registration_number"]
    url = f"/api/ppid/requests/{number}/messages"
    fake = client.post(
        url,
        data={"body": "x", "file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "laporan.pdf")},
        headers=officer,
        content_type="multipart/form-data",
    )
    assert fake.status_code == 415 and fake.json["errors"][0]["field"] == "file"
    big = client.post(
        url,
        data={"body": "x", "file": (io.BytesIO(PNG + b"\x00" * 4096), "foto.png")},
        headers=officer,
        content_type="multipart/form-data",
    )
    assert big.status_code == 413
    empty = client.post(url, json={"body": "  "}, headers=officer)
    assert empty.status_code == 422 and empty.json["errors"][0]["field"] == "body"
    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert detail["messages"] == [], "a refused message stores nothing"
