"""The citizen's pages in a real headless Chromium, on a phone-sized screen, without any JavaScript of ours."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from chassis.testing import live_server


def go(locator) -> None:
    """Click and wait for the page it leads to (form posts and links), so the next check reads the new page."""
    with locator.page.expect_navigation():
        locator.click()


@pytest.fixture
def site(app):
    with live_server(app) as url:
        yield url


def fill_request(page, valid_request):
    page.get_by_label("Nama lengkap", exact=True).fill(valid_request["name"])
    page.get_by_label("NIK", exact=True).fill(valid_request["nik"])
    page.get_by_label("Alamat", exact=True).fill(valid_request["address"])
    page.get_by_label("Nomor telepon", exact=True).fill(valid_request["phone"])
    page.get_by_label("Alamat email", exact=True).fill(valid_request["email"])
    page.get_by_label("Pekerjaan", exact=True).fill(valid_request["occupation"])
    page.get_by_label("Rincian informasi yang dibutuhkan", exact=True).fill(valid_request["information"])
    page.get_by_label("Tujuan penggunaan informasi", exact=True).fill(valid_request["purpose"])
    page.get_by_label("Salinan elektronik (softcopy)", exact=True).check()
    page.get_by_label("Email", exact=True).check()


def test_a_citizen_files_tracks_and_objects_and_sees_the_decision(site, page, client, officer, valid_request):
    page.goto(f"{site}/ppid/permohonan")
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Pemberitahuan privasi" in page.content()
    go(page.get_by_role("button", name="Kirim permohonan"))
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#nik").get_attribute("aria-invalid") == "true"

    fill_request(page, valid_request)
    page.get_by_label("NIK", exact=True).fill("1234")
    go(page.get_by_role("button", name="Kirim permohonan"))
    assert "NIK harus 16 digit" in page.locator("#nik-error").inner_text()
    assert page.get_by_label("Nama lengkap", exact=True).input_value() == valid_request["name"], (
        "what was typed is kept"
    )
    page.get_by_label("NIK", exact=True).fill(valid_request["nik"])
    page.get_by_label("Salinan elektronik (softcopy)", exact=True).check()
    page.get_by_label("Email", exact=True).check()
    go(page.get_by_role("button", name="Kirim permohonan"))

    number = page.locator("#registration-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert number.startswith("PPID-7174-") and len(code) == 10
    assert code not in page.url and page.url.endswith("/ppid/permohonan/tanda-terima"), "Post/Redirect/Get"
    page.reload()
    assert page.locator("#registration-number").inner_text().strip() == number, "the receipt shows again"
    assert page.locator("#tracking-code").inner_text().strip() == code
    inbox = client.get("/api/ppid/requests", headers=officer).json
    assert [item["registration_number"] for item in inbox["items"]] == [number], "reloading filed nothing"
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh tanda bukti (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert number in " ".join(p.extract_text() for p in pdf.pages)

    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill("SALAH12345")
    go(page.get_by_role("button", name="Lacak"))
    assert "tidak cocok" in page.get_by_role("alert").inner_text()
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    go(page.get_by_role("button", name="Lacak"))
    assert page.locator("#status").inner_text() == "Diterima"
    assert valid_request["nik"] not in page.content() and valid_request["email"] not in page.content()

    for action, body in (
        ("examine", {}),
        ("draft_notice", {"decision": "refused", "refusal_grounds": ["h"],
                          "consequence_test": "Membuka data ini mengungkap rahasia pribadi."}),
        ("sign_notice", {}),
    ):  # fmt: skip
        response = client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer)
        assert response.status_code == 200, response.json

    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    go(page.get_by_role("button", name="Lacak"))
    assert page.locator("#decision").inner_text().startswith("Ditolak")
    expect(page.get_by_role("button", name="Unduh pemberitahuan tertulis (PDF)")).to_be_visible()

    go(page.get_by_role("button", name="Ajukan keberatan"))
    assert code not in page.url, "number and code travel in the form, not the URL"
    for label, value in (("Nomor pendaftaran permohonan", number), ("Kode pelacakan", code)):
        shown = page.get_by_label(label, exact=True)
        assert shown.input_value() == value and shown.get_attribute("readonly") is not None, label
    go(page.get_by_role("button", name="Kirim keberatan"))
    assert "Alasan keberatan" in page.get_by_role("alert").inner_text(), "grounds and reason are required"
    assert page.get_by_label("Kode pelacakan", exact=True).get_attribute("readonly") is not None, "still filled"
    page.get_by_label("a. permintaan informasi ditolak").check()
    page.get_by_label("Uraian keberatan", exact=True).fill("Data yang saya minta bukan data pribadi.")
    go(page.get_by_role("button", name="Kirim keberatan"))
    assert page.locator("#objection-number").inner_text().startswith("KEB-7174-")


def test_a_request_with_five_wrong_fields_is_answered_all_at_once_in_indonesian(site, page, client, valid_request):
    page.goto(f"{site}/ppid/permohonan")
    fill_request(page, valid_request)
    wrong = {
        "name": ("Nama lengkap", "", "Wajib diisi."),
        "nik": ("NIK", "1234", "NIK harus 16 digit"),
        "phone": ("Nomor telepon", "12ab", "Nomor telepon tidak valid"),
        "email": ("Alamat email", "siti@", "Alamat email tidak valid."),
        "occupation": ("Pekerjaan", "", "Wajib diisi."),
    }
    for label, value, _ in wrong.values():
        page.get_by_label(label, exact=True).fill(value)
    go(page.get_by_role("button", name="Kirim permohonan"))

    summary = page.locator("#ringkasan")
    expect(summary).to_be_focused()  # and so scrolled to: the browser shows what has focus
    links = summary.get_by_role("link")
    assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [f"#{n}" for n in wrong]
    for name, (label, _, message) in wrong.items():
        assert message in summary.inner_text(), name
        assert message in page.locator(f"#{name}-error").inner_text(), name
        field = page.get_by_label(label, exact=True)
        assert (
            field.get_attribute("aria-invalid") == "true" and field.get_attribute("aria-describedby") == f"{name}-error"
        )
    text = page.locator("main").inner_text()
    for english in ("Missing data", "Not a valid", "Length must", "Field may not", "required field"):
        assert english not in text
    assert (
        page.get_by_label("Rincian informasi yang dibutuhkan", exact=True).input_value() == valid_request["information"]
    ), "what was right is kept"
    assert client.get("/api/ppid/dip").status_code == 200 and "tanda-terima" not in page.url, "nothing was filed"


@pytest.fixture
def officer_page(chromium, tokens):
    """A browser whose requests carry an officer's token, as the gateway adds it from the login cookie."""
    context = chromium.new_context(
        locale="id-ID",
        accept_downloads=True,
        extra_http_headers={"Authorization": f"Bearer {tokens.token('ppid:officer', username='petugas.ppid')}"},
    )
    yield context.new_page()
    context.close()


