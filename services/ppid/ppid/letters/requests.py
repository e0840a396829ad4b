"""The letters of a request: the receipt, the written notice and the extension notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chassis.formats import rupiah
from chassis.letters import Signer, place_and_date

if TYPE_CHECKING:
    pass
from ppid.letters.layout import (
    CHANNEL_LABELS,
    DECISION_LABELS,
    DELIVERY_LABELS,
    OBTAIN_LABELS,
    REFUSAL_GROUNDS,
    WITH_GROUNDS,
    addressee,
    contact,
    date_or_dash,
    label_of,
    letter,
    number_and_date,
    or_dash,
)
from ppid.letters.office import DESK_ROLE, Office


def receipt_pdf(office: Office, request: dict) -> bytes:
    """Tanda Bukti Penerimaan Permintaan Informasi Publik, as PDF bytes.

    Only the keys documented in the module's callers are read; in particular ``nik`` is never printed. The desk
    officer who receives the request signs it by hand, so the name is left to be written in.
    """
    pdf = letter(office, "Tanda Bukti Penerimaan Permintaan Informasi Publik")
    pdf.title_block(
        "TANDA BUKTI PENERIMAAN PERMINTAAN INFORMASI PUBLIK",
        "Undang-Undang Nomor 14 Tahun 2008 dan Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    pdf.fields(
        [
            ("Nomor pendaftaran", request.get("registration_number")),
            ("Tanggal diterima", date_or_dash(request.get("received_on"))),
            ("Disampaikan melalui", label_of(CHANNEL_LABELS, request.get("channel"))),
            ("Nama pemohon", request.get("name")),
            ("Alamat", request.get("address")),
            ("Nomor telepon / email", contact(request)),
            ("Pekerjaan", request.get("occupation")),
            ("Informasi yang dibutuhkan", request.get("information")),
            ("Tujuan penggunaan informasi", request.get("purpose")),
            ("Cara memperoleh informasi", label_of(OBTAIN_LABELS, request.get("obtain_method"))),
            ("Cara mendapatkan salinan informasi", label_of(DELIVERY_LABELS, request.get("delivery_method"))),
        ]
    )
    pdf.paragraph(
        f"Pemberitahuan tertulis paling lambat: {date_or_dash(request.get('due_date'))} "
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
    pdf.signature(place_and_date(office.city, request.get("received_on")), Signer(), role=DESK_ROLE)
    return pdf.to_bytes()


def notice_pdf(office: Office, request: dict, notice: dict) -> bytes:
    """Pemberitahuan Tertulis (Pasal 22 ayat 7 UU 14/2008, Perki 1/2021), as PDF bytes.

    Signed by the officer or the superior of ``office`` (``NOTICE_SIGNER``); a ``signer_name`` in ``notice`` is
    ignored, since callers filled it with a login name. ``draft`` (a notice not yet signed) marks the title.
    Raises ``ValueError`` for an unknown ``decision``: a legal letter must not guess what was decided.
    """
    decision = notice.get("decision")
    if decision not in DECISION_LABELS:
        raise ValueError(f"unknown decision: {decision!r}")

    pdf = letter(office, "Pemberitahuan Tertulis")
    pdf.title_block(
        "PEMBERITAHUAN TERTULIS" + (" (DRAF)" if notice.get("draft") else ""),
        "Pasal 22 ayat 7 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    number_and_date(pdf, notice.get("number"), notice.get("date"))
    addressee(pdf, request)
    number = or_dash(request.get("registration_number"))
    received = date_or_dash(request.get("received_on"))
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

    pdf.heading("1. Penguasaan informasi")
    held = bool(notice.get("held"))
    pdf.paragraph(
        "Informasi yang diminta dikuasai oleh Badan Publik."
        if held
        else "Informasi yang diminta tidak dikuasai oleh Badan Publik."
    )

    pdf.heading("2. Keputusan")
    pdf.paragraph(f"Permintaan informasi: {DECISION_LABELS[decision]}.", style="B")
    pdf.paragraph(f"Alasan: {or_dash(notice.get('reasons'))}")
    if decision in WITH_GROUNDS:
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
        pdf.paragraph(or_dash(notice.get("consequence_test")))

    pdf.heading("3. Bentuk, biaya dan waktu penyampaian informasi")
    fee = int(notice.get("fee") or 0)
    delivery_on = notice.get("delivery_on")
    pdf.fields(
        [
            ("Bentuk informasi", label_of(OBTAIN_LABELS, notice.get("form"))),
            ("Biaya", rupiah(fee) if fee > 0 else "Tidak dipungut biaya"),
            ("Cara pembayaran", notice.get("payment")),
            ("Waktu penyampaian", date_or_dash(delivery_on) if delivery_on else "-"),
            ("Cara penyampaian", label_of(DELIVERY_LABELS, request.get("delivery_method"))),
        ]
    )

    if notice.get("extended"):
        pdf.heading("4. Perpanjangan jangka waktu")
        pdf.paragraph(
            "Jangka waktu pemberitahuan tertulis ini diperpanjang paling lambat 7 (tujuh) hari kerja "
            "(Pasal 22 ayat 8 UU 14/2008) dengan alasan: " + or_dash(notice.get("extension_reason"))
        )
        objection_number = "5"
    else:
        objection_number = "4"

    pdf.heading(f"{objection_number}. Hak mengajukan keberatan")
    pdf.paragraph(
        "Apabila Saudara tidak puas dengan keputusan ini, Saudara berhak mengajukan keberatan kepada atasan "
        "PPID paling lambat 30 hari kerja sejak diterimanya pemberitahuan tertulis ini (Pasal 35-36 UU 14/2008)."
    )

    role, signer = office.notice_signature()
    pdf.signature(place_and_date(office.city, notice.get("date")), signer, role=role)
    return pdf.to_bytes()


def extension_pdf(office: Office, request: dict, extension: dict) -> bytes:
    """Pemberitahuan Perpanjangan Jangka Waktu (Pasal 22 ayat 8 UU 14/2008), as PDF bytes.

    ``extension``: ``number``, ``date`` (when the extension was taken), ``reason`` and ``due_date`` (the new
    deadline, seven working days after the first one).
    """
    pdf = letter(office, "Pemberitahuan Perpanjangan Jangka Waktu")
    pdf.title_block(
        "PEMBERITAHUAN PERPANJANGAN JANGKA WAKTU",
        "Pasal 22 ayat 8 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    number_and_date(pdf, extension.get("number"), extension.get("date"))
    addressee(pdf, request)
    pdf.paragraph(
        "Berdasarkan permintaan informasi publik dengan nomor pendaftaran "
        f"{or_dash(request.get('registration_number'))} yang diterima pada tanggal "
        f"{date_or_dash(request.get('received_on'))}, dengan ini kami beritahukan bahwa jangka waktu pemberitahuan "
        "tertulis diperpanjang paling lambat 7 (tujuh) hari kerja."
    )
    pdf.ln(2)
    pdf.fields(
        [
            ("Informasi yang dibutuhkan", request.get("information")),
            ("Alasan perpanjangan", extension.get("reason")),
            ("Pemberitahuan tertulis paling lambat", date_or_dash(extension.get("due_date"))),
        ]
    )
    role, signer = office.notice_signature()
    pdf.signature(place_and_date(office.city, extension.get("date")), signer, role=role)
    return pdf.to_bytes()


# --------------------------------------------------------------------------- objection answer
