import csv
import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from chassis.formats import date_id, rupiah
from chassis.letters import Signer
from chassis.testing import service_app, test_settings
from ppid import create_app
from ppid.letters import (
    REFUSAL_GROUNDS,
    Office,
    extension_pdf,
    notice_pdf,
    objection_answer_pdf,
    receipt_pdf,
)
from ppid.report_files import to_csv, to_pdf, to_xlsx
from ppid.settings import from_env

OFFICER = Signer(name="Drs. Budi Santoso, M.Si.", nip="198001012005011001", position="Kepala Bidang Informasi Publik")
SUPERIOR = Signer(name="Ir. Maria Lumowa, M.T.", nip="197205152000032004", position="Sekretaris Daerah")
OFFICE = Office(
    name="Dinas Komunikasi dan Informatika Kota Kotamobagu",
    address="Jl. Adampe Dolot No. 1",
    city="Kotamobagu",
    region="Pemerintah Kota Kotamobagu",
    officer=OFFICER,
    superior=SUPERIOR,
)
OFFICE_SETTINGS = {
    "org_name": "Dinas Komunikasi dan Informatika Kota Kotamobagu",
    "office_region": "Pemerintah Kota Kotamobagu",
    "office_address": "Jl. Adampe Dolot No. 1",
    "office_city": "Kotamobagu",
    "ppid_officer_name": OFFICER.name,
    "ppid_officer_nip": "19800101 200501 1 001",
    "ppid_officer_position": OFFICER.position,
    "ppid_superior_name": SUPERIOR.name,
    "ppid_superior_nip": SUPERIOR.nip,
    "ppid_superior_position": SUPERIOR.position,
}
LETTERHEAD = (
    "PEMERINTAH KOTA KOTAMOBAGU DINAS KOMUNIKASI DAN INFORMATIKA KOTA KOTAMOBAGU "
    "Pejabat Pengelola Informasi dan Dokumentasi (PPID) Jl. Adampe Dolot No. 1, Kotamobagu"
)
NIK = "7174014507900002"


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def request_row():
    return {
        "registration_number": "PPID/2026/000123",
        "received_on": dt.date(2026, 11, 26),
        "due_date": dt.date(2026, 12, 10),
        "channel": "web",
        "name": "Siti Aminah",
        "nik": NIK,
        "address": "Jl. Adampe Dolot No. 5, Kotamobagu",
        "phone": "081234567890",
        "email": "siti@example.id",
        "occupation": "Peneliti",
        "information": "Dokumen APBD Kota Kotamobagu tahun anggaran 2026",
        "purpose": "Bahan penelitian",
        "obtain_method": "soft_copy",
        "delivery_method": "email",
    }


def make_notice(**overrides):
    notice = {
        "number": "045/PPID/XII/2026",
        "date": dt.date(2026, 12, 8),
        "decision": "granted",
        "held": True,
        "reasons": "Informasi terbuka untuk publik.",
        "refusal_grounds": [],
        "consequence_test": "",
        "form": "soft_copy",
        "fee": 0,
        "payment": "",
        "delivery_on": dt.date(2026, 12, 9),
        "extended": False,
        "extension_reason": None,
        "signer_name": "petugas.ppid",
        "signer_title": "PPID",
    }
    notice.update(overrides)
    return notice


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2027, 1, 1), "1 Januari 2027"),
        (dt.date(2026, 12, 10), "10 Desember 2026"),
        (dt.date(2026, 2, 28), "28 Februari 2026"),
        (dt.date(2026, 5, 5), "5 Mei 2026"),
        (dt.date(2026, 8, 17), "17 Agustus 2026"),
    ],
)
def test_dates_in_indonesian(day, expected):
    assert date_id(day) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Rp 0"),
        (500, "Rp 500"),
        (15000, "Rp 15.000"),
        (1250000, "Rp 1.250.000"),
        (1000000000, "Rp 1.000.000.000"),
    ],
)
def test_rupiah(amount, expected):
    assert rupiah(amount) == expected


# --------------------------------------------------------------------------- receipt


def test_receipt_is_a_pdf_with_the_request_and_the_due_date(request_row):
    pdf = receipt_pdf(OFFICE, request_row)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert "PPID/2026/000123" in text
    assert "Siti Aminah" in text
    assert "10 Desember 2026" in text
    assert "Pemberitahuan tertulis paling lambat: 10 Desember 2026" in text
    assert "Pasal 22 ayat 7 UU 14/2008" in text
    assert "26 November 2026" in text
    assert "salinan elektronik (softcopy)" in text
    assert "situs web" in text
    assert "Dinas Komunikasi dan Informatika Kota Kotamobagu".upper() in text


