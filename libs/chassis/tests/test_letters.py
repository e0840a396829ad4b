import datetime as dt
import io
import logging
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from chassis.formats import date_id
from chassis.letters import Letter, Letterhead, Signer, nip_problem, place_and_date, printable
from chassis.settings import ServiceSettings

HEAD = Letterhead(
    name="Dinas Komunikasi dan Informatika Kota Kotamobagu",
    region="Pemerintah Kota Kotamobagu",
    unit="Pejabat Pengelola Informasi dan Dokumentasi (PPID)",
    address="Jl. Adampe Dolot No. 1",
    city="Kotamobagu",
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def fonts_of(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_letter_keeps_curly_quotes_dashes_and_non_latin_letters():
    typed = "Surat “resmi” ‘kutip’ — tanda pisah – Café Ñusa, Ελληνικά, Русский, Đặng, Łódź"
    pdf = Letter(HEAD, typed)
    pdf.paragraph(typed)
    pdf.fields([("Nama pemohon", "Siti “Ami” Aminah — é")])
    data = pdf.to_bytes()

    text = text_of(data)
    assert typed in text
    assert "Siti “Ami” Aminah — é" in text
    assert "?" not in text


def test_letter_embeds_dejavu_instead_of_a_core_font():
    data = Letter(HEAD, "Uji").to_bytes()

    fonts = fonts_of(data)
    assert fonts and all("DejaVuSans" in name for name in fonts)
    assert b"/FontFile2" in data  # the TrueType program itself is in the file, not only its name
    assert not any("Helvetica" in name for name in fonts)


def test_glyphs_the_font_lacks_do_not_fail_the_letter(caplog):
    pdf = Letter(HEAD, "Uji")
    with caplog.at_level(logging.WARNING):
        pdf.paragraph("Nama 张三 😀 dan \x00\x07kontrol")
    data = pdf.to_bytes()

    assert data.startswith(b"%PDF")
    assert "Nama" in text_of(data)


def test_letterhead_prints_region_office_unit_address_and_city_in_order():
    text = text_of(Letter(HEAD, "Uji").to_bytes())

    expected = (
        "PEMERINTAH KOTA KOTAMOBAGU DINAS KOMUNIKASI DAN INFORMATIKA KOTA KOTAMOBAGU "
        "Pejabat Pengelola Informasi dan Dokumentasi (PPID) Jl. Adampe Dolot No. 1, Kotamobagu"
    )
    assert text.startswith(expected)


def test_letterhead_from_settings_reads_the_office_settings_and_skips_missing_ones():
    office = SimpleNamespace(
        org_name="Diskominfo Kotamobagu",
        office_region="Pemerintah Kota Kotamobagu",
        office_address="Jl. Adampe Dolot No. 1",
        office_city="Kotamobagu",
    )

    full = Letterhead.from_settings(office, unit="PPID")
    bare = Letterhead.from_settings(ServiceSettings(org_name="Diskominfo Kotamobagu"))

    assert full == Letterhead(
        name="Diskominfo Kotamobagu",
        region="Pemerintah Kota Kotamobagu",
        unit="PPID",
        address="Jl. Adampe Dolot No. 1",
        city="Kotamobagu",
    )
    assert [line for line, _, _ in bare.lines()] == ["DISKOMINFO KOTAMOBAGU"]


def test_signature_prints_full_name_nip_and_position():
    pdf = Letter(HEAD, "Uji")
    signer = Signer(name="Drs. Budi Santoso, M.Si.", nip="198001012005011001", position="Sekretaris Daerah")
    pdf.signature(place_and_date("Kotamobagu", dt.date(2027, 1, 4)), signer, role="Atasan PPID")
    text = text_of(pdf.to_bytes())

    assert "Kotamobagu, 4 Januari 2027 Atasan PPID Sekretaris Daerah Drs. Budi Santoso, M.Si. " in text
    assert "NIP. 19800101 200501 1 001" in text


def test_signature_without_a_configured_signer_leaves_a_line_to_sign_by_hand():
    pdf = Letter(HEAD, "Uji")
    pdf.signature("Kotamobagu, 4 Januari 2027", Signer(), role="Petugas Pelayanan Informasi")
    text = text_of(pdf.to_bytes())

    assert "Petugas Pelayanan Informasi (....." in text
    assert "NIP. ....." in text


@pytest.mark.parametrize("nip", ["19800101200501100", "1980010120050110011", "19800101x005011001"])
def test_signer_refuses_a_nip_that_is_not_eighteen_digits(nip):
    assert nip_problem(nip) == "NIP harus 18 angka (mis. 198001012005011001)."
    with pytest.raises(ValueError, match="NIP harus 18 angka"):
        Signer(name="Budi", nip=nip)


def test_signer_accepts_a_nip_typed_with_spaces_and_stores_digits():
    assert Signer(name="Budi", nip="19800101 200501 1 001").nip == "198001012005011001"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2027, 1, 1), "1 Januari 2027"),
        (dt.date(2026, 2, 28), "28 Februari 2026"),
        (dt.date(2026, 5, 5), "5 Mei 2026"),
        (dt.date(2026, 8, 17), "17 Agustus 2026"),
        (dt.date(2026, 12, 10), "10 Desember 2026"),
    ],
)
def test_dates_are_written_the_indonesian_way(day, expected):
    assert date_id(day) == expected


def test_place_and_date_leaves_out_what_is_missing():
    assert place_and_date("Kotamobagu", dt.date(2027, 1, 1)) == "Kotamobagu, 1 Januari 2027"
    assert place_and_date("", dt.date(2027, 1, 1)) == "1 Januari 2027"
    assert place_and_date("Kotamobagu", None) == "Kotamobagu"


def test_printable_keeps_unicode_and_drops_control_characters():
    assert printable("“Café” — 张三\tx\r\ny\x00") == "“Café” — 张三 x\ny"
    assert printable(None) == ""


def test_long_table_repeats_its_header_on_every_page():
    pdf = Letter(HEAD, "Uji")
    pdf.table(("Kolom satu", "Jumlah"), [(f"baris {n}", n) for n in range(150)], [120, 50])
    reader = PdfReader(io.BytesIO(pdf.to_bytes()))

    assert len(reader.pages) > 1
    assert all("Kolom satu" in page.extract_text() for page in reader.pages)


def test_fonts_ship_inside_the_chassis_package_with_their_licence():
    from chassis.letters import FONTS_DIR

    assert FONTS_DIR.parent.name == "chassis"
    assert {p.name for p in FONTS_DIR.iterdir()} >= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    assert "Bitstream Vera" in (FONTS_DIR / "LICENSE").read_text()
