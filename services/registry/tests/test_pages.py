"""The registry's pages: public period and partners, the outlet's own pages, the staff console; who may see what."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest

from chassis.testing import TINY_PNG

PDF = b"%PDF-1.7\n% akta\n%%EOF\n"
PNG = TINY_PNG
NIK = "7174010101900003"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def period(new_period):
    return new_period(
        closes_at=(now() + dt.timedelta(days=10)).replace(microsecond=0).isoformat(),
        requirements=[
            {"code": "akta", "label": "Akta pendirian"},
            {"code": "pers", "label": "Sertifikat Dewan Pers", "expires": True},
            {"code": "foto", "label": "Foto kantor", "required": False},
        ],
        tiers=[{"code": "a", "label": "Tingkat A", "rate": 1_500_000, "quota": 12}],
    )


def form_post(client, url, headers, data, **kwargs):
    return client.post(url, data=data, headers=headers, **kwargs)


def register(client, partner, outlet) -> None:
    form = {k: v for k, v in outlet.items() if k != "entity_type"} | {"entity_type": "pt", "dewan_pers_status": "none"}
    answer = form_post(client, "/registry/mitra/perusahaan", partner, form)
    assert answer.status_code == 303, answer.text


def apply_with_documents(client, partner, outlet, period) -> int:
    register(client, partner, outlet)
    answer = form_post(client, "/registry/mitra/daftar", partner, {"period_id": period["id"], "tier": "a"})
    assert answer.status_code == 303, answer.text
    application_id = int(re.search(r"/pendaftaran/(\d+)", answer.headers["Location"]).group(1))
    listed = client.get("/registry/mitra", headers=partner).text
    assert re.search(rf"/pendaftaran/{application_id}\">[^<]+</a></td><td>Tingkat A</td>", listed), "tier by label"
    base = f"/registry/mitra/pendaftaran/{application_id}/dokumen"
    akta = {"file": (io.BytesIO(PDF), "akta.pdf")}
    assert form_post(client, f"{base}/akta", partner, akta, content_type="multipart/form-data").status_code == 303
    pers = {"file": (io.BytesIO(PNG), "pers.png"), "expires_on": "2030-01-31"}
    assert form_post(client, f"{base}/pers", partner, pers, content_type="multipart/form-data").status_code == 303
    submitted = form_post(client, f"/registry/mitra/pendaftaran/{application_id}/ajukan", partner, {})
    assert submitted.status_code == 303, submitted.text
    return application_id


def test_public_page_shows_the_open_period_its_requirements_tiers_and_closing_time_in_the_office_zone(client, period):
    html = client.get("/registry/").text
    closes = dt.datetime.fromisoformat(period["closes_at"]).astimezone(ZoneInfo("Asia/Jakarta"))
    assert "Kemitraan media 2027" in html
    assert "Akta pendirian" in html and "Foto kantor (tidak wajib)" in html
    assert "Tingkat A" in html and "Rp 1.500.000" in html
    assert f"{closes:%d-%m-%Y %H.%M} WIB" in html
    assert "Sisa waktu: 9 hari" in html  # readable without the countdown script


def test_public_page_says_when_the_next_period_opens_or_that_none_is_open(client, verifier):
    assert "tidak ada masa pendaftaran" in client.get("/registry/").text
    opens = (now() + dt.timedelta(days=3)).replace(microsecond=0)
    body = {
        "fiscal_year": 2027,
        "name": "Kemitraan 2027",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + dt.timedelta(days=5)).isoformat(),
    }
    assert client.post("/api/registry/periods", json=body, headers=verifier).status_code == 201
    html = client.get("/registry/").text
    assert f"dibuka <strong>{opens.astimezone(ZoneInfo('Asia/Jakarta')):%d-%m-%Y %H.%M} WIB" in html


def test_periods_of_different_kinds_open_at_once_are_each_shown_and_applied_for(
    client, verifier, partner, outlet, period
):
    body = {
        "kind": "kim",
        "fiscal_year": 2027,
        "name": "Pendaftaran KIM 2027",
        "opens_at": (now() - dt.timedelta(hours=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=2)).isoformat(),
    }
    assert client.post("/api/registry/periods", json=body, headers=verifier).status_code == 201
    public = client.get("/registry/").text
    assert "Kemitraan media 2027" in public and "Pendaftaran KIM 2027" in public
    register(client, partner, outlet)
    dashboard = client.get("/registry/mitra", headers=partner).text
    assert "Daftar pada Kemitraan media 2027" in dashboard and "Daftar pada Pendaftaran KIM 2027" in dashboard
    form_post(client, "/registry/mitra/daftar", partner, {"period_id": period["id"], "tier": "a"})
    dashboard = client.get("/registry/mitra", headers=partner).text
    assert "Daftar pada Kemitraan media 2027" not in dashboard and "Daftar pada Pendaftaran KIM 2027" in dashboard


@pytest.mark.parametrize(
    "path", ["/registry/mitra", "/registry/mitra/perusahaan", "/registry/konsol", "/registry/konsol/laporan"]
)
def test_pages_send_anyone_without_a_login_to_the_gateway_login(client, path):
    answer = client.get(path)
    assert answer.status_code == 303 and answer.headers["Location"] == f"/masuk?next={path}"


def test_the_wrong_role_is_told_access_is_refused_and_staff_only_actions_are_forbidden(
    client, partner, verifier, approver
):
    refused = client.get("/registry/konsol", headers={**partner, "Accept": "text/html"})
    assert refused.status_code == 403 and "Akses ditolak" in refused.text
    assert "Anda masuk sebagai" in refused.text and "Masuk dengan akun lain" in refused.text
    assert "Verifikator kemitraan media" in refused.text, "the roles it needs, in words"
    assert "Mitra media (akun perusahaan pers)" in refused.text, "the roles held, in words"
    assert client.get("/registry/mitra", headers=verifier).status_code == 403
    assert form_post(client, "/registry/konsol/sk", verifier, {"number": "SK/1"}).status_code == 403
    assert form_post(client, "/registry/konsol/pendaftaran/1/periksa", approver, {}).status_code == 403
    assert form_post(client, "/registry/konsol/kontrak", approver, {}).status_code == 403
    assert form_post(client, "/registry/konsol/bukti/1", approver, {"accepted": "ya"}).status_code == 403


def test_outlet_form_shows_each_error_next_to_its_field_and_keeps_the_input(client, partner, outlet):
    form = {**outlet, "npwp": "12345", "nib": "", "website": "bukan-url"}
    answer = form_post(client, "/registry/mitra/perusahaan", partner, form)
    assert answer.status_code == 422
    html = answer.text
    assert re.search(r'<p class="error" id="npwp-error">[^<]*15 atau 16', html)
    assert 'id="nib-error">Wajib diisi.' in html
    assert 'id="website-error">URL tidak valid.' in html
    assert 'name="npwp" id="npwp" aria-invalid="true" aria-describedby="npwp-error"' in html
    assert 'value="Totabuan News"' in html  # what was typed stays
    unnamed = form_post(client, "/registry/mitra/perusahaan", partner, {**outlet, "brand": " "})
    assert 'id="brand-error">Wajib diisi.' in unnamed.text


def test_partner_registers_its_outlet_adds_a_journalist_and_sees_the_full_nik(client, partner, outlet, period):
    register(client, partner, outlet)
    journalist = {
        "name": "Rina Mokoginta",
        "nik": NIK,
        "role": "editor_in_chief",
        "ukw_level": "utama",
        "ukw_certificate_no": "UKW-123",
        "ukw_certified_on": "2024-05-02",
    }
    assert form_post(client, "/registry/mitra/wartawan", partner, journalist).status_code == 303
    html = client.get("/registry/mitra", headers=partner).text
    assert "Totabuan News" in html and "Rina Mokoginta" in html and NIK in html and "Pemimpin redaksi" in html
    bad = form_post(client, "/registry/mitra/wartawan", partner, {**journalist, "nik": "123"})
    assert bad.status_code == 422 and 'id="nik-error">NIK harus 16 digit angka.' in bad.text
    again = form_post(client, "/registry/mitra/perusahaan", partner, outlet)
    assert again.status_code == 409 and "sudah terdaftar" in again.text


def test_an_upload_error_is_shown_at_its_requirement(client, partner, outlet, period):
    register(client, partner, outlet)
    answer = form_post(client, "/registry/mitra/daftar", partner, {"period_id": period["id"], "tier": "a"})
    url = answer.headers["Location"].split("?")[0]
    fake = {"file": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "akta.pdf")}
    refused = form_post(client, f"{url}/dokumen/akta", partner, fake, content_type="multipart/form-data")
    assert refused.status_code == 415 and "Jenis berkas tidak didukung." in refused.text
    no_date = {"file": (io.BytesIO(PDF), "pers.pdf")}
    missing = form_post(client, f"{url}/dokumen/pers", partner, no_date, content_type="multipart/form-data")
    assert missing.status_code == 422 and 'id="expires_on-error"' in missing.text
    early = form_post(client, f"{url}/ajukan", partner, {})
    assert early.status_code == 409 and "Akta pendirian belum diunggah." in early.text


def test_another_outlets_application_is_not_found(client, partner, tokens, outlet, period):
    application_id = apply_with_documents(client, partner, outlet, period)
    other = tokens.headers("media:partner", username="lain")
    assert client.get(f"/registry/mitra/pendaftaran/{application_id}", headers=other).status_code == 404
    upload = {"file": (io.BytesIO(PDF), "akta.pdf")}
    sneaky = form_post(
        client,
        f"/registry/mitra/pendaftaran/{application_id}/dokumen/akta",
        other,
        upload,
        content_type="multipart/form-data",
    )
    assert sneaky.status_code == 404


def test_from_revision_to_payment_through_the_pages(app, client, partner, verifier, approver, outlet, period):
    application_id = apply_with_documents(client, partner, outlet, period)
    console = f"/registry/konsol/pendaftaran/{application_id}"
    queue = client.get("/registry/konsol", headers=verifier)
    assert queue.status_code == 200 and f'href="{console}"' in queue.text and "Totabuan News" in queue.text
    assert client.get("/registry/konsol?status=draft", headers=verifier).status_code == 404, "drafts stay the outlet's"
    shown = client.get(console, headers=verifier).text
    assert f"/api/registry/applications/{application_id}/documents/akta/file" in shown
    assert 'alt="Pratinjau Sertifikat Dewan Pers yang diunggah"' in shown, "an image is shown beside its review"
    inline = client.get(f"{console}/dokumen/akta", headers=verifier)
    assert (
        inline.status_code == 200 and inline.data == PDF and inline.headers["Content-Disposition"].startswith("inline")
    )
    assert inline.mimetype == "application/pdf" and f'data="{console}/dokumen/akta"' in shown
    assert client.get(f"{console}/dokumen/akta", headers=partner).status_code == 403, "staff only"

    unexplained = form_post(client, f"{console}/periksa", verifier, {"dok-akta": "tolak", "decision": "revise"})
    assert unexplained.status_code == 422 and 'id="documents.akta.note-error"' in unexplained.text
    returned = form_post(
        client,
        f"{console}/periksa",
        verifier,
        {"dok-akta": "tolak", "catatan-akta": "Akta tidak terbaca", "dok-pers": "terima", "decision": "revise"},
    )
    assert returned.status_code == 303
    mine = client.get(f"/registry/mitra/pendaftaran/{application_id}", headers=partner).text
    assert "Perlu diperbaiki" in mine and "Catatan verifikator: Akta tidak terbaca" in mine
    assert "<td>Dikembalikan untuk perbaikan</td>" in mine  # the history in words

    base = f"/registry/mitra/pendaftaran/{application_id}"
    fixed = {"file": (io.BytesIO(PDF + b"% jelas\n"), "akta-baru.pdf")}
    assert (
        form_post(client, f"{base}/dokumen/akta", partner, fixed, content_type="multipart/form-data").status_code == 303
    )
    assert form_post(client, f"{base}/ajukan", partner, {}).status_code == 303
    verified = form_post(client, f"{console}/periksa", verifier, {"dok-akta": "terima", "decision": "verify"})
    assert verified.status_code == 303, verified.text
    assert "Terverifikasi" in client.get(console, headers=verifier).text

    decree_page = client.get(f"/registry/konsol/sk?period_id={period['id']}", headers=approver).text
    assert f'name="application_ids" value="{application_id}" checked' in decree_page
    today = dt.date.today().isoformat()
    decree = {
        "period_id": period["id"],
        "application_ids": str(application_id),
        "number": "800/12/SK/2027",
        "signed_on": today,
        "signer": "Kepala Dinas",
    }
    issued = form_post(client, "/registry/konsol/sk", approver, decree)
    assert issued.status_code == 303, issued.text
    assert "Lampiran SK 800/12/SK/2027 (PDF)" in client.get(issued.headers["Location"], headers=approver).text

    contract = {
        "application_id": application_id,
        "period_id": period["id"],
        "number": "K-1/2027",
        "starts_on": today,
        "ends_on": (dt.date.today() + dt.timedelta(days=200)).isoformat(),
        "value": "200000000",
        "quota": "12",
        "rate": "1500000",
    }
    over = form_post(client, "/registry/konsol/kontrak", verifier, contract)
    assert over.status_code == 409 and "sisa anggaran" in over.text
    made = form_post(client, "/registry/konsol/kontrak", verifier, {**contract, "value": "18000000"})
    assert made.status_code == 303, made.text

    from chassis.web import unit_of_work  # a release as the newsroom's event leaves it in the read model
    from registry.models import Contract, Release

    with app.app_context(), unit_of_work() as uow:
        uow.session.add(
            Release(
                article_id=501,
                type="release",
                title="Festival Pesisir dibuka",
                url="https://x.id/1",
                published_at=now() - dt.timedelta(hours=1),
            )
        )
        uow.commit()
        contract_id = uow.session.query(Contract.id).scalar()
    contract_page = client.get(f"/registry/mitra/kontrak/{contract_id}", headers=partner).text
    assert '<option value="501"' in contract_page and "Festival Pesisir dibuka" in contract_page
    local_today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date().isoformat()
    proof = {"release_id": "501", "url": "https://totabuan.example.id/festival", "published_on": local_today}
    bare = form_post(client, f"/registry/mitra/kontrak/{contract_id}/bukti", partner, proof)
    assert bare.status_code == 422 and 'id="screenshot-error">Unggah tangkapan layar' in bare.text

    def with_capture(fields):
        return {**fields, "screenshot": (io.BytesIO(PNG), "tayang.png")}

    sent = form_post(client, f"/registry/mitra/kontrak/{contract_id}/bukti", partner, with_capture(proof))
    assert sent.status_code == 303, sent.text
    twice = form_post(client, f"/registry/mitra/kontrak/{contract_id}/bukti", partner, with_capture(proof))
    assert twice.status_code == 409 and 'id="release_id-error">Sudah dibuktikan' in twice.text

    waiting = client.get("/registry/konsol/bukti", headers=verifier).text
    proof_id = int(re.search(r"/registry/konsol/bukti/(\d+)", waiting).group(1))
    assert "Festival Pesisir dibuka" in waiting
    assert form_post(client, f"/registry/konsol/bukti/{proof_id}", verifier, {"accepted": "ya"}).status_code == 303
    owed = client.get(f"/registry/mitra/kontrak/{contract_id}", headers=partner).text
    assert "Rp 1.500.000" in owed and "Diterima" in owed and "Menunggu SPJ" in owed  # the month's payment status
    report = client.get(f"/registry/konsol/laporan?period_id={period['id']}", headers=verifier).text
    for kind in ("csv", "xlsx"):
        assert f"/api/registry/reports/payments?period_id={period['id']}&amp;format={kind}" in report
    assert "K-1/2027" in report
    assert "Totabuan News" in client.get("/registry/").text  # now an active partner


def test_the_office_sees_journalists_nik_masked_and_only_the_verifier_is_offered_to_reveal_it(
    client, partner, approver, verifier, outlet, period
):
    application_id = apply_with_documents(client, partner, outlet, period)
    journalist = {"name": "Rina", "nik": NIK, "role": "reporter"}
    assert form_post(client, "/registry/mitra/wartawan", partner, journalist).status_code == 303
    for staff in (verifier, approver):
        masked = client.get(f"/registry/konsol/pendaftaran/{application_id}", headers=staff).text
        assert NIK not in masked and "7174 **** **** 0003" in masked
    assert "Tampilkan NIK" in client.get(f"/registry/konsol/pendaftaran/{application_id}", headers=verifier).text
    assert "Tampilkan NIK" not in client.get(f"/registry/konsol/pendaftaran/{application_id}", headers=approver).text


def contract_through_the_api(client, partner, verifier, approver, outlet, period, days: int = 90) -> dict:
    application_id = apply_with_documents(client, partner, outlet, period)
    base = f"/api/registry/applications/{application_id}"
    review = {"documents": {"akta": {"accepted": True}, "pers": {"accepted": True}}, "decision": "verify"}
    assert client.post(f"{base}/review", json=review, headers=verifier).status_code == 200
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    decree = {
        "period_id": period["id"],
        "number": "SK-9",
        "signed_on": today.isoformat(),
        "application_ids": [application_id],
    }
    assert client.post("/api/registry/decrees", json=decree, headers=approver).status_code == 201
    body = {
        "application_id": application_id,
        "number": "K-9",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=days)).isoformat(),
        "value": 18_000_000,
        "quota": 12,
        "rate": 1_500_000,
    }
    created = client.post("/api/registry/contracts", json=body, headers=verifier)
    assert created.status_code == 201, created.json
    return created.json


def test_the_partner_hands_in_its_spj_and_the_office_checks_and_pays_the_month(
    app, client, partner, verifier, approver, outlet, period, file_proof
):
    contract = contract_through_the_api(client, partner, verifier, approver, outlet, period)
    from chassis.web import unit_of_work
    from registry.models import Release

    with app.app_context(), unit_of_work() as uow:
        uow.session.add(
            Release(article_id=77, type="release", title="Rilis", published_at=now() - dt.timedelta(hours=2))
        )
        uow.commit()
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    proof = {
        "contract_id": contract["id"],
        "release_id": 77,
        "url": "https://t.example.id/1",
        "published_on": today.isoformat(),
    }
    made = file_proof(partner, **proof)
    accepted = client.post(f"/api/registry/proofs/{made.json['id']}/review", json={"accepted": True}, headers=verifier)
    assert accepted.status_code == 200
    month = today.strftime("%Y-%m")
    page_url = f"/registry/mitra/kontrak/{contract['id']}"
    early = form_post(client, f"{page_url}/bulan/{month}/ajukan", partner, {})
    assert early.status_code == 409 and "Unggah dokumen SPJ dulu." in early.text
    spj = {"file": (io.BytesIO(PDF), "kuitansi.pdf")}
    uploaded = form_post(client, f"{page_url}/bulan/{month}/spj", partner, spj, content_type="multipart/form-data")
    assert uploaded.status_code == 303, uploaded.text
    assert form_post(client, f"{page_url}/bulan/{month}/ajukan", partner, {}).status_code == 303
    assert "SPJ diajukan" in client.get(page_url, headers=partner).text

    office = client.get("/registry/konsol/pembayaran?status=spj_submitted", headers=verifier)
    assert office.status_code == 200 and "kuitansi.pdf" in office.text and "Rp 1.500.000" in office.text
    moves = f"/registry/konsol/pembayaran/{contract['id']}/{month}"
    assert form_post(client, f"{moves}/check", verifier, {}).status_code == 303
    too_much = form_post(client, f"{moves}/pay", verifier, {"paid_on": today.isoformat(), "amount": "2000000"})
    assert too_much.status_code == 422 and 'id="amount-error">Melebihi jumlah yang harus dibayar' in too_much.text
    paid = {"paid_on": today.isoformat(), "amount": "1500000", "tax_withheld": "30000"}
    assert form_post(client, f"{moves}/pay", approver, paid).status_code == 303
    mine = client.get(page_url, headers=partner).text
    assert "Dibayar: Rp 1.500.000" in mine and "pajak dipotong Rp 30.000" in mine
    assert form_post(client, f"{moves}/pay", partner, paid).status_code == 403, "partners are refused (akses ditolak)"


def test_the_public_kim_list_shows_groups_under_a_region(client, verifier):
    for code, name in (("71.74.01.2001", "KIM Mogolaing"), ("72.01.01", "KIM Banggai")):
        body = {"region_code": code, "name": name, "chair": "Ketua", "decree_number": "SK/KIM/1"}
        assert client.post("/api/registry/kim", json=body, headers=verifier).status_code == 201
    listed = client.get("/registry/kim?region=71.74").text
    assert "KIM Mogolaing" in listed and "KIM Banggai" not in listed and "Ketua" not in listed
    bad = client.get("/registry/kim?region=xx")
    assert bad.status_code == 200 and "Awalan kode wilayah" in bad.text


def test_every_point_is_explained_and_a_rejected_outlet_appeals_once(client, partner, verifier, approver, outlet):
    criteria = [
        {
            "code": "dewan_pers",
            "label": "Verifikasi Dewan Pers",
            "max_points": 30,
            "options": [
                {"code": "factual", "label": "Faktual", "points": 30},
                {"code": "none", "label": "Belum", "points": 0},
            ],
        },
        {
            "code": "months",
            "label": "Terbit teratur",
            "max_points": 20,
            "unit": "bulan",
            "bands": [{"min": 6, "points": 10}, {"min": 12, "points": 20}],
        },
    ]
    body = {
        "fiscal_year": 2027,
        "name": "Kemitraan berskor",
        "appeal_days": 7,
        "opens_at": (now() - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=10)).isoformat(),
        "requirements": [{"code": "akta", "label": "Akta pendirian"}],
        "criteria": criteria,
        "tiers": [{"code": "utama", "label": "Utama", "rate": 2_000_000, "quota": 5, "min_score": 40}],
    }
    period = client.post("/api/registry/periods", json=body, headers=verifier).json
    register(client, partner, outlet)
    answer = form_post(client, "/registry/mitra/daftar", partner, {"period_id": period["id"], "tier": "utama"})
    url = answer.headers["Location"].split("?")[0]
    assert "Faktual = 30 poin" in client.get(url, headers=partner).text, "how points are given is on the page"
    claimed = form_post(client, f"{url}/skor/dewan_pers", partner, {"value": "factual", "evidence_text": "Sertifikat"})
    assert claimed.status_code == 303, claimed.text
    no_evidence = form_post(client, f"{url}/skor/months", partner, {"value": "14"})
    assert no_evidence.status_code == 422 and 'id="file-error">Sertakan bukti' in no_evidence.text
    with_file = {"value": "14", "file": (io.BytesIO(PDF), "arsip.pdf")}
    assert (
        form_post(client, f"{url}/skor/months", partner, with_file, content_type="multipart/form-data").status_code
        == 303
    )
    form_post(
        client,
        f"{url}/dokumen/akta",
        partner,
        {"file": (io.BytesIO(PDF), "akta.pdf")},
        content_type="multipart/form-data",
    )
    assert form_post(client, f"{url}/ajukan", partner, {}).status_code == 303

    console = f"/registry/konsol/pendaftaran/{url.rsplit('/', 1)[1]}"
    shown = client.get(console, headers=verifier).text
    assert "Klaim: 14 bulan (mulai 12 bulan): 20 poin" in shown and "arsip.pdf" in shown
    silent = form_post(client, f"{console}/skor", verifier, {"nilai-dewan_pers": "factual", "nilai-months": "8"})
    assert silent.status_code == 422 and 'id="criteria.months.note-error"' in silent.text
    corrected = {"nilai-dewan_pers": "factual", "nilai-months": "8", "catatan-skor-months": "Arsip baru 8 bulan"}
    assert form_post(client, f"{console}/skor", verifier, corrected).status_code == 303
    mine = client.get(url, headers=partner).text
    assert "Dikoreksi verifikator" in mine and "catatan verifikator: Arsip baru 8 bulan" in mine
    assert "dikonfirmasi verifikator <strong>40</strong>" in mine

    reject = {"dok-akta": "terima", "decision": "reject", "reason": "Kantor redaksi tidak ditemukan"}
    assert form_post(client, f"{console}/periksa", verifier, reject).status_code == 303
    rejected = client.get(url, headers=partner).text
    assert "Keputusan: Kantor redaksi tidak ditemukan" in rejected and "Ajukan banding" in rejected
    assert (
        form_post(client, f"{url}/banding", partner, {"reason": "Kantor pindah; alamat baru terlampir"}).status_code
        == 303
    )
    assert "menunggu keputusan pimpinan" in client.get(url, headers=partner).text
    assert "Ajukan banding" not in client.get(url, headers=partner).text, "only once"
    waiting = client.get(console, headers=approver).text
    assert "Alasan perusahaan pers: Kantor pindah" in waiting
    unexplained = form_post(client, f"{console}/banding", approver, {"granted": "tidak"})
    assert unexplained.status_code == 422 and 'id="reason-error"' in unexplained.text
    assert form_post(client, f"{console}/banding", verifier, {"granted": "ya"}).status_code == 403
    assert form_post(client, f"{console}/banding", approver, {"granted": "ya"}).status_code == 303
    assert "Diajukan" in client.get(console, headers=verifier).text


def test_the_verifier_adds_a_catalogue_document_and_opens_a_period_in_office_time(client, verifier, approver):
    added = form_post(client, "/registry/konsol/katalog", verifier, {"code": "akta", "label": "Akta pendirian"})
    assert added.status_code == 303, added.text
    again = form_post(client, "/registry/konsol/katalog", verifier, {"code": "akta", "label": "Akta"})
    assert again.status_code == 409 and 'id="code-error">Kode sudah dipakai.' in again.text
    form = {
        "name": "Kemitraan 2028",
        "fiscal_year": "2028",
        "kind": "kemitraan",
        "budget": "50000000",
        "opens_at": "2028-01-05T08:00",
        "closes_at": "2028-01-04T16:00",
        "requirements": "akta",
        "require_dewan_pers": "on",
        "tier-code-0": "a",
        "tier-label-0": "Tingkat A",
    }
    wrong = form_post(client, "/registry/konsol/masa", verifier, form)
    assert wrong.status_code == 422 and 'id="tiers.0.rate-error">Wajib diisi.' in wrong.text
    fixed = {**form, "tier-rate-0": "1000000", "tier-quota-0": "10"}
    backwards = form_post(client, "/registry/konsol/masa", verifier, fixed)
    assert backwards.status_code == 422 and 'id="closes_at-error">Harus setelah waktu dibuka.' in backwards.text
    made = form_post(client, "/registry/konsol/masa", verifier, {**fixed, "closes_at": "2028-01-31T16:00"})
    assert made.status_code == 303, made.text
    (period,) = client.get("/api/registry/periods").json["items"]
    assert period["opens_at"].startswith("2028-01-05T01:00:00"), "08.00 WIB is 01.00 UTC"
    assert period["requirements"] == [{"code": "akta", "required": True}] and period["requires_dewan_pers"]
    assert period["tiers"][0]["rate"] == 1_000_000
    listed = client.get("/registry/konsol/masa", headers=approver).text
    assert "05-01-2028 08.00 WIB" in listed and "Buka masa pendaftaran</button>" not in listed, "the verifier opens"
    assert form_post(client, "/registry/konsol/masa", approver, fixed).status_code == 403


def test_staff_suspend_resume_and_end_a_contract_with_the_reason_shown(
    client, partner, verifier, approver, outlet, period
):
    contract = contract_through_the_api(client, partner, verifier, approver, outlet, period)
    base = f"/registry/konsol/kontrak/{contract['id']}"
    assert "Totabuan News" in client.get("/registry/").text
    unexplained = form_post(client, f"{base}/suspend", verifier, {})
    assert unexplained.status_code == 422 and 'id="reason-error">Sebutkan alasannya.' in unexplained.text
    assert form_post(client, f"{base}/suspend", approver, {"reason": "SPJ fiktif"}).status_code == 303
    listed = client.get(f"/registry/konsol/kontrak?period_id={period['id']}", headers=verifier).text
    assert "Ditangguhkan (SPJ fiktif)" in listed and "Lanjutkan K-9" in listed and "Tangguhkan K-9" not in listed
    assert "Totabuan News" not in client.get("/registry/").text, "only active partners are listed"
    assert form_post(client, f"{base}/resume", verifier, {}).status_code == 303
    assert form_post(client, f"{base}/end", verifier, {}).status_code == 303
    assert form_post(client, f"{base}/resume", verifier, {}).status_code == 409
    assert form_post(client, f"{base}/end", partner, {}).status_code == 403, "partners are refused (akses ditolak)"


def test_the_outlet_invites_its_staff_who_accept_on_the_page_and_work_for_it(app, client, partner, tokens, outlet):
    from sqlalchemy import select

    from registry.models import mail_outbox

    register(client, partner, outlet)
    bad = form_post(client, "/registry/mitra/staf", partner, {"email": "bukan surel"})
    assert bad.status_code == 422 and 'id="email-error"' in bad.text
    assert form_post(client, "/registry/mitra/staf", partner, {"email": "rekan@totabuan.example.id"}).status_code == 303
    assert "rekan@totabuan.example.id" in client.get("/registry/mitra", headers=partner).text
    with app.extensions["suite"].db.session() as session:
        (body,) = [
            m.body
            for m in session.execute(select(mail_outbox).where(mail_outbox.c.to_address == "rekan@totabuan.example.id"))
        ]
    link = re.search(r"https?://[^/]+(/registry/mitra/undangan/\S+)", body).group(1)
    assert client.get(link).status_code == 303, "log in (or sign up) first"
    colleague = tokens.headers("media:partner", username="rekan")
    assert "Terima undangan" in client.get(link, headers=colleague).text
    assert form_post(client, link, colleague, {}).status_code == 303
    mine = client.get("/registry/mitra", headers=colleague).text
    assert "Totabuan News" in mine and "Kirim undangan" not in mine, "staff work for the outlet; the owner invites"
    again = form_post(client, link, colleague, {})
    assert again.status_code == 404 and "sudah dipakai" in again.text


def test_the_overview_shows_the_periods_figures_and_what_expires_or_ends_soon(
    client, partner, verifier, approver, outlet, period
):
    contract_through_the_api(client, partner, verifier, approver, outlet, period, days=10)
    journalist = {
        "name": "Rina",
        "nik": NIK,
        "role": "editor_in_chief",
        "ukw_level": "utama",
        "ukw_certificate_no": "UKW-1",
    }
    assert form_post(client, "/registry/mitra/wartawan", partner, journalist).status_code == 303
    shown = client.get(f"/registry/konsol/ringkasan?period_id={period['id']}", headers=approver)
    assert shown.status_code == 200
    html = shown.text
    assert "Mitra per jenis media dan tingkatan (1)" in html
    assert '<td>Wartawan utama</td><td class="num">1</td>' in html
    assert "Rp 18.000.000" in html  # committed by the contract
    ends = (dt.datetime.now(ZoneInfo("Asia/Jakarta")).date() + dt.timedelta(days=10)).day
    assert re.search(rf"<td>K-9</td><td>{ends} \w+ \d{{4}}</td>", html), "the contract ends within 30 days"


def test_the_verifier_registers_a_kim_with_members_and_activities_and_the_public_sees_it(client, verifier, approver):
    bad = form_post(
        client, "/registry/konsol/kim", verifier, {"name": "KIM Mogolaing", "region_code": "71-74", "chair": "Ani"}
    )
    assert bad.status_code == 422 and 'id="region_code-error">Kode wilayah Kemendagri' in bad.text
    made = form_post(
        client,
        "/registry/konsol/kim",
        verifier,
        {"name": "KIM Mogolaing", "region_code": "71.74.01.2001", "chair": "Ani Paputungan"},
    )
    assert made.status_code == 303, made.text
    group = made.headers["Location"].split("?")[0]
    member = {"name": "Sri", "role": "Sekretaris", "phone": "081234567890"}
    assert form_post(client, f"{group}/anggota", verifier, member).status_code == 303
    photo = {"title": "Sosialisasi hoaks", "held_on": "2026-03-02", "photo": (io.BytesIO(PDF), "foto.jpg")}
    refused = form_post(client, f"{group}/kegiatan", verifier, photo, content_type="multipart/form-data")
    assert refused.status_code == 415 and 'id="photo-error"' in refused.text
    photo["photo"] = (io.BytesIO(PNG), "foto.png")
    assert (
        form_post(client, f"{group}/kegiatan", verifier, photo, content_type="multipart/form-data").status_code == 303
    )
    staff_view = client.get(group, headers=approver).text
    assert "0812*****890" in staff_view and "081234567890" not in staff_view and "Ani Paputungan" in staff_view
    assert form_post(client, f"{group}/anggota", approver, member).status_code == 403
    group_id = group.rsplit("/", 1)[1]
    public = client.get(f"/registry/kim/{group_id}").text
    assert "Sosialisasi hoaks" in public and 'alt="Foto kegiatan: Sosialisasi hoaks"' in public
    assert "081234567890" not in public and "Ani Paputungan" not in public, "no one's contacts in public"
    assert f'href="/registry/kim/{group_id}"' in client.get("/registry/kim").text


def test_the_contracts_page_offers_exactly_the_moves_the_table_allows_in_each_state(
    client, partner, verifier, approver, outlet, period
):
    from registry.domain.contracts import TRANSITIONS, ContractStatus

    contract = contract_through_the_api(client, partner, verifier, approver, outlet, period)
    base, number = f"/registry/konsol/kontrak/{contract['id']}", contract["number"]
    roles = frozenset({"registry:verifier"})

    def buttons():
        listed = client.get(f"/registry/konsol/kontrak?period_id={period['id']}", headers=verifier).text
        return sorted(re.findall(rf"<button type=\"submit\">([^<]+) {re.escape(number)}</button>", listed))

    assert len(buttons()) >= 2, "an active contract can be suspended and ended"
    for state, step in (
        (ContractStatus.ACTIVE, "suspend"),
        (ContractStatus.SUSPENDED, "end"),
        (ContractStatus.ENDED, None),
    ):
        assert buttons() == sorted(m.label for m in TRANSITIONS.offered(state, roles)), state
        if step:
            assert form_post(client, f"{base}/{step}", verifier, {"reason": "Diperiksa"}).status_code == 303
    assert buttons() == [], "an ended contract offers nothing"
