"""Public reads carry a short shared max-age and an ETag, and answer If-None-Match with 304 until they change."""

from __future__ import annotations

import pytest


def publish(client, editor, release, **changes):
    created = client.post("/api/newsroom/articles", json={**release, **changes}, headers=editor)
    assert created.status_code == 201, created.json
    url = f"/api/newsroom/articles/{created.json['id']}"
    published = client.post(f"{url}/publish", headers={**editor, "If-Match": created.headers["ETag"]})
    assert published.status_code == 200, published.json
    return published


def revalidate(client, path: str, **headers):
    """The first answer (200, cacheable, with an ETag) and the conditional one that names its ETag."""
    first = client.get(path, headers=headers)
    assert first.status_code == 200, first.data[:300]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    etag = first.headers["ETag"]
    again = client.get(path, headers={**headers, "If-None-Match": etag})
    return first, etag, again


@pytest.mark.parametrize(
    "path",
    [
        "/api/newsroom/articles",
        "/api/newsroom/articles?type=release&limit=5",
        "/newsroom/feed.rss",
        "/newsroom/feed.atom",
        "/newsroom/",
    ],
)
def test_lists_and_feeds_answer_304_until_a_new_item_is_published(client, editor, release, path):
    publish(client, editor, release)
    first, etag, again = revalidate(client, path)
    assert etag.startswith('W/"'), "a weak ETag over the answer's body"
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "public, max-age=60"
    assert client.get(path, headers={"If-None-Match": 'W/"something-else"'}).status_code == 200
    publish(client, editor, release, title="Dinas Pendidikan membuka pendaftaran sekolah")
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_an_item_and_its_page_answer_304_until_corrected_and_410_once_withdrawn(client, editor, release):
    article = publish(client, editor, release).json
    api, page = f"/api/newsroom/articles/{article['id']}", f"/newsroom/berita/{article['slug']}"
    first, version, again = revalidate(client, api)
    assert version == f'"{article["id"]}-{article["version"]}"', "the item's own version, as writes check it"
    assert again.status_code == 304 and again.data == b""
    _, page_etag, page_again = revalidate(client, page)
    assert page_again.status_code == 304
    corrected = client.post(
        f"{api}/correct",
        json={"note": "Jumlah kelurahan diperbaiki.", "body_html": "<p>Dimulai Senin di 14 kelurahan.</p>"},
        headers={**editor, "If-Match": version},
    )
    assert corrected.status_code == 200, corrected.json
    assert client.get(api, headers={"If-None-Match": version}).status_code == 200
    assert client.get(page, headers={"If-None-Match": page_etag}).status_code == 200
    withdrawn = client.post(
        f"{api}/withdraw", json={"reason": "Salah sasaran."}, headers={**editor, "If-Match": corrected.headers["ETag"]}
    )
    assert withdrawn.status_code == 200, withdrawn.json
    assert client.get(api, headers={"If-None-Match": corrected.headers["ETag"]}).status_code == 410
    assert client.get(page, headers={"If-None-Match": page_etag}).status_code == 410


def test_staff_reads_are_never_shared_nor_answered_304(client, editor, release):
    created = client.post("/api/newsroom/articles", json=release, headers=editor)
    draft = client.get(f"/api/newsroom/articles/{created.json['id']}", headers=editor)
    assert draft.status_code == 200 and "public" not in draft.headers.get("Cache-Control", "")
    again = client.get(
        f"/api/newsroom/articles/{created.json['id']}", headers={**editor, "If-None-Match": draft.headers["ETag"]}
    )
    assert again.status_code == 200 and again.json["id"] == created.json["id"]
