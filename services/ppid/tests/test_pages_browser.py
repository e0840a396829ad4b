"""The citizen's pages in a real headless Chromium, on a phone-sized screen, without any JavaScript of ours."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from chassis.testing import live_server


@pytest.fixture
def site(app):
    with live_server(app) as url:
        yield url


def fill_request(page, valid_request):
    page.get_by_label("Nama lengkap", exact=True).fill(valid_request["name"])
    page.get_by_label("NIK", exact=True).fill(valid_request["nik"])
    page.get_by_label("Alamat", exact=True).fill(valid_request["address"])
    page.get_by_label("Nomor telepon (tidak wajib)", exact=True).fill(valid_request["phone"])
    page.get_by_label("Email (tidak wajib)", exact=True).fill(valid_request["email"])
    page.get_by_label("Pekerjaan", exact=True).fill(valid_request["occupation"])
    page.get_by_label("Rincian informasi yang dibutuhkan", exact=True).fill(valid_request["information"])
    page.get_by_label("Tujuan penggunaan informasi", exact=True).fill(valid_request["purpose"])
    page.get_by_label("Salinan elektronik (softcopy)", exact=True).check()
    page.get_by_label("Email", exact=True).check()


def test_a_citizen_files_tracks_and_objects_and_sees_the_decision(site, page, client, officer, valid_request):
    page.goto(f"{site}/ppid/permohonan")
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Pemberitahuan privasi" in page.content()
    page.get_by_role("button", name="Kirim permohonan").click()
    assert page.get_by_role("alert").is_visible(), "an empty form shows what to fix"
    assert page.locator("#nik").get_attribute("aria-invalid") == "true"

    fill_request(page, valid_request)
    page.get_by_label("NIK", exact=True).fill("1234")
    page.get_by_role("button", name="Kirim permohonan").click()
    assert "NIK harus 16 digit" in page.locator("#nik-error").inner_text()
    assert page.get_by_label("Nama lengkap", exact=True).input_value() == valid_request["name"], (
        "what was typed is kept"
    )
    page.get_by_label("NIK", exact=True).fill(valid_request["nik"])
    page.get_by_label("Salinan elektronik (softcopy)", exact=True).check()
    page.get_by_label("Email", exact=True).check()
    page.get_by_role("button", name="Kirim permohonan").click()

    number = page.locator("#registration-number").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    assert number.startswith("PPID-7174-") and len(code) == 10
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh tanda bukti (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert number in " ".join(p.extract_text() for p in pdf.pages)

    page.goto(f"{site}/ppid/lacak")
    page.get_by_label("Nomor pendaftaran", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill("SALAH12345")
    page.get_by_role("button", name="Lacak").click()
    assert "tidak cocok" in page.get_by_role("alert").inner_text()
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    page.get_by_role("button", name="Lacak").click()
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
    page.get_by_role("button", name="Lacak").click()
    assert page.locator("#decision").inner_text().startswith("Ditolak")
    assert page.get_by_role("button", name="Unduh pemberitahuan tertulis (PDF)").is_visible()

    page.get_by_role("link", name="mengajukan keberatan").click()
    page.get_by_label("Nomor pendaftaran permohonan", exact=True).fill(number)
    page.get_by_label("Kode pelacakan", exact=True).fill(code)
    page.get_by_role("button", name="Kirim keberatan").click()
    assert "Alasan keberatan" in page.get_by_role("alert").inner_text(), "grounds and reason are required"
    page.get_by_label("a. permintaan informasi ditolak").check()
    page.get_by_label("Uraian keberatan", exact=True).fill("Data yang saya minta bukan data pribadi.")
    page.get_by_role("button", name="Kirim keberatan").click()
    assert page.locator("#objection-number").inner_text().startswith("KEB-7174-")