def test_an_officer_decides_in_the_console_the_citizen_sees_it_and_the_report_downloads(
    site, page, officer_page, client, valid_request
):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number, code = receipt["registration_number"], receipt["tracking_code"]

    page.goto(f"{site}/ppid/petugas")
    assert "/masuk?next=/ppid/petugas" in page.url, "without a token the console sends you to the login page"

    officer = officer_page
    officer.goto(f"{site}/ppid/petugas")
    go(officer.get_by_role("link", name=number))
    assert officer.locator("#status").inner_text() == "Diterima"
    assert officer.locator("#nik").inner_text() == "7174 **** **** 0002", "the office's officers see it masked"
    assert valid_request["nik"] not in officer.content()
    officer.get_by_label("Mengirim jawaban atau dokumen").check()
    go(officer.get_by_role("button", name="Tampilkan data pribadi"))
    assert officer.locator("#nik").inner_text() == valid_request["nik"], "revealed with a reason"
    assert "tercatat di log akses" in officer.get_by_role("status").inner_text()
    officer.goto(f"{site}/ppid/petugas/permohonan/{number}")
    assert valid_request["nik"] not in officer.content(), "once: the next visit is masked again"
    go(officer.get_by_role("button", name="Diperiksa langsung oleh PPID"))
    assert "selesai" in officer.get_by_role("status").inner_text()

    officer.get_by_label("Keputusan").select_option("refused")
    go(officer.get_by_role("button", name="Susun pemberitahuan tertulis"))
    assert "refusal_grounds" in officer.get_by_role("alert").inner_text(), "a refusal needs a Pasal 17 ground"
    officer.get_by_label("Keputusan").select_option("granted")
    officer.get_by_label("Biaya salinan (rupiah)").fill("5000")
    go(officer.get_by_role("button", name="Susun pemberitahuan tertulis"))
    go(officer.get_by_role("button", name="Setujui dan tanda tangani"))
    assert officer.locator("#decision").inner_text().startswith("Diterima seluruhnya")
    audit = officer.locator("table").last.inner_text()
    assert "petugas.ppid" in audit and "Setujui dan tanda tangani" in audit and "sign_notice" not in audit

    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    go(page.get_by_role("button", name="Lacak"))
    assert page.locator("#decision").inner_text().startswith("Diterima seluruhnya")

    officer.goto(f"{site}/ppid/petugas/laporan")
    assert officer.locator("#total").inner_text() == "1"
    with officer.expect_download() as download:
        officer.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))["Ringkasan"]  # noqa: SIM115
    assert 1 in [cell.value for row in sheet.iter_rows() for cell in row]


