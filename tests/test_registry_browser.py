"""The registry's scenario of issue 6 in headless Chromium, through the gateway of the whole suite: a press outlet
signs up and confirms its email, applies with its documents, is sent back for revision and fixes it; the verifier
verifies, the approver issues the decree, the verifier makes the contract; the partner proves that it carried a
release published in the newsroom; the verifier accepts the proof and downloads the payment report as XLSX."""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from chassis.testing import TINY_PNG, wait_for

pytestmark = pytest.mark.xdist_group("suite")

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = TINY_PNG


def go(locator) -> None:
    """Click and wait for the page it leads to (form posts and links), so the next check reads the new page."""
    with locator.page.expect_navigation():
        locator.click()


def staff_page(chromium, suite, headers: dict[str, str]):
    """A browser logged in as a staff account: the gateway's login cookie holding its token."""
    context = chromium.new_context(locale="id-ID", accept_downloads=True)
    token = headers["Authorization"].split()[1]
    context.add_cookies([{"name": "suite_token", "value": token, "url": suite.gateway, "httpOnly": True,
                          "sameSite": "Strict"}])  # fmt: skip
    return context.new_page()


def test_an_outlet_signs_up_applies_is_revised_decreed_contracted_and_its_proof_is_in_the_payment_report(
    suite, chromium, page
):
    tag = secrets.token_hex(3)
    verifier = suite.account(f"verifikator-{tag}", "registry:verifier")
    approver = suite.account(f"kadis-{tag}", "registry:approver")
    editor = suite.account(f"redaktur-{tag}", "newsroom:editor")
    now = dt.datetime.now(dt.UTC)
    title = f"Kemitraan media uji {tag}"
    period = {"kind": f"uji-{tag}", "fiscal_year": now.year, "name": title, "budget": 90_000_000,
              "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
              "closes_at": (now + dt.timedelta(days=5)).isoformat(),
              "requirements": [{"code": f"akta-{tag}", "label": "Akta pendirian"},
                               {"code": f"redaksi-{tag}", "label": "Susunan redaksi"}],
              "tiers": [{"code": "a", "label": "Tingkat A", "rate": 750_000, "quota": 10}]}  # fmt: skip
    created = suite.http.post(suite.url("/api/registry/periods"), json=period, headers=verifier)
    assert created.status_code == 201, created.text
    period_id = created.json()["id"]
    release_title = f"Pelabuhan rakyat diresmikan {tag}"  # published now, so it reaches the registry meanwhile
    article = suite.http.post(suite.url("/api/newsroom/articles"), headers=editor,
                              json={"type": "release", "title": release_title, "body_html": "<p>Diresmikan.</p>",
                                    "opd": "dishub"}).json()  # fmt: skip
    assert suite.http.post(suite.url(f"/api/newsroom/articles/{article['id']}/publish"), headers=editor).ok

    # The outlet signs up on the gateway's page and confirms its email from the mail it receives.
    site = suite.gateway
    username, email, password = f"bolmong{tag}", f"redaksi{tag}@bolmong.example.id", "sandi-mitra-" + tag
    page.goto(f"{site}/registry/")
    assert title in page.get_by_role("heading", level=2, name=re.compile(title)).inner_text()
    go(page.get_by_role("link", name="Daftar sebagai mitra media"))
    assert page.url.startswith(f"{site}/masuk")
    go(page.get_by_role("link", name="Daftar akun mitra media"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    go(page.get_by_role("button", name="Daftar"))
    assert "Periksa email Anda" in page.get_by_role("heading", level=1).inner_text()
    mails = wait_for(lambda: suite.inbox.to(email), 20, 0.2)
    assert mails, "the confirmation mail never arrived"
    link = re.search(r"(http\S+/daftar/konfirmasi\?token=\S+)", mails[0].get_content()).group(1)
    page.goto(link)
    assert "Email terkonfirmasi" in page.get_by_role("heading", level=1).inner_text()

    # It logs in, registers its outlet and its editor-in-chief, and applies with its documents.
    page.goto(f"{site}/registry/mitra")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    go(page.get_by_role("button", name="Masuk"))
    assert page.url == f"{site}/registry/mitra"
    go(page.get_by_role("link", name="Daftarkan perusahaan pers"))
    brand = f"Bolmong Raya {tag}"
    page.get_by_label("Nama media (merek)").fill(brand)
    page.get_by_label("Nama badan hukum").fill(f"PT Bolmong Raya Media {tag}")
    page.get_by_label("Bentuk badan hukum").select_option("pt")
    page.get_by_label("Jenis media").select_option("online")
    page.get_by_label("NPWP badan").fill(f"01{secrets.randbelow(10**13):013d}")
    page.get_by_label("NIB (Nomor Induk Berusaha)").fill("9120001234567")
    page.get_by_label("Alamat kantor").fill("Jl. Adampe Dolot 7, Kotamobagu")
    page.get_by_label("Situs web").fill("bukan alamat")
    go(page.get_by_role("button", name="Daftarkan perusahaan pers"))
    assert page.locator("#website-error").inner_text() == "URL tidak valid.", "the error sits next to its field"
    page.get_by_label("Situs web").fill("https://bolmong.example.id")
    go(page.get_by_role("button", name="Daftarkan perusahaan pers"))
    assert "Perusahaan pers terdaftar." in page.get_by_role("status").inner_text()
    page.get_by_label("Nama wartawan").fill("Rina Mokoginta")
    page.get_by_label("NIK").fill("7174010101900003")
    page.get_by_label("Jabatan").select_option("editor_in_chief")
    page.get_by_label("Jenjang UKW").select_option("utama")
    page.get_by_label("Nomor sertifikat UKW").fill("UKW-0421")
    go(page.get_by_role("button", name="Tambah wartawan"))
    assert "7174010101900003" in page.get_by_role("region", name="Wartawan").inner_text(), "its own NIK"
    go(page.get_by_role("button", name=f"Daftar pada {title}"))
    application_url = page.url.split("?")[0]
    page.get_by_label("Berkas Akta pendirian").set_input_files(
        files=[{"name": "akta.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    go(page.get_by_role("button", name="Unggah Akta pendirian"))
    page.get_by_label("Berkas Susunan redaksi").set_input_files(
        files=[{"name": "redaksi.png", "mimeType": "image/png", "buffer": PNG}]
    )
    go(page.get_by_role("button", name="Unggah Susunan redaksi"))
    go(page.get_by_role("button", name="Ajukan pendaftaran"))
    assert "Diajukan" in page.get_by_text("Status:").first.inner_text()

    # The verifier returns it: the deed is unreadable.
    desk = staff_page(chromium, suite, verifier)
    desk.goto(f"{site}/registry/konsol?period_id={period_id}")
    go(desk.get_by_role("link", name=brand))
    console_url = desk.url.split("?")[0]
    deed = desk.get_by_role("group", name="Pemeriksaan Akta pendirian")
    deed.get_by_label("Tolak", exact=True).check()
    deed.get_by_label("Catatan untuk Akta pendirian").fill("Halaman pengesahan tidak terbaca")
    desk.get_by_role("group", name="Pemeriksaan Susunan redaksi").get_by_label("Terima", exact=True).check()
    desk.get_by_label("Kembalikan untuk perbaikan").check()
    go(desk.get_by_role("button", name="Simpan pemeriksaan"))
    assert "Dikembalikan untuk perbaikan." in desk.get_by_role("status").inner_text()

    # The outlet reads the note, uploads the deed again and resubmits.
    page.goto(application_url)
    assert "Catatan verifikator: Halaman pengesahan tidak terbaca" in page.locator(f"#dok-akta-{tag}").inner_text()
    page.get_by_label("Berkas Akta pendirian").set_input_files(
        files=[{"name": "akta-jelas.pdf", "mimeType": "application/pdf", "buffer": PDF + b"% jelas\n"}]
    )
    go(page.get_by_role("button", name="Unggah Akta pendirian"))
    go(page.get_by_role("button", name="Ajukan kembali"))
    assert "Pendaftaran diajukan untuk diperiksa." in page.get_by_role("status").inner_text()

    # The verifier verifies, the approver decrees, the verifier makes the contract.
    desk.goto(console_url)
    desk.get_by_role("group", name="Pemeriksaan Akta pendirian").get_by_label("Terima", exact=True).check()
    desk.get_by_label("Verifikasi", exact=True).check()
    go(desk.get_by_role("button", name="Simpan pemeriksaan"))
    assert "Terverifikasi." in desk.get_by_role("status").inner_text()
    head = staff_page(chromium, suite, approver)
    head.goto(f"{site}/registry/konsol/sk?period_id={period_id}")
    assert head.get_by_label(re.compile(brand)).is_checked()
    head.get_by_label("Nomor SK").fill(f"800/{tag}/SK/{now.year}")
    head.get_by_label("Penandatangan").fill("Kepala Dinas Kominfo")
    go(head.get_by_role("button", name="Tetapkan SK"))
    assert f"SK 800/{tag}/SK/{now.year} ditetapkan." in head.get_by_role("status").inner_text()
    office_today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    desk.goto(f"{site}/registry/konsol/kontrak?period_id={period_id}")
    desk.get_by_label("Nomor kontrak").fill(f"K-{tag}")
    desk.get_by_label("Mulai").fill(office_today.isoformat())
    desk.get_by_label("Berakhir").fill((office_today + dt.timedelta(days=180)).isoformat())
    assert desk.get_by_label("Nilai kontrak (rupiah)").input_value() == "7500000", "quota x rate of the tier"
    go(desk.get_by_role("button", name=f"Buat kontrak {brand}"))
    assert f"Kontrak K-{tag} dibuat." in desk.get_by_role("status").inner_text()

    # The release reached the registry; the partner proves it carried it.
    def in_registry():
        items = suite.http.get(suite.url("/api/registry/releases"), headers=verifier).json()["items"]
        return any(r["article_id"] == article["id"] for r in items)

    assert wait_for(in_registry, 15), "the release never reached the registry"
    page.goto(f"{site}/registry/mitra")
    go(page.get_by_role("link", name=f"K-{tag}"))
    page.get_by_label("Siaran pers yang dimuat").select_option(str(article["id"]))
    proof_url = f"https://bolmong.example.id/berita/{tag}"
    page.get_by_label("Tautan pemuatan").fill(proof_url)
    page.get_by_label("Tangkapan layar halaman pemuatan (PNG atau JPEG)").set_input_files(
        {"name": "tayang.png", "mimeType": "image/png", "buffer": PNG}
    )
    go(page.get_by_role("button", name="Kirim bukti tayang"))
    assert "Bukti tayang dikirim untuk diperiksa." in page.get_by_role("status").inner_text()

    # The verifier accepts it and downloads the payment report as XLSX, which counts it.
    desk.goto(f"{site}/registry/konsol/bukti")
    go(desk.locator("form", has_text=proof_url).get_by_role("button", name=re.compile("Simpan keputusan")))
    assert "Bukti diterima." in desk.get_by_role("status").inner_text()
    desk.goto(f"{site}/registry/konsol/laporan?period_id={period_id}")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="Laporan XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))["Pembayaran"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == f"K-{tag}"]
    assert [r[:6] for r in rows] == [(f"K-{tag}", brand, office_today.strftime("%Y-%m"), 1, 1, 750_000)]

    page.goto(f"{site}/registry/mitra")
    go(page.get_by_role("link", name=f"K-{tag}"))
    months = page.locator("#pembayaran + table").inner_text()
    assert "Rp 750.000" in months and "Menunggu SPJ" in months, "the partner sees what it is owed and where it is"
    desk.context.close()
    head.context.close()
