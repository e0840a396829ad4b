import datetime as dt
import io

import pytest
from pypdf import PdfReader

from ppid.letters import (
    REFUSAL_GROUNDS,
    Office,
    indonesian_date,
    latin1,
    notice_pdf,
    receipt_pdf,
    rupiah,
)

OFFICE = Office(
    name="Dinas Komunikasi dan Informatika Kota Kotamobagu",
    address="Jl. Adampe Dolot No. 1",
    city="Kotamobagu",
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
        "signer_name": "Drs. Budi Santoso",
        "signer_title": "PPID Kota Kotamobagu",
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
def test_indonesian_date(day, expected):
    assert indonesian_date(day) == expected


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


def test_latin1_replaces_what_core_fonts_cannot_print():
    assert latin1("Siti 😀 张三") == "Siti ? ??"
    assert latin1("Café\tBar") == "Café Bar"
    assert latin1(None) == ""


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
    assert "PPID Kota Kotamobagu" in text
    assert "Drs. Budi Santoso" in text
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


def test_emoji_and_cjk_do_not_crash(request_row):
    request_row.update(
        name="Siti 😀 Aminah 张三",
        address="Jl. Merdeka № 5 — Kotamobagu “pusat”",
        information="数据 APBD 🙏 " * 50,
        purpose="Penelitian ✓",
    )
    office = Office(name="Diskominfo 🏛️ Kota", city="Kotamobagu 市")
    notice = make_notice(
        decision="refused",
        refusal_grounds=["h"],
        reasons="Alasan 🚫",
        consequence_test="Uji 💥",
        payment="Bayar 💰",
        extended=True,
        extension_reason="Perpanjangan ⏳",
        signer_name="Budi 😎",
        signer_title="PPID 👔",
    )
    receipt = receipt_pdf(office, request_row)
    written = notice_pdf(office, request_row, notice)
    assert receipt.startswith(b"%PDF")
    assert written.startswith(b"%PDF")
    assert "Siti ? Aminah ??" in text_of(receipt)
    assert "Budi ?" in text_of(written)


def test_long_text_spills_onto_more_pages(request_row):
    request_row["information"] = "Dokumen anggaran " * 600 + "x" * 400
    pdf = receipt_pdf(OFFICE, request_row)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    assert "10 Desember 2026" in text_of(pdf)