def track_in(page, site, number, code):
    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    go(page.get_by_role("button", name="Lacak"))
    page.locator("#status").wait_for()


def test_completion_and_survey_on_the_tracking_page_and_the_public_list(site, page, client, officer, tokens,
                                                                        valid_request):  # fmt: skip
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number, code = receipt["registration_number"], receipt["tracking_code"]
    missing = {"missing": "Sebutkan tahun anggaran yang dimaksud"}
    assert client.post(f"/api/ppid/requests/{number}/mark_incomplete", json=missing, headers=officer).status_code == 200

    track_in(page, site, number, code)
    assert "Sebutkan tahun anggaran" in page.content()
    page.get_by_label("Rincian informasi yang dibutuhkan").fill("DPA Dinas Kesehatan tahun anggaran 2026")
    go(page.get_by_role("button", name="Kirim kelengkapan"))
    assert "sudah lengkap" in page.get_by_role("status").inner_text()
    assert page.locator("#status").inner_text() == "Diterima"
    assert page.locator("#survei").count() == 0, "no survey before the request ends"

    for action, body in (("examine", {}), ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200
    track_in(page, site, number, code)
    survey = page.locator("#survei")
    for n, fieldset in enumerate(survey.locator("fieldset").all()):
        fieldset.get_by_label(str(3 + n % 2), exact=True).check()
    go(page.get_by_role("button", name="Kirim penilaian"))
    assert "Terima kasih atas penilaian" in page.get_by_role("status").inner_text()
    assert page.locator("#survei").count() == 0, "one answer per request"
    yearly = client.get("/api/ppid/survey/yearly", query_string={"year": receipt["received_on"][:4]},
                        headers=tokens.headers("ppid:superior")).json  # fmt: skip
    assert yearly["responses"] == 1

    entries = [
        {"title": "DPA Dinas Kesehatan 2026", "summary": "Dokumen pelaksanaan anggaran", "category": "berkala",
         "opd": "dinkes", "responsible": "Sekretaris Dinas", "made_on": "2026-01-10", "form": "soft_copy",
         "retention": "5 tahun", "published": True},
        {"title": "Berkas penyidikan kasus X", "summary": "RAHASIA-ISI", "category": "dikecualikan", "opd": "satpolpp",
         "responsible": "Kepala Satpol PP", "made_on": "2026-02-01", "form": "hard_copy", "retention": "10 tahun",
         "published": True, "exemption_grounds": ["a"], "exemption_reason": "Menghambat penegakan hukum"},
    ]  # fmt: skip
    for entry in entries:
        response = client.post("/api/ppid/dip", json=entry, headers=officer)
        assert response.status_code == 201, response.json
    guidance = {"opd_name": "Dinas Kesehatan", "holds": "Data layanan kesehatan dan anggaran dinas",
                "cannot_give": "Rekam medis pasien"}  # fmt: skip
    assert client.put("/api/ppid/guidance/dinkes", json=guidance, headers=officer).status_code in (200, 201)

    page.goto(f"{site}/ppid/permohonan")
    page.get_by_text("Informasi apa yang dikuasai tiap OPD?").click()
    expect(page.get_by_text("Rekam medis pasien")).to_be_visible()
    go(page.get_by_role("link", name="Lihat Daftar Informasi Publik"))
    expect(page.get_by_role("heading", name="DPA Dinas Kesehatan 2026")).to_be_visible()
    assert "Menghambat penegakan hukum" in page.content() and "RAHASIA-ISI" not in page.content()
    page.get_by_label("Cari").fill("dpa")
    go(page.get_by_role("button", name="Tampilkan"))
    assert page.locator("article").count() == 1


def test_officer_and_requester_talk_on_the_pages_with_a_file(site, page, officer_page, client, valid_request, tmp_path):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number, code = receipt["registration_number"], receipt["tracking_code"]
    officer_page.goto(f"{site}/ppid/petugas/permohonan/{number}")
    officer_page.get_by_label("Pesan ke pemohon").fill("Mohon sebutkan tahun anggarannya.")
    go(officer_page.get_by_role("button", name="Kirim pesan"))
    assert "Pesan terkirim" in officer_page.get_by_role("status").inner_text()

    track_in(page, site, number, code)
    assert "Mohon sebutkan tahun anggarannya." in page.content()
    scan = tmp_path / "surat.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.get_by_label("Tulis pesan ke petugas").fill("Tahun 2026; surat terlampir.")
    page.get_by_label("Lampiran (tidak wajib; PDF, JPEG atau PNG)").set_input_files(str(scan))
    go(page.get_by_role("button", name="Kirim pesan"))
    assert "Pesan terkirim" in page.get_by_role("status").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh surat.png").click()
    assert open(download.value.path(), "rb").read().startswith(b"\x89PNG")  # noqa: SIM115

    officer_page.reload()
    assert "Tahun 2026; surat terlampir." in officer_page.content()
    expect(officer_page.get_by_role("link", name="surat.png")).to_be_visible()


def test_officer_manages_closed_days_and_the_public_list_in_the_console(site, officer_page, client, valid_request):
    from ppid.domain.calendar import WorkingCalendar

    receipt = client.post("/api/ppid/requests", json=valid_request).json
    calendar = WorkingCalendar()
    day = calendar.add_working_days(calendar.today(), 2)
    officer = officer_page
    officer.goto(f"{site}/ppid/petugas/hari-tutup")
    officer.get_by_label("Tanggal").fill(day.isoformat())
    officer.get_by_label("Alasan").fill("Banjir di kantor")
    go(officer.get_by_role("button", name="Periksa dampaknya"))
    assert receipt["registration_number"] in officer.locator("#moved").inner_text()
    go(officer.get_by_role("button", name="Terapkan"))
    assert "1 tenggat bergeser" in officer.get_by_role("status").inner_text()
    assert "Banjir di kantor" in officer.content()
    go(officer.get_by_role("button", name="Periksa tenggat terhadap kalender terbaru"))
    assert "Semua tenggat sesuai kalender terbaru" in officer.locator("#calendar-moved").inner_text()

    officer.goto(f"{site}/ppid/petugas/dip")
    officer.get_by_label("Judul").fill("Laporan keuangan 2025")
    officer.get_by_label("Ringkasan").fill("Laporan keuangan audited")
    officer.get_by_label("Kategori").select_option("berkala")
    officer.get_by_label("OPD (kode)").fill("bpkad")
    officer.get_by_label("Penanggung jawab").fill("Kepala BPKAD")
    officer.get_by_label("Jangka waktu penyimpanan").fill("10 tahun")
    officer.get_by_label("Tanggal pembuatan").fill("2026-03-01")
    go(officer.get_by_role("button", name="Simpan entri"))
    assert "Entri disimpan" in officer.get_by_role("status").inner_text()
    assert client.get("/api/ppid/dip").json["items"] == [], "not published yet"
    go(officer.get_by_role("button", name="Terbitkan Laporan keuangan 2025"))
    assert [e["title"] for e in client.get("/api/ppid/dip").json["items"]] == ["Laporan keuangan 2025"]


def test_the_superior_answers_an_objection_in_the_console(site, page, chromium, tokens, client, officer, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number, code = receipt["registration_number"], receipt["tracking_code"]
    for action, body in (("examine", {}), ("draft_notice", {"decision": "not_held"}), ("sign_notice", {})):
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200
    objection = {"registration_number": number, "tracking_code": code, "grounds": ["e"], "reason": "Dokumennya ada."}
    filed = client.post("/api/ppid/objections", json=objection).json
    context = chromium.new_context(
        locale="id-ID",
        extra_http_headers={"Authorization": f"Bearer {tokens.token('ppid:superior', username='atasan')}"},
    )
    superior = context.new_page()
    try:
        superior.goto(f"{site}/ppid/petugas/keberatan")
        superior.get_by_label("Tanggapan", exact=True).select_option("upheld")
        superior.get_by_label("Tanggapan tertulis").fill("PPID diminta memberikan dokumen dalam 5 hari kerja.")
        go(superior.get_by_role("button", name=f"Kirim tanggapan {filed['number']}"))
        assert "Tanggapan dikirim" in superior.get_by_role("status").inner_text()
        assert "Keberatan diterima" in superior.content()
    finally:
        context.close()
    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code}).json
    assert tracked["objections"][0]["outcome"] == "upheld"
    track_in(page, site, number, code)
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Unduh surat tanggapan {filed['number']} (PDF)").click()
    letter = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert "TANGGAPAN ATASAN PPID ATAS KEBERATAN" in " ".join(p.extract_text() for p in letter.pages)


