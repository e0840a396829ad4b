"""Issue 18 end to end in a real Chromium: a citizen files and reads the privacy notice; the OPD officer answers
without ever seeing the NIK; the PPID officer reveals it with a reason; the data protection officer finds that
reveal in the access log and in its CSV."""

from __future__ import annotations

import csv
import io

import pytest

from chassis.testing import live_server


def go(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


@pytest.fixture
def site(app):
    with live_server(app) as url:
        yield url


@pytest.fixture
def as_role(chromium, tokens):
    """``as_role(role, username, opd=None)``: a page whose requests carry that person's token, as the gateway adds
    it from the login cookie."""
    contexts = []

    def open_page(role: str, username: str, opd: str | None = None):
        context = chromium.new_context(
            locale="id-ID",
            accept_downloads=True,
            extra_http_headers={"Authorization": f"Bearer {tokens.token(role, username=username, opd=opd)}"},
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_filed_seen_masked_answered_by_the_opd_revealed_with_a_reason_and_found_in_the_log(
    site, page, as_role, client, officer, valid_request
):
    page.goto(f"{site}/ppid/permohonan")
    notice = page.locator(".privacy-notice, #privasi").first
    assert "Pemberitahuan privasi" in page.content() and notice.is_visible()
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    moved = client.post(f"/api/ppid/requests/{number}/dispose", json={"opds": ["dinkes"], "note": "Data DPA"},
                        headers=officer)  # fmt: skip
    assert moved.status_code == 200, moved.json

    opd = as_role("ppid:opd_officer", "pelaksana.dinkes", opd="dinkes")
    opd.goto(f"{site}/ppid/petugas/permohonan/{number}")
    assert valid_request["information"] in opd.content(), "the OPD reads what is asked"
    for secret in (valid_request["nik"], valid_request["address"], valid_request["email"], valid_request["name"]):
        assert secret not in opd.content(), f"the OPD officer sees {secret}"
    assert opd.get_by_role("button", name="Tampilkan data pribadi").count() == 0
    opd.get_by_label("Ya").check()
    opd.get_by_label("Jawaban", exact=True).fill("DPA Dinas Kesehatan 2026 terlampir.")
    go(opd.get_by_role("button", name="Jawab"))
    assert "selesai" in opd.get_by_role("status").inner_text()
    assert valid_request["nik"] not in opd.content()

    ppid = as_role("ppid:officer", "petugas.ppid")
    ppid.goto(f"{site}/ppid/petugas/permohonan/{number}")
    assert ppid.locator("#nik").inner_text() == "7174 **** **** 0002"
    ppid.get_by_label("Lainnya (jelaskan)").check()
    go(ppid.get_by_role("button", name="Tampilkan data pribadi"))
    assert "Jelaskan alasan" in ppid.get_by_role("alert").inner_text(), "'other' needs its reason in words"
    ppid.get_by_label("Lainnya (jelaskan)").check()
    ppid.get_by_label('Keterangan (wajib untuk "Lainnya")').fill("Menelepon pemohon: email tidak terkirim")
    go(ppid.get_by_role("button", name="Tampilkan data pribadi"))
    assert ppid.locator("#nik").inner_text() == valid_request["nik"]

    dpo = as_role("privacy:officer", "dpo.kantor")
    dpo.goto(f"{site}/ppid/petugas/log-akses")
    row = dpo.locator("#access-log tbody tr")
    assert row.count() == 1, "one reveal, one row: the refused attempt opened nothing"
    text = row.inner_text()
    assert "petugas.ppid" in text and number in text and "Menelepon pemohon" in text and "Membuka" in text
    assert valid_request["nik"] not in dpo.content()
    with dpo.expect_download() as download:
        dpo.get_by_role("link", name="Unduh CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))  # noqa: SIM115
    assert [(r["actor"], r["action"], r["record_id"], r["reason"]) for r in rows] == [
        ("petugas.ppid", "reveal", number, "other")
    ]
