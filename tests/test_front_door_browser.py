"""The front door and the admin's pages in headless Chromium with JavaScript off: open /, see the office and the
news; log in as the admin, land on /beranda, open /admin, create an account, change its roles, deactivate it, and
see that it can no longer log in. The newsroom is a stand-in answering its public list, as the gateway reads it."""

from __future__ import annotations

import re

import pytest
from aiohttp import web

from chassis.testing import AioServers

ADMIN_PASSWORD = "rahasia-admin-123"


def newsroom() -> web.Application:
    items = [
        {"title": "Pelayanan KTP keliling pekan ini", "slug": "ktp-keliling", "published_at": "2026-12-02T01:00:00Z"},
        {"title": "Klarifikasi: kabar bansos palsu", "slug": "bansos-palsu", "published_at": "2026-12-01T10:15:00Z"},
    ]

    async def articles(request: web.Request):
        return web.json_response({"items": items, "next": None})

    app = web.Application()
    app.router.add_get("/api/newsroom/articles", articles)
    return app


@pytest.fixture
def front_door(databases, tmp_path):
    """(the gateway's address, its settings) for a gateway on SQLite with a stand-in newsroom."""
    from gateway import MIGRATIONS
    from gateway.app import create_app
    from gateway.bootstrap import bootstrap
    from gateway.settings import from_env

    loop = AioServers()
    try:
        settings = from_env(
            database_url=databases.migrated("front-door-gateway", "sqlite", MIGRATIONS),
            jwt_private_key_file=str(tmp_path / "keys" / "jwt-private.pem"),
            suite_bootstrap_admin_password=ADMIN_PASSWORD,
            log_json=False,
            redis_url="",
            org_name="Dinas Kominfo Kabupaten Contoh",
            office_address="Jl. Pahlawan No. 7, Contoh",
            office_hours="Senin-Jumat 08.00-15.30",
            office_timezone="Asia/Jayapura",
            newsroom_url=loop.serve(newsroom()),
            upstream_connect_timeout=1.0,
            upstream_timeout=5.0,
        )
        bootstrap(settings)
        yield loop.serve(create_app(settings)), settings
    finally:
        loop.close()


@pytest.fixture
def site(front_door):
    return front_door[0]


def outbox(settings, address: str) -> list[str]:
    """The bodies of the mail queued for ``address``, oldest first, as the gateway's mail sender would send them."""
    from sqlalchemy import select

    from chassis.db import Database
    from gateway.models import mail_outbox

    db = Database(settings.database_url)
    try:
        with db.session() as session:
            rows = session.execute(select(mail_outbox.c.body).where(mail_outbox.c.to_address == address))
            return [row.body for row in rows]
    finally:
        db.dispose()


