"""PDF letters of the public information service (UU 14/2008, Perki 1/2021).

Two letters are rendered here, as plain functions returning the bytes of a PDF file:

* :func:`receipt_pdf`: *Tanda Bukti Penerimaan Permintaan Informasi Publik*, handed to the requester when a
  request is registered;
* :func:`notice_pdf`: *Pemberitahuan Tertulis* (Pasal 22 ayat 7 UU 14/2008), the written answer to a request.

The module is pure: no Flask, no database. It uses fpdf2 with the core Helvetica font only, which covers
latin-1; every piece of text goes through :func:`latin1` first, so user input such as emoji or Chinese
characters becomes ``?`` instead of making fpdf fail. The NIK of the requester is personal data and is never
printed, even when present in the request dict; neither is the tracking code, which is a secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

__all__ = [
    "CHANNEL_LABELS",
    "DECISION_LABELS",
    "DELIVERY_LABELS",
    "OBTAIN_LABELS",
    "REFUSAL_GROUNDS",
    "Office",
    "indonesian_date",
    "latin1",
    "notice_pdf",
    "receipt_pdf",
    "rupiah",
]


@dataclass(frozen=True)
class Office:
    name: str  # e.g. "Dinas Komunikasi dan Informatika Kota Kotamobagu"
    ppid_title: str = "Pejabat Pengelola Informasi dan Dokumentasi (PPID)"
    address: str = ""
    city: str = ""  # e.g. "Kotamobagu"


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

OBTAIN_LABELS = {
    "view": "melihat",
    "read": "membaca",
    "listen": "mendengarkan",
    "note": "mencatat",
    "soft_copy": "salinan elektronik (softcopy)",
    "hard_copy": "salinan cetak (hardcopy)",
}

DELIVERY_LABELS = {
    "collect": "mengambil langsung",
    "courier": "kurir",
    "post": "pos",
    "fax": "faksimili",
    "email": "email",
}

CHANNEL_LABELS = {
    "web": "situs web",
    "letter": "surat",
    "email": "email",
    "in_person": "datang langsung",
}

DECISION_LABELS = {
    "granted": "Diterima seluruhnya",
    "partly_granted": "Diterima sebagian",
    "refused": "Ditolak",
    "not_held": "Informasi tidak dikuasai",
    "not_documented": "Informasi belum didokumentasikan",
}

# Pasal 17 UU 14/2008: the exceptions that may ground a refusal.
REFUSAL_GROUNDS = {
    "a": "menghambat proses penegakan hukum",
    "b": "mengganggu kepentingan perlindungan hak atas kekayaan intelektual dan persaingan usaha tidak sehat",
    "c": "membahayakan pertahanan dan keamanan negara",
    "d": "mengungkapkan kekayaan alam Indonesia",
    "e": "merugikan ketahanan ekonomi nasional",
    "f": "merugikan kepentingan hubungan luar negeri",
    "g": "mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir ataupun wasiat seseorang",
    "h": "mengungkap rahasia pribadi",
    "i": "memorandum atau surat-menyurat antar Badan Publik atau intra Badan Publik yang menurut sifatnya dirahasiakan",
    "j": "informasi yang tidak boleh diungkapkan berdasarkan Undang-Undang",
}

# Decisions for which the Pasal 17 grounds and the consequence test (Pasal 19) are stated.
_WITH_GROUNDS = frozenset({"refused", "partly_granted"})

_LINE = 6.0  # line height, mm
_LABEL_WIDTH = 58.0  # label column of the field tables, mm


# --------------------------------------------------------------------------- helpers


def indonesian_date(d: dt.date) -> str:
    """``1 Januari 2027``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def rupiah(n: int) -> str:
    """``Rp 1.250.000`` (dots group the thousands, no decimals)."""
    n = int(n)
    sign = "-" if n < 0 else ""
    return f"{sign}Rp {abs(n):,}".replace(",", ".")


