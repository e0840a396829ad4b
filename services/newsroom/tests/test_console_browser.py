"""The issue's newsroom scenario in headless Chromium: contributor, editor and visitor, no JavaScript of ours."""

from __future__ import annotations

import io

import feedparser
import pytest
from PIL import Image
from playwright.sync_api import expect

from chassis.testing import live_server


def go(locator) -> None:
    """Click and wait for the page it leads to (form posts and links), so the next check reads the new page."""
    with locator.page.expect_navigation():
        locator.click()


@pytest.fixture
def as_user(chromium, tokens):
    contexts = []

    def open_page(*roles, **claims):
        headers = {"Authorization": f"Bearer {tokens.token(*roles, **claims)}"}
        context = chromium.new_context(locale="id-ID", extra_http_headers=headers)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_draft_with_an_image_return_fix_publish_find_and_withdraw(app, client, page, as_user, tmp_path):
    photo = tmp_path / "posko.png"
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 40, 40)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    with live_server(app) as site:
        humas = as_user("newsroom:contributor", username="humas.dinkes", opd="dinkes")
        humas.goto(f"{site}/newsroom/redaksi")
        go(humas.get_by_role("link", name="Tulis naskah baru"))
        humas.get_by_label("Judul").fill("Posko kesehatan dibuka untuk korban banjir")
        humas.get_by_label("Isi").fill("<p>Posko di balai kelurahan buka 24 jam.</p>")
        humas.get_by_label("Topik (pisahkan dengan koma)").fill("banjir, kesehatan")
        go(humas.get_by_role("button", name="Simpan"))
        assert "Draf tersimpan" in humas.get_by_role("status").inner_text()
        humas.get_by_label("Berkas gambar (JPEG atau PNG)").set_input_files(str(photo))
        humas.get_by_label("Teks alternatif (apa yang tampak)").fill("Petugas melayani warga di posko")
        go(humas.get_by_role("button", name="Unggah gambar"))
        expect(humas.get_by_role("img", name="Petugas melayani warga di posko")).to_be_visible()
        assert humas.get_by_role("button", name="Terbitkan sekarang").count() == 0, "contributors do not publish"
        go(humas.get_by_role("button", name="Ajukan ke redaktur"))
        item_url = humas.url.split("?")[0]

        editor = as_user("newsroom:editor", username="redaktur")
        editor.goto(f"{site}/newsroom/redaksi")
        go(editor.get_by_role("link", name="Posko kesehatan dibuka untuk korban banjir"))
        editor.get_by_label("Catatan").fill("Sebutkan nomor telepon posko.")
        go(editor.get_by_role("button", name="Kembalikan dengan catatan"))

        humas.goto(item_url)
        assert "Sebutkan nomor telepon posko." in humas.content()
        humas.get_by_label("Isi").fill("<p>Posko di balai kelurahan buka 24 jam, telepon 0434-21000.</p>")
        go(humas.get_by_role("button", name="Simpan"))
        go(humas.get_by_role("button", name="Ajukan ke redaktur"))

        editor.goto(item_url)
        go(editor.get_by_role("button", name="Terbitkan sekarang"))
        assert editor.locator("#status").inner_text() == "Terbit"

        page.goto(f"{site}/newsroom/")
        page.get_by_label("Cari berita").fill("posko telepon")
        go(page.get_by_role("button", name="Cari"))
        go(page.get_by_role("link", name="Posko kesehatan dibuka untuk korban banjir"))
        assert "0434-21000" in page.content()
        expect(page.get_by_role("img", name="Petugas melayani warga di posko")).to_be_visible()
        feed = feedparser.parse(client.get("/newsroom/feed.rss").data)
        assert [e.title for e in feed.entries] == ["Posko kesehatan dibuka untuk korban banjir"]

        editor.get_by_label("Alasan penarikan").fill("Posko dipindahkan; rilis baru menyusul")
        go(editor.get_by_role("button", name="Tarik"))
        page.reload()
        assert "telah ditarik" in page.content() and "0434-21000" not in page.content()
        assert feedparser.parse(client.get("/newsroom/feed.rss").data).entries == []