def test_receipt_never_prints_the_nik(request_row):
    pdf = receipt_pdf(OFFICE, request_row)
    text = text_of(pdf)
    assert NIK not in text
    assert NIK not in text.replace(" ", "")
    assert NIK.encode() not in pdf


def test_receipt_says_the_tracking_code_is_secret_and_not_printed(request_row):
    text = text_of(receipt_pdf(OFFICE, request_row))
    assert "kode pelacakan" in text
    assert "bersifat rahasia" in text
    assert "tidak dicantumkan" in text


def test_receipt_without_phone_or_email(request_row):
    request_row.update(phone=None, email=None, channel="in_person", delivery_method="collect")
    text = text_of(receipt_pdf(OFFICE, request_row))
    assert "datang langsung" in text
    assert "mengambil langsung" in text


# --------------------------------------------------------------------------- notice


def test_refusal_notice_states_grounds_consequence_test_fee_objection_and_signer(request_row):
    notice = make_notice(
        decision="refused",
        held=True,
        reasons="Informasi memuat data pribadi pihak ketiga.",
        refusal_grounds=["a", "h", "i"],
        consequence_test="Pembukaan akan mengungkap rahasia pribadi warga.",
        fee=15000,
        payment="Transfer ke rekening kas daerah.",
    )
    pdf = notice_pdf(OFFICE, request_row, notice)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert "PEMBERITAHUAN TERTULIS" in text
    assert "045/PPID/XII/2026" in text
    assert "dikuasai oleh Badan Publik" in text
    assert "Ditolak" in text
    assert "Informasi memuat data pribadi pihak ketiga." in text
    for letter in ("a", "h", "i"):
        assert REFUSAL_GROUNDS[letter] in text
    assert REFUSAL_GROUNDS["c"] not in text
    assert "Pasal 17" in text
    assert "Uji konsekuensi" in text
    assert "Pembukaan akan mengungkap rahasia pribadi warga." in text
    assert "Biaya Rp 15.000" in text
    assert "Transfer ke rekening kas daerah." in text
    assert "berhak mengajukan keberatan" in text
    assert "30 hari kerja" in text
    assert "Pasal 35-36" in text
    assert "Kotamobagu, 8 Desember 2026" in text
    assert NIK not in text


def test_every_refusal_ground_label_is_printed(request_row):
    notice = make_notice(decision="partly_granted", refusal_grounds=list("abcdefghij"), consequence_test="Uji.")
    text = text_of(notice_pdf(OFFICE, request_row, notice))
    assert "Diterima sebagian" in text
    for letter, label in REFUSAL_GROUNDS.items():
        assert f"{letter}. {label}" in text


def test_granted_notice_without_fee(request_row):
    text = text_of(notice_pdf(OFFICE, request_row, make_notice()))
    assert "Diterima seluruhnya" in text
    assert "Tidak dipungut biaya" in text
    assert "Rp " not in text
    assert "Pasal 17" not in text
    assert "Uji konsekuensi" not in text
    assert "9 Desember 2026" in text
    assert "salinan elektronik (softcopy)" in text
    assert "berhak mengajukan keberatan" in text
    assert "diperpanjang" not in text


@pytest.mark.parametrize(
    ("decision", "label"),
    [("not_held", "Informasi tidak dikuasai"), ("not_documented", "Informasi belum didokumentasikan")],
)
def test_not_held_and_not_documented(request_row, decision, label):
    text = text_of(notice_pdf(OFFICE, request_row, make_notice(decision=decision, held=False, delivery_on=None)))
    assert label in text
    assert "tidak dikuasai oleh Badan Publik" in text


def test_extended_notice_says_so_and_why(request_row):
    notice = make_notice(extended=True, extension_reason="Informasi berada di beberapa unit kerja.")
    text = text_of(notice_pdf(OFFICE, request_row, notice))
    assert "diperpanjang" in text
    assert "Pasal 22 ayat 8" in text
    assert "Informasi berada di beberapa unit kerja." in text


def test_unknown_decision_is_rejected(request_row):
    with pytest.raises(ValueError, match="decision"):
        notice_pdf(OFFICE, request_row, make_notice(decision="maybe"))


def test_long_text_spills_onto_more_pages(request_row):
    request_row["information"] = "Dokumen anggaran " * 600 + "x" * 400
    pdf = receipt_pdf(OFFICE, request_row)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    assert "10 Desember 2026" in text_of(pdf)


def head_of(pdf: bytes) -> str:
    return text_of(pdf)[: len(LETTERHEAD)]


def make_extension(**overrides):
    return {
        "number": "046/PPID/XII/2026",
        "date": dt.date(2026, 12, 9),
        "reason": "Informasi tersebar di beberapa OPD.",
        "due_date": dt.date(2026, 12, 21),
        **overrides,
    }