def latin1(text: object) -> str:
    """Make ``text`` printable with a core PDF font.

    Characters outside latin-1 (emoji, CJK, typographic quotes...) and control characters become ``?``;
    tabs become spaces and line ends are normalised to ``\\n``. ``None`` becomes an empty string.
    """
    if text is None:
        return ""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out = []
    for ch in s:
        code = ord(ch)
        if ch == "\n" or (0x20 <= code < 0x7F) or (0xA0 <= code <= 0xFF):
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def _or_dash(value: object) -> str:
    text = latin1(value).strip()
    return text if text else "-"


def _label(labels: Mapping[str, str], key: object) -> str:
    if key is None or key == "":
        return "-"
    return labels.get(str(key), str(key))


def _date(value: dt.date | None) -> str:
    return indonesian_date(value) if value else "-"


def _contact(request: Mapping[str, object]) -> str:
    parts = [str(request[k]).strip() for k in ("phone", "email") if request.get(k)]
    parts = [p for p in parts if p]
    return " / ".join(parts) if parts else "-"


# --------------------------------------------------------------------------- document


class _Letter(FPDF):
    """An A4 portrait letter with the office header and a few layout primitives."""

    def __init__(self, office: Office, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.office = office
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(latin1(title))
        self.set_author(latin1(office.name))
        self.set_creator("suite-ppid")
        self.alias_nb_pages()
        self.add_page()
        self._letterhead()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="C")

    def _letterhead(self) -> None:
        office = self.office
        self.set_font("Helvetica", "B", 13)
        self.multi_cell(0, 6.5, latin1(office.name).upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, latin1(office.ppid_title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        address = ", ".join(p for p in (latin1(office.address).strip(), latin1(office.city).strip()) if p)
        if address:
            self.set_font("Helvetica", "", 9)
            self.multi_cell(0, 5, address, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        y = self.get_y()
        self.set_line_width(0.6)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.line(self.l_margin, y + 0.9, self.w - self.r_margin, y + 0.9)
        self.ln(5)

    # layout primitives -------------------------------------------------------------

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(0, 6.5, latin1(title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font("Helvetica", "", 9.5)
            self.multi_cell(0, 5, latin1(subtitle), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)

    def paragraph(self, text: str, style: str = "", size: float = 10.5, align: str = "J") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, _LINE, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.paragraph(text, style="B")

    def fields(self, rows: Iterable[tuple[str, object]], border: bool = True) -> None:
        """A two-column table, label and value; the value wraps and the row grows with it.

        A row taller than what is left of the page moves to the next page; a row taller than a whole page
        (a very long request text) is written as a label line followed by the value flowing across pages.
        """
        self.set_font("Helvetica", "", 10)
        line = 5.5
        pad = 1.5 if border else 0.5
        width = self.w - self.l_margin - self.r_margin
        value_width = width - _LABEL_WIDTH
        usable = self.page_break_trigger - self.t_margin
        for label, value in rows:
            label, value = latin1(label), _or_dash(value)
            height = 2 * pad + max(
                self.multi_cell(_LABEL_WIDTH, line, label, dry_run=True, output=MethodReturnValue.HEIGHT),
                self.multi_cell(value_width, line, value, dry_run=True, output=MethodReturnValue.HEIGHT),
            )
            if height > usable:
                self._long_field(label, value, line, border)
                continue
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            x, y = self.l_margin, self.get_y()
            if border:
                self.rect(x, y, _LABEL_WIDTH, height)
                self.rect(x + _LABEL_WIDTH, y, value_width, height)
            self.set_xy(x, y + pad)
            self.multi_cell(_LABEL_WIDTH, line, label, align="L")
            self.set_xy(x + _LABEL_WIDTH, y + pad)
            self.multi_cell(value_width, line, value, align="L")
            self.set_xy(x, y + height)
        self.ln(3)

    def _long_field(self, label: str, value: str, line: float, border: bool) -> None:
        if self.will_page_break(line * 3):
            self.add_page()
        self.set_x(self.l_margin)
        self.multi_cell(
            0, line, label + ":", border="LTR" if border else 0, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.multi_cell(0, line, value, border="LBR" if border else 0, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def items(self, entries: Iterable[tuple[str, str]], indent: float = 6.0) -> None:
        """A hanging-indent list: ``marker`` in a narrow column, wrapped ``text`` beside it."""
        self.set_font("Helvetica", "", 10.5)
        for marker, text in entries:
            if self.will_page_break(_LINE):
                self.add_page()
            self.set_x(self.l_margin + indent)
            self.cell(8, _LINE, latin1(marker))
            self.multi_cell(0, _LINE, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def signature(self, place_date: str, title: str, name: object) -> None:
        block = 80.0
        if self.will_page_break(_LINE * 3 + 22):
            self.add_page()
        self.ln(6)
        x = self.w - self.r_margin - block
        self.set_font("Helvetica", "", 10.5)
        for text in (place_date, title):
            self.set_x(x)
            self.multi_cell(block, _LINE, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(20)
        name = latin1(name).strip()
        self.set_font("Helvetica", "BU" if name else "", 10.5)
        self.set_x(x)
        self.multi_cell(block, _LINE, name or "(" + "." * 40 + ")", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


# --------------------------------------------------------------------------- receipt


def receipt_pdf(office: Office, request: dict) -> bytes:
    """Tanda Bukti Penerimaan Permintaan Informasi Publik, as PDF bytes.

    Only the keys documented in the module's callers are read; in particular ``nik`` is never printed.
    """
    pdf = _Letter(office, "Tanda Bukti Penerimaan Permintaan Informasi Publik")
    pdf.title_block(
        "TANDA BUKTI PENERIMAAN PERMINTAAN INFORMASI PUBLIK",
        "Undang-Undang Nomor 14 Tahun 2008 dan Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    pdf.fields(
        [
            ("Nomor pendaftaran", request.get("registration_number")),
            ("Tanggal diterima", _date(request.get("received_on"))),
            ("Disampaikan melalui", _label(CHANNEL_LABELS, request.get("channel"))),
            ("Nama pemohon", request.get("name")),
            ("Alamat", request.get("address")),
            ("Nomor telepon / email", _contact(request)),
            ("Pekerjaan", request.get("occupation")),
            ("Informasi yang dibutuhkan", request.get("information")),
            ("Tujuan penggunaan informasi", request.get("purpose")),
            ("Cara memperoleh informasi", _label(OBTAIN_LABELS, request.get("obtain_method"))),
            ("Cara mendapatkan salinan informasi", _label(DELIVERY_LABELS, request.get("delivery_method"))),
        ]
    )
    pdf.paragraph(
        f"Pemberitahuan tertulis paling lambat: {_date(request.get('due_date'))} "
        "(10 hari kerja, Pasal 22 ayat 7 UU 14/2008)",
        style="B",
        align="L",
    )
    pdf.ln(2)
    pdf.paragraph(
        "Jangka waktu tersebut dapat diperpanjang paling lambat 7 (tujuh) hari kerja berikutnya dengan "
        "memberikan alasan secara tertulis (Pasal 22 ayat 8 UU 14/2008).",
        size=9.5,
    )
    pdf.ln(2)
    pdf.paragraph(
        "Catatan: kode pelacakan permintaan bersifat rahasia dan hanya diberikan kepada pemohon; kode tersebut "
        "tidak dicantumkan pada tanda bukti ini. Jangan berikan kode pelacakan kepada pihak lain.",
        size=9.5,
    )
    received = request.get("received_on")
    place = latin1(office.city).strip()
    place_date = ", ".join(p for p in (place, _date(received) if received else "") if p)
    pdf.signature(place_date or "-", "Petugas Pelayanan Informasi", "")
    return pdf.to_bytes()


# --------------------------------------------------------------------------- written notice


def notice_pdf(office: Office, request: dict, notice: dict) -> bytes:
    """Pemberitahuan Tertulis (Pasal 22 ayat 7 UU 14/2008, Perki 1/2021), as PDF bytes.

    Raises ``ValueError`` for an unknown ``decision``: a legal letter must not guess what was decided.
    """
    decision = notice.get("decision")
    if decision not in DECISION_LABELS:
        raise ValueError(f"unknown decision: {decision!r}")

    pdf = _Letter(office, "Pemberitahuan Tertulis")
    pdf.title_block(
        "PEMBERITAHUAN TERTULIS",
        "Pasal 22 ayat 7 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    pdf.fields(
        [
            ("Nomor", notice.get("number")),
            ("Tanggal", _date(notice.get("date"))),
        ],
        border=False,
    )
    pdf.paragraph("Kepada Yth.", align="L")
    pdf.paragraph(_or_dash(request.get("name")), style="B", align="L")
    pdf.paragraph(_or_dash(request.get("address")), align="L")
    pdf.ln(3)
    number = _or_dash(request.get("registration_number"))
    received = _date(request.get("received_on"))
    pdf.paragraph(
        f"Berdasarkan permintaan informasi publik dengan nomor pendaftaran {number} yang diterima pada tanggal "
        f"{received}, dengan ini kami sampaikan pemberitahuan tertulis sebagai berikut:"
    )
    pdf.ln(2)
    pdf.fields(
        [
            ("Informasi yang dibutuhkan", request.get("information")),
            ("Tujuan penggunaan informasi", request.get("purpose")),
        ]
    )

    # 1. Whether the information is held.
    pdf.heading("1. Penguasaan informasi")
    held = bool(notice.get("held"))
    pdf.paragraph(
        "Informasi yang diminta dikuasai oleh Badan Publik."
        if held
        else "Informasi yang diminta tidak dikuasai oleh Badan Publik."
    )

    # 2. The decision and its reasons; Pasal 17 grounds and consequence test where something is withheld.
    pdf.heading("2. Keputusan")
    pdf.paragraph(f"Permintaan informasi: {DECISION_LABELS[decision]}.", style="B")
    pdf.paragraph(f"Alasan: {_or_dash(notice.get('reasons'))}")
    if decision in _WITH_GROUNDS:
        pdf.ln(1)
        pdf.paragraph("Informasi yang dikecualikan berdasarkan Pasal 17 UU 14/2008:")
        grounds = [str(g).strip().lower() for g in notice.get("refusal_grounds") or []]
        if grounds:
            pdf.items(
                (f"{g}.", REFUSAL_GROUNDS.get(g, "(huruf tidak dikenal)"))
                for g in dict.fromkeys(grounds)  # keep order, drop duplicates
            )
        else:
            pdf.items([("-", "tidak disebutkan")])
        pdf.ln(1)
        pdf.paragraph("Uji konsekuensi (Pasal 19 UU 14/2008):")
        pdf.paragraph(_or_dash(notice.get("consequence_test")))

    # 3. Form, costs, delivery.
    pdf.heading("3. Bentuk, biaya dan waktu penyampaian informasi")
    fee = int(notice.get("fee") or 0)
    delivery_on = notice.get("delivery_on")
    pdf.fields(
        [
            ("Bentuk informasi", _label(OBTAIN_LABELS, notice.get("form"))),
            ("Biaya", rupiah(fee) if fee > 0 else "Tidak dipungut biaya"),
            ("Cara pembayaran", notice.get("payment")),
            ("Waktu penyampaian", _date(delivery_on) if delivery_on else "-"),
            ("Cara penyampaian", _label(DELIVERY_LABELS, request.get("delivery_method"))),
        ]
    )

    # 4. Extension of the time limit (Pasal 22 ayat 8).
    if notice.get("extended"):
        pdf.heading("4. Perpanjangan jangka waktu")
        pdf.paragraph(
            "Jangka waktu pemberitahuan tertulis ini diperpanjang paling lambat 7 (tujuh) hari kerja "
            "(Pasal 22 ayat 8 UU 14/2008) dengan alasan: " + _or_dash(notice.get("extension_reason"))
        )
        objection_number = "5"
    else:
        objection_number = "4"

    # Right to object (Pasal 35-36).
    pdf.heading(f"{objection_number}. Hak mengajukan keberatan")
    pdf.paragraph(
        "Apabila Saudara tidak puas dengan keputusan ini, Saudara berhak mengajukan keberatan kepada atasan "
        "PPID paling lambat 30 hari kerja sejak diterimanya pemberitahuan tertulis ini (Pasal 35-36 UU 14/2008)."
    )

    place = latin1(office.city).strip()
    notice_date = notice.get("date")
    place_date = ", ".join(p for p in (place, _date(notice_date) if notice_date else "") if p)
    pdf.signature(place_date or "-", _or_dash(notice.get("signer_title")), notice.get("signer_name"))
    return pdf.to_bytes()
