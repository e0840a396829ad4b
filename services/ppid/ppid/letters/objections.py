"""The superior's answer to an objection (Tanggapan atas Keberatan, Pasal 36 UU 14/2008)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chassis.letters import place_and_date
from ppid.domain.objections import OUTCOME_LABELS, Outcome

if TYPE_CHECKING:
    pass
from ppid.letters.layout import addressee, date_or_dash, letter, number_and_date, or_dash
from ppid.letters.office import SUPERIOR_ROLE, Office


def objection_answer_pdf(office: Office, request: dict, objection: dict) -> bytes:
    """Tanggapan Atasan PPID atas Keberatan (Pasal 36 UU 14/2008), as PDF bytes, signed by the superior.

    ``objection``: ``number``, ``filed_on``, ``outcome``, ``answer``, ``answered_on`` and ``dispute_due`` (the
    last day to take the dispute to the Komisi Informasi, Pasal 37 ayat 2). Raises ``ValueError`` for an
    unknown outcome.
    """
    try:
        outcome = OUTCOME_LABELS[Outcome(objection.get("outcome"))]
    except ValueError as exc:
        raise ValueError(f"unknown outcome: {objection.get('outcome')!r}") from exc
    pdf = letter(office, "Tanggapan atas Keberatan")
    pdf.title_block(
        "TANGGAPAN ATASAN PPID ATAS KEBERATAN",
        "Pasal 36 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    number_and_date(pdf, objection.get("number"), objection.get("answered_on"))
    addressee(pdf, request)
    pdf.paragraph(
        f"Menanggapi keberatan Saudara nomor {or_dash(objection.get('number'))} tanggal "
        f"{date_or_dash(objection.get('filed_on'))} atas permintaan informasi publik nomor pendaftaran "
        f"{or_dash(request.get('registration_number'))}, dengan ini kami sampaikan tanggapan sebagai berikut:"
    )
    pdf.ln(2)
    pdf.fields([("Putusan", outcome), ("Tanggapan", objection.get("answer"))])
    dispute_due = objection.get("dispute_due")
    pdf.paragraph(
        "Apabila Saudara tidak puas dengan tanggapan ini, Saudara dapat mengajukan permohonan penyelesaian "
        "sengketa informasi kepada Komisi Informasi"
        + (f" paling lambat {date_or_dash(dispute_due)}" if dispute_due else "")
        + " (14 hari kerja, Pasal 37 ayat 2 UU 14/2008)."
    )
    pdf.signature(place_and_date(office.city, objection.get("answered_on")), office.superior, role=SUPERIOR_ROLE)
    return pdf.to_bytes()