def log_in(page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/masuk")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_front_door_then_the_admin_creates_changes_and_deactivates_an_account(site, chromium):
    context = chromium.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/")
    assert page.locator("h1").inner_text() == "Dinas Kominfo Kabupaten Contoh"
    text = page.locator("main").inner_text()
    assert "Jl. Pahlawan No. 7, Contoh" in text and "Senin-Jumat 08.00-15.30" in text
    assert "2 Desember 2026 10.00 WIT" in text and "Pelayanan KTP keliling pekan ini" in text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing wider than a phone"
    page.set_viewport_size({"width": 1440, "height": 900})
    doors = page.locator(".doors li")
    assert doors.nth(0).bounding_box()["y"] == doors.nth(1).bounding_box()["y"], "side by side on a wide screen"
    page.click("text=Masuk")
    page.fill("#username", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    assert page.url == f"{site}/beranda"
    assert "Administrator suite" in page.locator("main").inner_text()
    page.click("text=Kelola akun")
    assert page.url == f"{site}/admin"
    page.click("text=Daftar OPD kantor")
    page.fill("#code", "dinkes")
    page.fill("#name", "Dinas Kesehatan")
    page.click("text=Tambah OPD")
    assert "OPD ditambahkan" in page.locator("main").inner_text()
    page.goto(f"{site}/admin")

    page.fill("#username", "humas.dinkes")
    page.check('input[value="newsroom:contributor"]')
    page.click("text=Buat akun")
    summary = page.locator(".summary")
    assert "OPD" in summary.inner_text() and "Wajib diisi" in summary.inner_text()
    page.select_option("#opd", "dinkes")  # the office's list, by name
    page.click("text=Buat akun")
    password = page.locator("#sandi").inner_text()
    assert len(password) >= 10

    # The new colleague signs in with the handed-over password, chooses their own, and keeps that session open.
    staff = chromium.new_context(locale="id-ID", java_script_enabled=False)
    theirs = staff.new_page()
    log_in(theirs, site, "humas.dinkes", password)
    theirs.fill("#current", password)
    theirs.fill("#password", "pilihan-sendiri-9")
    theirs.fill("#again", "pilihan-sendiri-9")
    theirs.click("text=Simpan dan masuk")
    assert theirs.url == f"{site}/beranda" and "Humas OPD" in theirs.locator("main").inner_text()

    page.click("text=Halaman akun humas.dinkes")
    page.check('input[value="newsroom:editor"]')
    page.uncheck('input[value="newsroom:contributor"]')
    page.click("text=Simpan peran")
    assert "Peran akun disimpan." in page.locator("main").inner_text()
    assert page.is_checked('input[value="newsroom:editor"]')
    theirs.goto(f"{site}/beranda")
    assert "/masuk" in theirs.url, "the session of the old roles ends at its next request"
    log_in(theirs, site, "humas.dinkes", "pilihan-sendiri-9")
    assert theirs.url == f"{site}/beranda" and "Redaktur" in theirs.locator("main").inner_text()

    page.click("text=Nonaktifkan akun")
    assert "Akun dinonaktifkan" in page.locator("main").inner_text()
    theirs.goto(f"{site}/beranda")
    assert "/masuk" in theirs.url, "a deactivated account's open session is refused at once"
    page.goto(f"{site}/admin")
    row = page.locator("tr", has_text="humas.dinkes").first
    assert "Redaktur" in row.inner_text() and "Nonaktif" in row.inner_text() and "Dinas Kesehatan" in row.inner_text()
    log = page.locator("#riwayat + div").inner_text()
    for line in ("Menambah OPD", "Membuat akun", "Mengubah akun", "peran: Redaktur", "dinonaktifkan"):
        assert line in log, line
    assert "newsroom:editor" not in log, "roles in words"

    page.click("a:text('humas.dinkes')")
    page.click("text=Aktifkan kembali")
    page.click("text=Buat tautan atur ulang kata sandi")
    link = page.locator("#tautan").inner_text()
    theirs.goto(link.replace(link.split("/masuk/")[0], site))
    theirs.fill("#password", "sandi-dari-tautan-1")
    theirs.fill("#again", "sandi-dari-tautan-1")
    theirs.click("text=Simpan kata sandi")
    log_in(theirs, site, "humas.dinkes", "sandi-dari-tautan-1")
    assert theirs.url == f"{site}/beranda", "the password chosen from the admin's link signs in"
    staff.close()
    context.close()

    stranger = chromium.new_context(locale="id-ID", java_script_enabled=False)
    other = stranger.new_page()
    log_in(other, site, "humas.dinkes", password)
    assert re.search(r"/masuk$", other.url)
    assert "Nama pengguna atau kata sandi salah." in other.locator("main").inner_text()
    stranger.close()


def test_a_partner_who_forgot_the_password_chooses_a_new_one_from_the_mailed_link(front_door, chromium):
    import requests

    site, settings = front_door
    email, old = "redaksi@totabuan.example.id", "sandi-lama-mitra"
    signup = {"username": "totabuan", "email": email, "password": old}
    assert requests.post(f"{site}/api/auth/signup", json=signup, timeout=10).status_code == 202
    confirm = re.search(r"https?://\S+?(/daftar/konfirmasi\?token=\S+)", outbox(settings, email)[0]).group(1)

    context = chromium.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}{confirm}")
    assert "Email terkonfirmasi" in page.locator("h1").inner_text()
    page.click("text=Masuk")
    page.click("text=Lupa kata sandi?")
    assert page.url == f"{site}/masuk/lupa-sandi"
    page.click("button[type=submit]")
    assert "Wajib diisi." in page.locator(".summary").inner_text()
    page.fill("#akun", email)
    page.click("button[type=submit]")
    assert "kami sudah mengirim tautan" in page.locator("main").inner_text()

    link = re.search(r"https?://\S+?(/masuk/atur-sandi\?token=\S+)", outbox(settings, email)[-1]).group(1)
    page.goto(f"{site}{link}")
    page.fill("#password", "sandi-baru-mitra")
    page.fill("#again", "sandi-lain-mitra")
    page.click("button[type=submit]")
    assert "Tidak sama dengan kata sandi baru." in page.locator("#again-error").inner_text()
    page.fill("#password", "sandi-baru-mitra")
    page.fill("#again", "sandi-baru-mitra")
    page.click("button[type=submit]")
    assert page.url == f"{site}/masuk?ok=sandi"
    assert "Kata sandi diganti, silakan masuk." in page.locator("main").inner_text()
    log_in(page, site, "totabuan", "sandi-baru-mitra")
    assert page.url == f"{site}/beranda"
    assert "Mitra media" in page.locator("main").inner_text()

    page.goto(f"{site}{link}")
    assert "Tautan ini tidak berlaku lagi" in page.locator("main").inner_text(), "the link works once"
    context.close()
