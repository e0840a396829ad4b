"""The issue's newsroom scenario in headless Chromium: contributor and editor without JavaScript (the plain fields),
then the rich-text editor, the soft lock, the revision diff and attached files with JavaScript on."""

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


REFUSED = []  # what Chromium refused under the pages' Content-Security-Policy, for the test that opened them


@pytest.fixture
def as_user(chromium, tokens):
    contexts = []
    REFUSED.clear()

    def open_page(*roles, javascript=False, **claims):
        headers = {"Authorization": f"Bearer {tokens.token(*roles, **claims)}"}
        context = chromium.new_context(locale="id-ID", extra_http_headers=headers, java_script_enabled=javascript)
        contexts.append(context)
        opened = context.new_page()
        opened.on("console", lambda m: REFUSED.append(m.text) if "Content Security Policy" in m.text else None)
        return opened

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
        assert humas.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "1440px", "wide desk"
        assert humas.locator("header.suite-header").count() == 1, "the suite's one header, the desk's nav below it"
        assert humas.get_by_role("navigation", name="Redaksi").get_by_role("link", name="Redaksi").count() == 1
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
        assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "704px", "portal sheet"
        assert page.locator("header").count() == 1 and page.get_by_role("navigation", name="Berita").count() == 1
        feed = feedparser.parse(client.get("/newsroom/feed.rss").data)
        assert [e.title for e in feed.entries] == ["Posko kesehatan dibuka untuk korban banjir"]

        editor.get_by_label("Alasan penarikan").fill("Posko dipindahkan; rilis baru menyusul")
        go(editor.get_by_role("button", name="Tarik"))
        page.reload()
        assert "telah ditarik" in page.content() and "0434-21000" not in page.content()
        assert feedparser.parse(client.get("/newsroom/feed.rss").data).entries == []
    assert REFUSED == [], "nothing on the pages is refused by their Content-Security-Policy"


def test_the_toolbar_writes_rich_text_that_is_saved_sanitised(app, client, as_user, tokens):
    editor_headers = tokens.headers("newsroom:editor", username="redaktur")
    with live_server(app) as site:
        humas = as_user("newsroom:contributor", username="humas.dinkes", opd="dinkes", javascript=True)
        errors = []
        humas.on("pageerror", lambda error: errors.append(str(error)))
        humas.goto(f"{site}/newsroom/redaksi/naskah/baru")
        expect(humas.locator("textarea#body_html")).to_be_hidden()
        humas.get_by_label("Judul").fill("Jadwal posko kesehatan pekan ini")
        body = humas.get_by_role("textbox", name="Isi")
        body.click()
        humas.keyboard.type("Jadwal posko")
        humas.get_by_role("button", name="Subjudul").click()
        humas.keyboard.press("End")
        humas.keyboard.press("Enter")
        humas.get_by_role("button", name="Paragraf").click()
        humas.keyboard.type("Posko buka ")
        humas.get_by_role("button", name="Tebal").click()
        humas.keyboard.type("24 jam")
        humas.get_by_role("button", name="Tebal").click()
        humas.keyboard.type(" di balai kelurahan.")
        humas.keyboard.press("Enter")
        humas.get_by_role("button", name="Daftar").click()
        humas.keyboard.type("Kelurahan Gogagoman")
        humas.keyboard.press("Shift+Home")
        humas.once("dialog", lambda dialog: dialog.accept("https://dinkes.example.go.id/posko"))
        humas.get_by_role("button", name="Tautan").click()
        go(humas.get_by_role("button", name="Simpan"))
        assert "Draf tersimpan" in humas.get_by_role("status").inner_text()
        assert errors == [] and REFUSED == [], "the editor needs no inline script or style"
        expect(humas.locator(".rte-area")).to_have_css("border-top-style", "solid")
        article_id = int(humas.url.split("?")[0].rsplit("/", 1)[1])
        saved = client.get(f"/api/newsroom/articles/{article_id}", headers=editor_headers).json["body_html"]
        assert "<h2>Jadwal posko</h2>" in saved
        assert "<b>24 jam</b>" in saved or "<strong>24 jam</strong>" in saved
        assert '<a href="https://dinkes.example.go.id/posko" rel="noopener noreferrer">Kelurahan Gogagoman</a>' in saved
        assert "<ul><li>" in saved and "style=" not in saved
        expect(humas.get_by_role("textbox", name="Isi").locator("h2")).to_have_text("Jadwal posko")


