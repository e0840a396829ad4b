"""PPID files in the shared S3 store (a real S3-protocol server): message attachments and DIP documents are
written only with a committed change, served from the bucket by any replica, and a hidden DIP document is never
served to the public whatever its name or hash."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from chassis.testing import object_key

DIP_ENTRY = {"title": "Renstra Diskominfo 2026-2031", "summary": "Rencana strategis", "category": "setiap_saat",
             "opd": "diskominfo", "responsible": "Sekretaris", "made_on": "2026-02-01", "form": "soft_copy",
             "retention": "Permanen", "published": True}  # fmt: skip


@pytest.fixture
def app(s3_app):
    return s3_app


@pytest.fixture
def prefix(s3_prefix) -> str:
    return s3_prefix


def unique_pdf() -> bytes:
    return b"%PDF-1.4\n" + os.urandom(32).hex().encode() + b"\n%%EOF\n"


def reply(client, receipt, content, code=None):
    return client.post(
        "/api/ppid/track/messages",
        data={"registration_number": receipt["registration_number"],
              "tracking_code": code or receipt["tracking_code"], "body": "Terlampir.",
              "file": (io.BytesIO(content), "surat.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip


def test_a_requesters_file_goes_to_the_bucket_and_another_replica_serves_it(
    app, app_with, client, officer, valid_request, s3_server, prefix, tmp_path, monkeypatch
):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    content = unique_pdf()
    assert reply(client, receipt, content).status_code == 201
    assert s3_server.keys(prefix) == [object_key(prefix, content)]
    assert not (tmp_path / "replica-a" / "ppid-files").exists(), "nothing on the replica's disk"
    number = receipt["registration_number"]
    monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path / "replica-b"))
    shared = app.extensions["suite"].settings.file_store
    other = app_with(file_store=shared).test_client()
    message_id = other.get(f"/api/ppid/requests/{number}", headers=officer).json["messages"][0]["id"]
    got = other.get(f"/api/ppid/requests/{number}/messages/{message_id}/file", headers=officer)
    mine = other.post(
        f"/api/ppid/track/messages/{message_id}/file",
        json={"registration_number": number, "tracking_code": receipt["tracking_code"]},
    )
    assert got.status_code == 200 and got.data == content
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff" and got.headers["Cache-Control"] == "private, no-store"
    assert mine.status_code == 200 and mine.data == content


def test_a_reply_with_a_wrong_tracking_code_leaves_no_object_in_the_bucket(client, valid_request, s3_server, prefix):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    refused = reply(client, receipt, unique_pdf(), code="ZZZZZZZZZZ")
    assert refused.status_code in (403, 404), refused.json
    assert s3_server.keys(prefix) == []


def test_a_hidden_dip_document_is_not_served_to_the_public_from_the_bucket(client, officer, s3_server, prefix):
    created = client.post("/api/ppid/dip", json=DIP_ENTRY, headers=officer).json
    content = unique_pdf()
    url = f"/api/ppid/dip/{created['id']}/file"
    upload = client.post(url, data={"file": (io.BytesIO(content), "Renstra.pdf")}, headers=officer,
                         content_type="multipart/form-data")  # fmt: skip
    assert upload.status_code == 200, upload.json
    assert s3_server.keys(prefix) == [object_key(prefix, content)]
    public = client.get(url)
    assert public.status_code == 200 and public.data == content
    assert public.headers["Content-Disposition"].startswith("attachment")
    assert public.headers["X-Content-Type-Options"] == "nosniff"
    assert client.patch(f"/api/ppid/dip/{created['id']}", json={"published": False}, headers=officer).status_code == 200
    assert client.get(url).status_code == 404, "the object is still in the bucket, the entry hides it"
    assert client.get(url, headers=officer).data == content


def test_the_sweep_keeps_every_referenced_file_and_removes_an_orphan(app, client, valid_request, s3_server, prefix):
    from chassis import filestore

    receipt = client.post("/api/ppid/requests", json=valid_request).json
    kept = unique_pdf()
    assert reply(client, receipt, kept).status_code == 201
    orphan = unique_pdf()  # as a crash between the write and the commit leaves it
    store = filestore.of(app.extensions["suite"].settings)
    store.put(hashlib.sha256(orphan).hexdigest(), orphan, "application/pdf")
    swept = app.test_cli_runner().invoke(args=["files-sweep", "--grace-minutes", "0"])
    assert swept.exit_code == 0, swept.output
    assert s3_server.keys(prefix) == [object_key(prefix, kept)]
