"""PDF letters of the public information service (UU 14/2008, Perki 1/2021).

Every letter is a :class:`chassis.letters.Letter` under the one letterhead of :meth:`Office.from_settings`, so the
receipt a citizen downloads from the tracking page and the one an officer gets from the API are the same letter:

* :func:`receipt_pdf`: *Tanda Bukti Penerimaan Permintaan Informasi Publik*, handed to the requester when a
  request is registered;
* :func:`notice_pdf`: *Pemberitahuan Tertulis* (Pasal 22 ayat 7 UU 14/2008), the written answer to a request;
* :func:`extension_pdf`: *Pemberitahuan Perpanjangan Jangka Waktu* (Pasal 22 ayat 8), sent when the PPID takes the
  seven extra working days before deciding;
* :func:`objection_answer_pdf`: *Tanggapan atas Keberatan* (Pasal 36), the superior's answer to an objection.

A letter is signed by a person, printed with full name, NIP and position from the settings (``PPID_OFFICER_*``,
``PPID_SUPERIOR_*``; ``NOTICE_SIGNER`` picks who signs the notice), never by the login name of whoever clicked.
The module is pure: no Flask, no database. The NIK of the requester is personal data and is never printed, even
when present in the request dict; neither is the tracking code, which is a secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from chassis.formats import date_id, rupiah
from chassis.letters import Letterhead, Signer, place_and_date, printable
from ppid.domain.objections import OUTCOME_LABELS, Outcome

if TYPE_CHECKING:
    from chassis.letter_pdf import Letter

__all__ = [
    "CHANNEL_LABELS",
    "DECISION_LABELS",
    "DELIVERY_LABELS",
    "OBTAIN_LABELS",
    "REFUSAL_GROUNDS",
    "Office",
    "extension_pdf",
    "notice_pdf",
    "objection_answer_pdf",
    "receipt_pdf",
]

PPID_TITLE = "Pejabat Pengelola Informasi dan Dokumentasi (PPID)"
OFFICER_ROLE = "Pejabat Pengelola Informasi dan Dokumentasi"
SUPERIOR_ROLE = "Atasan PPID"
DESK_ROLE = "Petugas Pelayanan Informasi"


@dataclass(frozen=True)
class Office:
    """The office as its letters show it: the letterhead's parts and the two people who sign."""

    name: str  # ORG_NAME, e.g. "Dinas Komunikasi dan Informatika Kota Kotamobagu"
    ppid_title: str = PPID_TITLE
    address: str = ""
    city: str = ""  # e.g. "Kotamobagu"
    region: str = ""  # e.g. "Pemerintah Kota Kotamobagu"
    officer: Signer = field(default_factory=Signer)
    superior: Signer = field(default_factory=Signer)
    notice_signer: str = "officer"  # NOTICE_SIGNER: "officer" or "superior"

    @classmethod
    def from_settings(cls, settings: object) -> Office:
        """The one office of every PPID letter, API and pages alike.

        A NIP in the settings that is not 18 digits is refused here, naming the setting, rather than printed.
        """

        def signer(prefix: str) -> Signer:
            try:
                return Signer(
                    name=getattr(settings, f"{prefix}_name", ""),
                    nip=getattr(settings, f"{prefix}_nip", ""),
                    position=getattr(settings, f"{prefix}_position", ""),
                )
            except ValueError as exc:
                raise ValueError(f"{prefix.upper()}_NIP: {exc}") from exc

        head = Letterhead.from_settings(settings)
        return cls(
            name=head.name,
            address=head.address,
            city=head.city,
            region=head.region,
            officer=signer("ppid_officer"),
            superior=signer("ppid_superior"),
            notice_signer=getattr(settings, "notice_signer", "officer"),
        )

    @property
    def letterhead(self) -> Letterhead:
        return Letterhead(
            name=self.name, region=self.region, unit=self.ppid_title, address=self.address, city=self.city
        )

    def notice_signature(self) -> tuple[str, Signer]:
        """(role, signer) of the written notice and the extension notice, as ``NOTICE_SIGNER`` says."""
        if self.notice_signer == "superior":
            return SUPERIOR_ROLE, self.superior
        return OFFICER_ROLE, self.officer


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


def _or_dash(value: object) -> str:
    text = printable(value).strip()
    return text if text else "-"


def _label(labels: Mapping[str, str], key: object) -> str:
    if key is None or key == "":
        return "-"
    return labels.get(str(key), str(key))


def _date(value: dt.date | None) -> str:
    return date_id(value) if value else "-"


def _contact(request: Mapping[str, object]) -> str:
    parts = [str(request[k]).strip() for k in ("phone", "email") if request.get(k)]
    parts = [p for p in parts if p]
    return " / ".join(parts) if parts else "-"


def _letter(office: Office, title: str) -> Letter:
    from chassis.letters import Letter  # fpdf2: loaded by the requests that print a letter

    return Letter(office.letterhead, title)


def _addressee(pdf: Letter, request: Mapping[str, object]) -> None:
    pdf.paragraph("Kepada Yth.", align="L")
    pdf.paragraph(_or_dash(request.get("name")), style="B", align="L")
    pdf.paragraph(_or_dash(request.get("address")), align="L")
    pdf.ln(3)


def _number_and_date(pdf: Letter, number: object, day: dt.date | None) -> None:
    pdf.fields([("Nomor", number), ("Tanggal", _date(day))], border=False)


# --------------------------------------------------------------------------- receipt


