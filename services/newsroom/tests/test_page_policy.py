"""Pages work under the suite's policy (``script-src 'self'; style-src 'self'``): no inline style or script."""

from __future__ import annotations

import re

import pytest

INLINE = re.compile(r"<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)(?![^>]*application/ld\+json)", re.I)


def create(client, headers, release, **changes) -> dict:
    response = client.post("/api/newsroom/articles", json={**release, **changes}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def pages(client, editor, release):
    claim = {
        "claim_text": "Pesan berantai tentang vaksin berbayar.",
        "claim_channel": "WhatsApp",
        "first_seen": "2026-11-20",
        "verdict": "HOAKS",
        "facts": "Vaksinasi keliling tidak dipungut biaya.",
        "sources": [{"kind": "authority", "name": "Dinas Kesehatan"}],
    }
    item = create(client, editor, release, type="clarification", clarification=claim)
    assert client.post(f"/api/newsroom/articles/{item['id']}/publish", headers=editor).status_code == 200
    draft = create(client, editor, release, title="Draf untuk halaman konsol")
    assert client.post(f"/api/newsroom/articles/{draft['id']}/lock", headers=editor).status_code == 200
    public = ["/newsroom/", f"/newsroom/berita/{item['slug']}", "/newsroom/cari?q=vaksin", "/newsroom/jenis/release"]
    console = [
        "/newsroom/redaksi",
        "/newsroom/redaksi/naskah/baru",
        f"/newsroom/redaksi/naskah/{draft['id']}",
        f"/newsroom/redaksi/naskah/{item['id']}/revisi",
        "/newsroom/redaksi/angka",
    ]
    return public, console


def test_no_page_carries_inline_style_or_script(client, editor, pages):
    public, console = pages
    for path in public + console:
        page = client.get(path, headers=editor if path in console else {})
        assert page.status_code == 200, path
        assert not INLINE.findall(page.text), path
        assert re.search(r'<link rel="stylesheet" href="/newsroom/aset/(portal|console)\.css">', page.text), path


@pytest.mark.parametrize("name", ["portal.css", "console.css", "editor.js"])
def test_the_style_sheets_and_the_editor_are_served_by_the_service(client, name):
    served = client.get(f"/newsroom/aset/{name}")
    assert served.status_code == 200
    assert served.mimetype == ("text/css" if name.endswith(".css") else "text/javascript")
