"""Issue 12, registry: an upload is kept only when its change is: refused uploads leave nothing in the file store."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os

import pytest
from werkzeug.datastructures import FileStorage

from chassis import files
from chassis.testing import TINY_PNG

PNG = TINY_PNG
PDF = b"%PDF-1.7\n"


def unique(head: bytes) -> bytes:
    return head + os.urandom(32) + b"\n%%EOF\n"


def unique_image() -> bytes:
    """A PNG no other test sends: image uploads are written anew, so random bytes after it would not tell it apart."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (4, 4), os.urandom(48)).save(buffer, "PNG")
    return buffer.getvalue()


def stored(app, content: bytes) -> bool:
    """Whether the upload is in the store: as sent, or as the picture an image upload is written anew as."""
    root = files.storage_root(app.extensions["suite"].settings.storage_dir, "registry-files")
    digests = {hashlib.sha256(content).hexdigest()}
    if content.startswith(TINY_PNG[:8]):
        digests.add(files.accept_image(FileStorage(io.BytesIO(content), "x.png"), len(content) + 1024).sha256)
    return any(files.path_of(root, digest).exists() for digest in digests)


def multipart(client, method, url, headers, **data):
    return client.open(url, method=method, data=data, headers=headers, content_type="multipart/form-data")


@pytest.fixture
def two_outlets_applying(client, verifier, tokens, outlet, new_period):
    """Two outlets, each with a draft application in one period asking for the deed."""
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period_id = new_period(requirements=[{"code": "akta"}])["id"]
    found = []
    for n in range(2):
        headers = tokens.headers("media:partner", username=f"outlet{n}")
        client.post(
            "/api/registry/outlets",
            json={**outlet, "brand": f"Media {n}", "npwp": f"01234567890100{n}"},
            headers=headers,
        )
        app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=headers).json["id"]
        found.append((headers, app_id))
    return found


def test_a_refused_upload_to_another_outlets_application_leaves_nothing_in_the_store(app, client, two_outlets_applying):
    (mine, _my_app), (_other, their_app) = two_outlets_applying
    content = unique(PDF)
    url = f"/api/registry/applications/{their_app}/documents/akta"
    refused = multipart(client, "PUT", url, mine, file=(io.BytesIO(content), "akta.pdf"))
    assert refused.status_code == 404
    assert not stored(app, content)
    page = multipart(
        client,
        "POST",
        f"/registry/mitra/pendaftaran/{their_app}/dokumen/akta",
        mine,
        file=(io.BytesIO(content), "akta.pdf"),
    )
    assert page.status_code == 404 and not stored(app, content)


def test_an_upload_refused_for_the_applications_state_leaves_nothing_and_an_accepted_one_is_kept(
    app, client, verifier, two_outlets_applying
):
    (mine, app_id), _ = two_outlets_applying
    url = f"/api/registry/applications/{app_id}"
    first = unique(PDF)
    assert multipart(client, "PUT", f"{url}/documents/akta", mine, file=(io.BytesIO(first), "a.pdf")).status_code == 200
    assert stored(app, first)
    assert client.post(f"{url}/submit", headers=mine).status_code == 200
    late = unique(PDF)
    refused = multipart(client, "PUT", f"{url}/documents/akta", mine, file=(io.BytesIO(late), "b.pdf"))
    assert refused.status_code == 409 and not stored(app, late)


def test_a_refused_proof_or_spj_or_kim_photo_leaves_nothing_in_the_store(
    app, client, verifier, contract_with, file_proof
):
    today = app.extensions["suite"].settings.local_date()
    partner, contract = contract_with(
        value=1_000_000,
        quota=1,
        rate=1_000_000,
        starts_on=today.isoformat(),
        ends_on=(today + dt.timedelta(days=30)).isoformat(),
    )
    shot = unique_image()
    missing_release = file_proof(
        partner,
        screenshot=shot,
        contract_id=contract["id"],
        release_id=999,
        url="https://t.example.id/x",
        published_on=today.isoformat(),
    )
    assert missing_release.status_code == 404 and not stored(app, shot)
    spj = unique(PDF)
    future = (today.replace(day=1) + dt.timedelta(days=62)).strftime("%Y-%m")
    refused = multipart(
        client,
        "POST",
        f"/api/registry/contracts/{contract['id']}/payments/{future}/documents",
        partner,
        file=(io.BytesIO(spj), "spj.pdf"),
    )
    assert refused.status_code in (404, 409) and not stored(app, spj)
    photo = unique_image()
    no_group = multipart(
        client,
        "POST",
        "/api/registry/kim/999999/activities",
        verifier,
        held_on=today.isoformat(),
        title="Rapat",
        photo=(io.BytesIO(photo), "foto.png"),
    )
    assert no_group.status_code == 404 and not stored(app, photo)


def test_a_kim_photo_polyglot_is_served_as_an_image_never_as_a_page(app, client, verifier):
    group = client.post(
        "/api/registry/kim",
        headers=verifier,
        json={"region_code": "71.74.01.2001", "name": "KIM Sinindian", "chair": "Ibu Ketua"},
    )
    assert group.status_code == 201, group.json
    polyglot = PNG + b"<html><body><script>alert(document.cookie)</script></body></html>" + os.urandom(8)
    activity = {"held_on": "2026-11-02", "title": "Literasi digital", "photo": (io.BytesIO(polyglot), "foto.html")}
    made = multipart(client, "POST", f"/api/registry/kim/{group.json['id']}/activities", verifier, **activity)
    assert made.status_code == 201, made.json
    url = made.json["activities"][0]["photo_url"]
    photo = client.get(url)
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in photo.headers["Content-Security-Policy"]
    assert (
        photo.headers["Content-Disposition"].startswith("inline")
        and ".html" not in photo.headers["Content-Disposition"]
    )


def test_private_documents_are_attachments_with_nosniff(app, client, two_outlets_applying):
    (mine, app_id), _ = two_outlets_applying
    url = f"/api/registry/applications/{app_id}/documents/akta"
    multipart(client, "PUT", url, mine, file=(io.BytesIO(unique(PDF)), "akta.pdf"))
    got = client.get(f"{url}/file", headers=mine)
    assert got.status_code == 200 and got.headers["Content-Disposition"].startswith("attachment")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