def make_answer(**overrides):
    return {
        "number": "KEB-2026-0007",
        "filed_on": dt.date(2026, 12, 14),
        "outcome": "partly_upheld",
        "answer": "Sebagian dokumen dapat diberikan setelah data pribadi dihitamkan.",
        "answered_on": dt.date(2027, 1, 20),
        "dispute_due": dt.date(2027, 2, 9),
        **overrides,
    }


def test_notice_prints_signer_full_name_nip_and_position(request_row):
    text = text_of(notice_pdf(OFFICE, request_row, make_notice()))

    assert (
        "Kotamobagu, 8 Desember 2026 Pejabat Pengelola Informasi dan Dokumentasi Kepala Bidang Informasi Publik "
        "Drs. Budi Santoso, M.Si. NIP. 19800101 200501 1 001"
    ) in text


def test_notice_never_prints_the_login_name_it_was_given_as_signer(request_row):
    text = text_of(notice_pdf(OFFICE, request_row, make_notice(signer_name="petugas.ppid")))

    assert "petugas.ppid" not in text
    assert OFFICER.name in text


def test_notice_is_signed_by_the_superior_when_notice_signer_is_superior(request_row):
    office = Office.from_settings(from_env(**OFFICE_SETTINGS, notice_signer="superior"))
    text = text_of(notice_pdf(office, request_row, make_notice()))

    assert "Atasan PPID Sekretaris Daerah Ir. Maria Lumowa, M.T. NIP. 19720515 200003 2 004" in text
    assert OFFICER.name not in text


def test_unsigned_notice_says_draft_and_leaves_no_signer_blank(request_row):
    office = Office.from_settings(from_env(org_name="Diskominfo"))
    text = text_of(notice_pdf(office, request_row, make_notice(draft=True)))

    assert "PEMBERITAHUAN TERTULIS (DRAF)" in text
    assert "Pejabat Pengelola Informasi dan Dokumentasi (....." in text
    assert "NIP. ....." in text


def test_office_from_settings_reads_letterhead_and_both_signers():
    office = Office.from_settings(from_env(**OFFICE_SETTINGS))

    assert office == OFFICE


def test_office_from_settings_refuses_a_nip_that_is_not_eighteen_digits():
    with pytest.raises(ValueError, match="PPID_SUPERIOR_NIP: NIP harus 18 angka"):
        Office.from_settings(from_env(**{**OFFICE_SETTINGS, "ppid_superior_nip": "1972051520000320"}))


def test_letter_keeps_curly_quotes_dashes_and_non_latin_letters(request_row):
    request_row.update(
        name="Siti “Ami” Aminah — Ñoño Ελένη Алёна",
        address="Jl. Merdeka № 5 – Kotamobagu ‘pusat’",
        information="Data “APBD” 2026 — rincian per OPD; café, Łódź",
    )
    notice = make_notice(reasons="Informasi “terbuka” — lihat Pasal 11 …")
    receipt, written = text_of(receipt_pdf(OFFICE, request_row)), text_of(notice_pdf(OFFICE, request_row, notice))

    for typed in (request_row["name"], request_row["address"], request_row["information"]):
        assert typed in receipt
    assert "Siti “Ami” Aminah — Ñoño Ελένη Алёна" in written
    assert "Informasi “terbuka” — lihat Pasal 11 …" in written
    assert "?" not in receipt + written


def test_emoji_and_cjk_do_not_crash(request_row):
    request_row.update(name="Siti 😀 Aminah 张三", information="数据 APBD 🙏 " * 50, purpose="Penelitian ✓")
    office = Office(name="Diskominfo 🏛️ Kota", city="Kotamobagu 市")
    notice = make_notice(decision="refused", refusal_grounds=["h"], reasons="Alasan 🚫", consequence_test="Uji 💥")

    receipt, written = receipt_pdf(office, request_row), notice_pdf(office, request_row, notice)

    assert receipt.startswith(b"%PDF") and written.startswith(b"%PDF")
    assert "Siti" in text_of(receipt) and "Aminah" in text_of(receipt)
    assert "Penelitian ✓" in text_of(receipt)


def test_every_ppid_letter_carries_the_same_letterhead(request_row):
    letters = [
        receipt_pdf(OFFICE, request_row),
        notice_pdf(OFFICE, request_row, make_notice()),
        extension_pdf(OFFICE, request_row, make_extension()),
        objection_answer_pdf(OFFICE, request_row, make_answer()),
    ]

    assert [head_of(pdf) for pdf in letters] == [LETTERHEAD] * 4


