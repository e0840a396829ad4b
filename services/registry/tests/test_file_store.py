"""Registry files in the shared S3 store (a real S3-protocol server): written only with a committed change, served
from the bucket by any replica, never left behind by a refused upload."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from chassis.testing import TINY_PNG

PDF = b"%PDF-1.7\n"


@pytest.fixture
def app(s3_app):
    return s3_app


@pytest.fixture
def prefix(s3_prefix) -> str:
    return s3_prefix


def unique_pdf() -> bytes:
    return PDF + os.urandom(32) + b"\n%%EOF\n"


def multipart(client, method, url, headers, **data):
    return client.open(url, method=method, data=data, headers=headers, content_type="multipart/form-data")


@pytest.fixture
def applying(client, verifier, tokens, outlet, new_period):
    """Two outlets, each with a draft application asking for the deed: [(headers, application id), ...]."""
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period_id = new_period(requirements=[{"code": "akta"}])["id"]
    found = []
    for n in range(2):
        headers = tokens.headers("media:partner", username=f"s3outlet{n}")
        body = {**outlet, "brand": f"Media S3 {n}", "npwp": f"01234567890200{n}"}
        assert client.post("/api/registry/outlets", json=body, headers=headers).status_code == 201
        made = client.post("/api/registry/applications", json={"period_id": period_id}, headers=headers)
        found.append((headers, made.json["id"]))
    return found


def test_a_document_goes_to_the_bucket_and_another_replica_serves_it(
    app, app_with, client, applying, s3_server, prefix, tmp_path, monkeypatch
):
    (mine, app_id), _ = applying
    content = unique_pdf()
    digest = hashlib.sha256(content).hexdigest()
    url = f"/api/registry/applications/{app_id}/documents/akta"
    assert multipart(client, "PUT", url, mine, file=(io.BytesIO(content), "akta.pdf")).status_code == 200
    assert s3_server.keys(prefix) == [f"{prefix}{digest[:2]}/{digest}"]
    assert not list((tmp_path / "replica-a").rglob(digest)), "nothing on the replica's disk"
    monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path / "replica-b"))
    shared = app.extensions["suite"].settings.file_store
    got = app_with(file_store=shared).test_client().get(f"{url}/file", headers=mine)
    assert got.status_code == 200 and got.data == content
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Cache-Control"] == "private, no-store"


def test_a_refused_upload_leaves_no_object_in_the_bucket(client, applying, s3_server, prefix):
    (mine, _), (_, their_app) = applying
    url = f"/api/registry/applications/{their_app}/documents/akta"
    refused = multipart(client, "PUT", url, mine, file=(io.BytesIO(unique_pdf()), "akta.pdf"))
    assert refused.status_code == 404
    assert s3_server.keys(prefix) == []


def test_another_outlets_document_is_not_served_from_the_bucket(client, applying):
    (mine, my_app), (theirs, their_app) = applying
    url = f"/api/registry/applications/{their_app}/documents/akta"
    assert multipart(client, "PUT", url, theirs, file=(io.BytesIO(unique_pdf()), "akta.pdf")).status_code == 200
    assert client.get(f"{url}/file", headers=mine).status_code == 404
    assert client.get(f"{url}/file", headers=theirs).status_code == 200


def test_a_kim_photo_from_the_bucket_is_an_inline_image_with_nosniff(client, verifier, s3_server, prefix):
    group = client.post(
        "/api/registry/kim",
        headers=verifier,
        json={"region_code": "71.74.01.2001", "name": "KIM Bucket", "chair": "Ibu Ketua"},
    )
    assert group.status_code == 201, group.json
    activity = {"held_on": "2026-11-02", "title": "Literasi digital", "photo": (io.BytesIO(TINY_PNG), "foto.png")}
    made = multipart(client, "POST", f"/api/registry/kim/{group.json['id']}/activities", verifier, **activity)
    assert made.status_code == 201, made.json
    assert len(s3_server.keys(prefix)) == 1
    photo = client.get(made.json["activities"][0]["photo_url"])
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert photo.headers["Content-Disposition"].startswith("inline")
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in photo.headers["Content-Security-Policy"]