def test_a_second_editor_sees_the_lock_takes_over_compares_and_restores(app, client, as_user, tokens, release):
    first = tokens.headers("newsroom:editor", username="redaktur")
    created = client.post("/api/newsroom/articles", json=release, headers=first).json
    changed = client.patch(
        f"/api/newsroom/articles/{created['id']}",
        json={"title": "Judul yang keliru sekali"},
        headers={**first, "If-Match": f'"{created["id"]}-1"'},
    )
    assert changed.status_code == 200
    with live_server(app) as site:
        item = f"{site}/newsroom/redaksi/naskah/{created['id']}"
        redaktur = as_user("newsroom:editor", username="redaktur", javascript=True)
        redaktur.goto(item)
        assert "Anda sedang menyunting" in redaktur.locator("#lock").inner_text()

        kedua = as_user("newsroom:editor", username="redaktur.dua", javascript=True)
        kedua.goto(item)
        assert "Sedang disunting oleh redaktur sejak" in kedua.get_by_role("alert").inner_text()
        expect(kedua.get_by_role("button", name="Simpan")).to_be_disabled()
        go(kedua.get_by_role("button", name="Ambil alih penyuntingan"))
        assert "mengambil alih" in kedua.get_by_role("status").inner_text()
        expect(kedua.get_by_role("button", name="Simpan")).to_be_enabled()

        go(kedua.get_by_role("link", name="Riwayat revisi dan perbandingan"))
        assert kedua.get_by_role("heading", level=2).first.inner_text() == "Revisi 1 dibandingkan dengan revisi 2"
        expect(kedua.locator("table.diff del").first).to_have_text(release["title"])
        expect(kedua.locator("table.diff ins").first).to_have_text("Judul yang keliru sekali")
        go(kedua.get_by_role("button", name="Pulihkan revisi 1"))
        assert "Revisi 1 dipulihkan" in kedua.get_by_role("status").inner_text()
        assert kedua.get_by_role("heading", level=1).inner_text() == release["title"]

        redaktur.reload()
        assert "Sedang disunting oleh redaktur.dua" in redaktur.get_by_role("alert").inner_text()
        go(kedua.get_by_role("button", name="Selesai menyunting"))
        redaktur.reload()
        assert "Anda sedang menyunting" in redaktur.locator("#lock").inner_text()


def test_files_are_attached_in_the_console_and_offered_on_the_public_page(app, client, as_user, page, tmp_path, docx):
    document = tmp_path / "siaran.docx"
    document.write_bytes(docx)
    program = tmp_path / "siaran-lengkap.docx"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64))  # a program renamed to look like a document
    with live_server(app) as site:
        editor = as_user("newsroom:editor", username="redaktur")
        editor.goto(f"{site}/newsroom/redaksi/naskah/baru")
        editor.get_by_label("OPD").fill("bpbd")
        editor.get_by_label("Judul").fill("Rapat koordinasi penanganan banjir")
        editor.get_by_label("Isi").fill("<p>Wali Kota memimpin rapat.</p>")
        go(editor.get_by_role("button", name="Simpan"))
        upload = editor.get_by_label("Berkas lampiran (PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS; tanpa makro)")
        upload.set_input_files(str(program))
        editor.get_by_label("Nama lampiran (dibaca publik)").fill("Siaran pers lengkap (DOCX)")
        go(editor.get_by_role("button", name="Unggah lampiran"))
        assert "Hanya PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS." in editor.get_by_role("alert").inner_text()
        upload.set_input_files(str(document))
        editor.get_by_label("Nama lampiran (dibaca publik)").fill("Siaran pers lengkap (DOCX)")
        go(editor.get_by_role("button", name="Unggah lampiran"))
        assert "Lampiran diunggah" in editor.get_by_role("status").inner_text()
        go(editor.get_by_role("button", name="Terbitkan sekarang"))
        go(editor.get_by_role("link", name="lihat di portal"))
        link = editor.get_by_role("link", name="Siaran pers lengkap (DOCX)")
        page.goto(editor.url)
        with page.expect_download() as download:
            page.get_by_role("link", name="Siaran pers lengkap (DOCX)").click()
        assert download.value.suggested_filename == "siaran.docx"
        assert link.count() == 1
