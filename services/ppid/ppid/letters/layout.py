"""What the letters share: the words for codes, dates and contacts, and the parts of a page (addressee, number)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from chassis.formats import date_id
from chassis.letters import printable

if TYPE_CHECKING:
    from chassis.letter_pdf import Letter
from ppid.letters.office import Office

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
WITH_GROUNDS = frozenset({"refused", "partly_granted"})


def or_dash(value: object) -> str:
    text = printable(value).strip()
    return text if text else "-"


def label_of(labels: Mapping[str, str], key: object) -> str:
    if key is None or key == "":
        return "-"
    return labels.get(str(key), str(key))


def date_or_dash(value: dt.date | None) -> str:
    return date_id(value) if value else "-"


def contact(request: Mapping[str, object]) -> str:
    parts = [str(request[k]).strip() for k in ("phone", "email") if request.get(k)]
    parts = [p for p in parts if p]
    return " / ".join(parts) if parts else "-"


def letter(office: Office, title: str) -> Letter:
    from chassis.letters import Letter  # fpdf2: loaded by the requests that print a letter

    return Letter(office.letterhead, title)


def addressee(pdf: Letter, request: Mapping[str, object]) -> None:
    pdf.paragraph("Kepada Yth.", align="L")
    pdf.paragraph(or_dash(request.get("name")), style="B", align="L")
    pdf.paragraph(or_dash(request.get("address")), align="L")
    pdf.ln(3)


def number_and_date(pdf: Letter, number: object, day: dt.date | None) -> None:
    pdf.fields([("Nomor", number), ("Tanggal", date_or_dash(day))], border=False)


# --------------------------------------------------------------------------- receipt