def test_receipt_leaves_the_desk_officer_to_sign_by_hand(request_row):
    text = text_of(receipt_pdf(OFFICE, request_row))

    assert "Kotamobagu, 26 November 2026 Petugas Pelayanan Informasi (....." in text
    assert OFFICER.name not in text


def test_extension_notice_gives_the_reason_and_the_new_deadline_signed_by_the_notice_signer(request_row):
    text = text_of(extension_pdf(OFFICE, request_row, make_extension()))

    assert "PEMBERITAHUAN PERPANJANGAN JANGKA WAKTU" in text
    assert "Informasi tersebar di beberapa OPD." in text
    assert "Pemberitahuan tertulis paling lambat 21 Desember 2026" in text
    assert "Kotamobagu, 9 Desember 2026" in text
    assert "Drs. Budi Santoso, M.Si. NIP. 19800101 200501 1 001" in text


def test_objection_answer_is_signed_by_the_superior_and_names_the_dispute_deadline(request_row):
    text = text_of(objection_answer_pdf(OFFICE, request_row, make_answer()))

    assert "Keberatan diterima sebagian" in text
    assert "Sebagian dokumen dapat diberikan setelah data pribadi dihitamkan." in text
    assert "paling lambat 9 Februari 2027" in text
    assert "Atasan PPID Sekretaris Daerah Ir. Maria Lumowa, M.T. NIP. 19720515 200003 2 004" in text


def test_objection_answer_refuses_an_unknown_outcome(request_row):
    with pytest.raises(ValueError, match="outcome"):
        objection_answer_pdf(OFFICE, request_row, make_answer(outcome="maybe"))


@pytest.fixture
def office_client(ppid_database, tokens):
    settings = test_settings(from_env, ppid_database, tokens, **OFFICE_SETTINGS)
    with service_app(create_app, settings) as app:
        yield app.test_client()


def signed_notice(client, officer, valid_request) -> tuple[str, str]:
    created = client.post("/api/ppid/requests", json=valid_request)
    assert created.status_code == 201, created.json
    number, code = created.json["registration_number"], created.json["tracking_code"]
    for action, body in (("examine", {}), ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):
        answer = client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer)
        assert answer.status_code == 200, answer.json
    return number, code


def test_api_notice_never_prints_the_signing_officers_login_name(office_client, officer, valid_request):
    number, _ = signed_notice(office_client, officer, valid_request)
    notice = office_client.get(f"/api/ppid/requests/{number}/notice.pdf", headers=officer)

    assert notice.status_code == 200
    assert "petugas.ppid" not in text_of(notice.data)


def test_api_notice_prints_the_configured_signer_in_full(office_client, officer, valid_request):
    number, _ = signed_notice(office_client, officer, valid_request)
    text = text_of(office_client.get(f"/api/ppid/requests/{number}/notice.pdf", headers=officer).data)

    assert "Drs. Budi Santoso, M.Si. NIP. 19800101 200501 1 001" in text


def test_receipt_pdf_from_api_and_page_share_letterhead(office_client, valid_request):
    created = office_client.post("/api/ppid/requests", json=valid_request).json
    query = {"registration_number": created["registration_number"], "tracking_code": created["tracking_code"]}

    from_api = office_client.post("/api/ppid/track/receipt.pdf", json=query)
    from_page = office_client.post("/ppid/lacak/tanda-bukti", data=query)

    assert from_api.status_code == from_page.status_code == 200
    assert head_of(from_page.data) == head_of(from_api.data) == LETTERHEAD


def yearly(**extra):
    from ppid.domain.report import yearly_report

    return {**yearly_report(2026, []), **extra}


def test_yearly_report_pdf_shares_the_letters_letterhead_and_prints_obstacles_as_typed():
    obstacle = {"obstacle": "Jaringan “internet” putus — 3 hari", "cause": "Kabel serat optik rusak; Ελλάδα"}
    data = to_pdf(yearly(obstacles=[obstacle]), OFFICE)
    text = text_of(data)

    assert head_of(data) == LETTERHEAD
    assert "Jaringan “internet” putus — 3 hari" in text
    assert "Kabel serat optik rusak; Ελλάδα" in text


def test_yearly_report_csv_and_xlsx_keep_a_formula_obstacle_inert():
    report = yearly(obstacles=[{"obstacle": '=HYPERLINK("http://x.example","klik")', "cause": "@SUM(A1)"}])

    csv_text = to_csv(report)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))["Hambatan"]

    cells = [cell for row in csv.reader(io.StringIO(csv_text), delimiter=";") for cell in row]
    assert '\'=HYPERLINK("http://x.example","klik")' in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
    assert [c.value for c in sheet[2]] == ['\'=HYPERLINK("http://x.example","klik")', "'@SUM(A1)"]
    assert all(cell.data_type == "s" for cell in sheet[2])