def test_pages_look_the_same_under_the_content_security_policy(site, page, officer_page, client):
    violations = []
    for tab in (page, officer_page):
        tab.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else 0)
    page.goto(f"{site}/ppid/dip")
    assert "style-src 'self'" in page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert page.get_by_role("button", name="Tampilkan").evaluate("e => getComputedStyle(e).marginTop") == "0px"
    page.goto(f"{site}/ppid/permohonan")
    officer_page.goto(f"{site}/ppid/petugas")
    logout = officer_page.get_by_role("button", name="Keluar")
    assert logout.evaluate("e => [getComputedStyle(e).marginTop, getComputedStyle(e).paddingTop]") == ["0px", "1.6px"]
    officer_page.goto(f"{site}/ppid/petugas/laporan")
    assert officer_page.get_by_role("button", name="Tampilkan").evaluate("e => getComputedStyle(e).marginTop") == "0px"
    assert violations == []


def test_a_citizen_who_lost_the_code_recovers_it_by_email_and_tracks_again(site, page, app, client, valid_request):
    import re

    from sqlalchemy import select

    from ppid.models import mail_outbox

    receipt = client.post("/api/ppid/requests", json=valid_request).json
    page.goto(f"{site}/ppid/lacak")
    go(page.get_by_role("link", name="Lupa kode pelacakan?"))
    go(page.get_by_role("button", name="Kirim kode baru"))
    assert "Wajib diisi" in page.content() or page.get_by_role("alert").count() > 0
    page.get_by_label("Email atau nomor telepon", exact=True).fill(valid_request["email"])
    go(page.get_by_role("button", name="Kirim kode baru"))
    assert page.url.endswith("/ppid/lacak/lupa-kode/terkirim") and valid_request["email"] not in page.url
    assert "Bila ada permohonan dengan kontak ini" in page.get_by_role("status").inner_text()
    page.reload()  # reloading the answer sends nothing again
    with app.extensions["suite"].db.session() as session:
        bodies = session.scalars(
            select(mail_outbox.c.body).where(mail_outbox.c.subject == "Kode pelacakan baru permohonan informasi")
        ).all()
    (code,) = re.findall(rf"{receipt['registration_number']}: kode pelacakan ([A-Z0-9]{{10}})", bodies[0])
    assert len(bodies) == 1
    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(receipt["registration_number"])
    page.get_by_label("Kode pelacakan", exact=True).fill(receipt["tracking_code"])
    go(page.get_by_role("button", name="Lacak"))
    assert "tidak cocok" in page.get_by_role("alert").inner_text(), "the old code no longer works"
    track_in(page, site, receipt["registration_number"], code)
    assert page.locator("#status").inner_text() == "Diterima"
