"""The emails PPID sends (Bahasa Indonesia), queued with the change that causes them (chassis.mail)."""

from __future__ import annotations

from chassis import mail
from chassis.formats import date_id
from ppid.domain import objections as objection_rules
from ppid.domain import workflow
from ppid.models import Message, Objection, Request, mail_outbox

FOOTER = (
    "\n\nLacak permohonan Anda dengan nomor pendaftaran dan kode pelacakan di {base}/ppid/lacak.\n"
    "Pesan ini dikirim otomatis oleh PPID {office}; jangan membalas ke alamat ini."
)


def _send(session, request: Request, subject: str, body: str, settings) -> None:
    if request.email:
        text = f"Yth. {request.name},\n\n{body}" + FOOTER.format(
            base=settings.public_base_url, office=settings.org_name
        )
        mail.queue(session, mail_outbox, request.email, f"[{request.registration_number}] {subject}", text)


def registered(session, request: Request, code: str, settings) -> None:
    body = (
        f"Permohonan informasi Anda telah kami terima dan didaftarkan dengan nomor {request.registration_number}.\n"
        f"Kode pelacakan: {code} (rahasiakan kode ini).\n"
        f"Tanggal diterima: {date_id(request.received_on)}.\n"
        f"Pemberitahuan tertulis paling lambat: {date_id(request.due_date)} "
        "(10 hari kerja, Pasal 22 ayat 7 UU 14/2008)."
    )
    _send(session, request, "Permohonan informasi diterima", body, settings)


def incomplete(session, request: Request, settings) -> None:
    body = (
        f"Permohonan Anda perlu dilengkapi: {request.missing}\n"
        f"Mohon lengkapi paling lambat {date_id(request.completion_due)}; "
        "bila tidak, permohonan ditutup. Tenggat jawaban dihitung ulang sejak permohonan lengkap."
    )
    _send(session, request, "Permohonan perlu dilengkapi", body, settings)


def closed(session, request: Request, settings) -> None:
    body = (
        "Permohonan Anda kami tutup karena tidak dilengkapi dalam batas waktu. "
        "Anda dapat mengajukan permohonan baru kapan saja."
    )
    _send(session, request, "Permohonan ditutup", body, settings)


def duplicate(session, request: Request, settings) -> None:
    body = (
        f"Permohonan Anda kami tutup karena mengulang permohonan {request.duplicate_of}, yang tetap kami layani. "
        f"Ikuti perkembangannya dengan nomor {request.duplicate_of}."
    )
    _send(session, request, f"Duplikat dari {request.duplicate_of}", body, settings)


def codes_renewed(session, email: str, codes: list[tuple[Request, str]], settings) -> None:
    """The new tracking codes of one requester's requests, in one mail to the email on record."""
    lines = "\n".join(f"- {request.registration_number}: kode pelacakan {code}" for request, code in codes)
    body = (
        "Atas permintaan pemulihan kode pelacakan, permohonan informasi Anda mendapat kode pelacakan baru:\n"
        f"{lines}\n\nKode lama tidak berlaku lagi. Rahasiakan kode ini. Bila Anda tidak meminta kode baru, "
        "hubungi PPID: seseorang mengetahui alamat email Anda, tetapi kode hanya dikirim ke email ini."
    )
    text = f"Yth. {codes[0][0].name},\n\n{body}" + FOOTER.format(
        base=settings.public_base_url, office=settings.org_name
    )
    mail.queue(session, mail_outbox, email, "Kode pelacakan baru permohonan informasi", text)


def extended(session, request: Request, settings) -> None:
    body = (
        f"Jangka waktu pemberitahuan tertulis atas permohonan Anda diperpanjang sampai "
        f"{date_id(request.due_date)} (Pasal 22 ayat 8 UU 14/2008).\n"
        f"Alasan: {request.extension_reason}"
    )
    _send(session, request, "Perpanjangan waktu", body, settings)


def decided(session, request: Request, settings) -> None:
    label = workflow.DECISION_LABELS[workflow.Decision(request.decision)]
    body = (
        f"Pemberitahuan tertulis {request.notice_number} atas permohonan Anda telah terbit: {label}.\n"
        "Unduh pemberitahuan tertulis di halaman pelacakan.\n"
        "Bila Anda keberatan, Anda dapat mengajukan keberatan kepada atasan PPID paling lambat 30 hari kerja."
    )
    _send(session, request, f"Keputusan: {label}", body, settings)


def objection_answered(session, objection: Objection, settings) -> None:
    label = objection_rules.OUTCOME_LABELS[objection_rules.Outcome(objection.outcome)]
    body = (
        f"Atasan PPID telah menanggapi keberatan {objection.number}: {label}.\n{objection.answer}\n\n"
        f"Bila tidak puas, Anda dapat mengajukan sengketa informasi ke Komisi Informasi paling lambat "
        f"{date_id(objection.dispute_due)} (Pasal 37 ayat 2 UU 14/2008)."
    )
    _send(session, objection.request, f"Tanggapan atas keberatan {objection.number}", body, settings)


def objection_lapsed(session, objection: Objection, settings) -> None:
    """Tell the requester the superior did not answer in time and until when the Komisi Informasi takes the case;
    and the PPID, so the superior is reminded."""
    body = (
        f"Atasan PPID belum menanggapi keberatan {objection.number} sampai batas waktunya "
        f"({date_id(objection.due_date)}, Pasal 36 ayat 2 UU 14/2008).\n"
        f"Anda dapat mengajukan sengketa informasi ke Komisi Informasi paling lambat "
        f"{date_id(objection.dispute_due)} (Pasal 37 ayat 2 UU 14/2008)."
    )
    _send(session, objection.request, f"Keberatan {objection.number} belum ditanggapi", body, settings)
    if settings.ppid_officer_email:
        mail.queue(
            session,
            mail_outbox,
            settings.ppid_officer_email,
            f"[{objection.number}] Batas tanggapan keberatan terlewati",
            f"Keberatan {objection.number} atas permohonan {objection.request.registration_number} belum ditanggapi "
            f"atasan PPID; batasnya {date_id(objection.due_date)}.\n"
            f"{settings.public_base_url}/ppid/petugas/keberatan",
        )


def overdue(session, request: Request, settings) -> None:
    if settings.ppid_officer_email:
        mail.queue(
            session,
            mail_outbox,
            settings.ppid_officer_email,
            f"[{request.registration_number}] Tenggat terlewati",
            f"Tenggat pemberitahuan tertulis permohonan {request.registration_number} "
            f"({date_id(request.due_date)}) terlewati; status: "
            f"{workflow.STATUS_LABELS[workflow.Status(request.status)]}.\n"
            f"{settings.public_base_url}/ppid/petugas/permohonan/{request.registration_number}",
        )


def message_to_requester(session, request: Request, message: Message, settings) -> None:
    attached = f"\nLampiran: {message.file_name} (unduh di halaman pelacakan)." if message.file_name else ""
    _send(
        session,
        request,
        "Pesan dari petugas PPID",
        f"{message.body}{attached}\n\nBalas di halaman pelacakan.",
        settings,
    )


def message_to_officer(session, request: Request, message: Message, settings) -> None:
    if settings.ppid_officer_email:
        mail.queue(
            session,
            mail_outbox,
            settings.ppid_officer_email,
            f"[{request.registration_number}] Pesan dari pemohon",
            f"{message.body}\n\n{settings.public_base_url}/ppid/petugas/permohonan/{request.registration_number}",
        )