def receipt_pdf(office: Office, request: dict) -> bytes:
    """Tanda Bukti Penerimaan Permintaan Informasi Publik, as PDF bytes.

    Only the keys documented in the module's callers are read; in particular ``nik`` is never printed. The desk
    officer who receives the request signs it by hand, so the name is left to be written in.
    """
    pdf = _letter(office, "Tanda Bukti Penerimaan Permintaan Informasi Publik")
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
    pdf.signature(place_and_date(office.city, request.get("received_on")), Signer(), role=DESK_ROLE)
    return pdf.to_bytes()


# --------------------------------------------------------------------------- written notice


def notice_pdf(office: Office, request: dict, notice: dict) -> bytes:
    """Pemberitahuan Tertulis (Pasal 22 ayat 7 UU 14/2008, Perki 1/2021), as PDF bytes.

    Signed by the officer or the superior of ``office`` (``NOTICE_SIGNER``); a ``signer_name`` in ``notice`` is
    ignored, since callers filled it with a login name. ``draft`` (a notice not yet signed) marks the title.
    Raises ``ValueError`` for an unknown ``decision``: a legal letter must not guess what was decided.
    """
    decision = notice.get("decision")
    if decision not in DECISION_LABELS:
        raise ValueError(f"unknown decision: {decision!r}")

    pdf = _letter(office, "Pemberitahuan Tertulis")
    pdf.title_block(
        "PEMBERITAHUAN TERTULIS" + (" (DRAF)" if notice.get("draft") else ""),
        "Pasal 22 ayat 7 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    _number_and_date(pdf, notice.get("number"), notice.get("date"))
    _addressee(pdf, request)
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

    pdf.heading("1. Penguasaan informasi")
    held = bool(notice.get("held"))
    pdf.paragraph(
        "Informasi yang diminta dikuasai oleh Badan Publik."
        if held
        else "Informasi yang diminta tidak dikuasai oleh Badan Publik."
    )

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

    if notice.get("extended"):
        pdf.heading("4. Perpanjangan jangka waktu")
        pdf.paragraph(
            "Jangka waktu pemberitahuan tertulis ini diperpanjang paling lambat 7 (tujuh) hari kerja "
            "(Pasal 22 ayat 8 UU 14/2008) dengan alasan: " + _or_dash(notice.get("extension_reason"))
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


# --------------------------------------------------------------------------- extension notice


def extension_pdf(office: Office, request: dict, extension: dict) -> bytes:
    """Pemberitahuan Perpanjangan Jangka Waktu (Pasal 22 ayat 8 UU 14/2008), as PDF bytes.

    ``extension``: ``number``, ``date`` (when the extension was taken), ``reason`` and ``due_date`` (the new
    deadline, seven working days after the first one).
    """
    pdf = _letter(office, "Pemberitahuan Perpanjangan Jangka Waktu")
    pdf.title_block(
        "PEMBERITAHUAN PERPANJANGAN JANGKA WAKTU",
        "Pasal 22 ayat 8 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    _number_and_date(pdf, extension.get("number"), extension.get("date"))
    _addressee(pdf, request)
    pdf.paragraph(
        "Berdasarkan permintaan informasi publik dengan nomor pendaftaran "
        f"{_or_dash(request.get('registration_number'))} yang diterima pada tanggal "
        f"{_date(request.get('received_on'))}, dengan ini kami beritahukan bahwa jangka waktu pemberitahuan "
        "tertulis diperpanjang paling lambat 7 (tujuh) hari kerja."
    )
    pdf.ln(2)
    pdf.fields(
        [
            ("Informasi yang dibutuhkan", request.get("information")),
            ("Alasan perpanjangan", extension.get("reason")),
            ("Pemberitahuan tertulis paling lambat", _date(extension.get("due_date"))),
        ]
    )
    role, signer = office.notice_signature()
    pdf.signature(place_and_date(office.city, extension.get("date")), signer, role=role)
    return pdf.to_bytes()


# --------------------------------------------------------------------------- objection answer


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
    pdf = _letter(office, "Tanggapan atas Keberatan")
    pdf.title_block(
        "TANGGAPAN ATASAN PPID ATAS KEBERATAN",
        "Pasal 36 Undang-Undang Nomor 14 Tahun 2008 jo. Peraturan Komisi Informasi Nomor 1 Tahun 2021",
    )
    _number_and_date(pdf, objection.get("number"), objection.get("answered_on"))
    _addressee(pdf, request)
    pdf.paragraph(
        f"Menanggapi keberatan Saudara nomor {_or_dash(objection.get('number'))} tanggal "
        f"{_date(objection.get('filed_on'))} atas permintaan informasi publik nomor pendaftaran "
        f"{_or_dash(request.get('registration_number'))}, dengan ini kami sampaikan tanggapan sebagai berikut:"
    )
    pdf.ln(2)
    pdf.fields([("Putusan", outcome), ("Tanggapan", objection.get("answer"))])
    dispute_due = objection.get("dispute_due")
    pdf.paragraph(
        "Apabila Saudara tidak puas dengan tanggapan ini, Saudara dapat mengajukan permohonan penyelesaian "
        "sengketa informasi kepada Komisi Informasi"
        + (f" paling lambat {_date(dispute_due)}" if dispute_due else "")
        + " (14 hari kerja, Pasal 37 ayat 2 UU 14/2008)."
    )
    pdf.signature(place_and_date(office.city, objection.get("answered_on")), office.superior, role=SUPERIOR_ROLE)
    return pdf.to_bytes()
