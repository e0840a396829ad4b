"""Data-subject requests: the requester files one with the number and tracking code of their PPID request; the
privacy officer reads, answers or refuses it within 3 x 24 hours. Nothing personal is ever shown to the filer:
the copy and every confirmation go to the contact on record."""

from __future__ import annotations

import json

from sqlalchemy import select

from chassis import mail, personal_data
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid import models
from ppid.context import Context
from ppid.domain import objections as objection_rules
from ppid.domain import privacy as rules
from ppid.domain import workflow
from ppid.models import mail_outbox
from ppid.privacy_records import PrivacyRequest
from ppid.retention import ERASED
from ppid.use_cases.common import next_sequence
from ppid.use_cases.requests import find_by_tracking

PERSONAL = ("name", "nik", "address", "phone", "email", "occupation")


def _log(uow: UnitOfWork, ctx: Context, record: PrivacyRequest, action: str, fields) -> None:
    """One access-log row per copy, change, erasure or restriction, in the answer's transaction.

    ``models.ACCESS_LOG`` comes with migration 0012 (helper A1); until it lands nothing is logged: drop the guard
    then."""
    table = getattr(models, "ACCESS_LOG", None)
    if table is None:
        return
    personal_data.record_access(
        uow.session,
        table,
        at=ctx.now(),
        principal=ctx.principal,
        action=action,
        record_kind="request",
        record_id=record.request.registration_number,
        fields=sorted(fields),
        reason="data_subject",
        detail=record.number,
    )


def file_request(uow: UnitOfWork, ctx: Context, data: dict) -> PrivacyRequest:
    """File a request; a wrong number or code gives the tracking lookup's one 404, whichever was wrong."""
    session = uow.session
    request = find_by_tracking(session, data["registration_number"], data["tracking_code"], lock=True)
    now = ctx.now()
    year = ctx.calendar.local_date(now).year
    record = PrivacyRequest(
        number=rules.number(year, next_sequence(session, "privacy", year)),
        request_id=request.id,
        request=request,
        kind=data["kind"],
        status=rules.Status.RECEIVED.value,
        detail=data.get("detail") or "",
        filed_at=now,
        due_at=rules.due_at(now),
        restricted=rules.restricted_at_filing(data["kind"]),
        confirmed_to="email" if request.email else None,
        outcome={},
    )
    session.add(record)
    _notify(
        session,
        record,
        "Permintaan data pribadi diterima",
        f"Permintaan Anda ({rules.KIND_LABELS[rules.Kind(record.kind)]}) tercatat dengan nomor {record.number}.\n"
        f"Kami menjawab paling lambat {ctx.calendar.local_date(record.due_at).isoformat()} "
        f"(3 x 24 jam sejak diajukan).",
    )
    uow.commit()
    return record


def _notify(session, record: PrivacyRequest, subject: str, body: str, to: str | None = None) -> None:
    to = to or record.request.email
    if to:
        mail.queue(session, mail_outbox, to, f"[{record.number}] {subject}", body)


def _find(session, number: str, *, lock=False) -> PrivacyRequest:
    query = select(PrivacyRequest).where(PrivacyRequest.number == number.strip().upper())
    if lock:
        query = query.with_for_update(of=PrivacyRequest)
    record = session.scalars(query).first()
    if record is None:
        raise NotFound(f"Permintaan data pribadi {number} tidak ditemukan.")
    return record


@authorized(rules.READ_PRIVACY_REQUESTS)
def privacy_request(uow: UnitOfWork, ctx: Context, number: str) -> PrivacyRequest:
    return _find(uow.session, number)


@authorized(rules.READ_PRIVACY_REQUESTS)
def privacy_requests(uow: UnitOfWork, ctx: Context, status: str | None = None) -> list[PrivacyRequest]:
    query = select(PrivacyRequest).order_by(PrivacyRequest.due_at, PrivacyRequest.id)
    if status:
        query = query.where(PrivacyRequest.status == status)
    return list(uow.session.scalars(query))


def personal_copy(record: PrivacyRequest) -> dict:
    """What the office holds about this one person: their PPID request's personal fields and what it says."""
    r = record.request
    return {
        "registration_number": r.registration_number,
        "personal": {k: getattr(r, k) for k in PERSONAL},
        "request": {
            "received_on": r.received_on.isoformat(),
            "information": r.information,
            "purpose": r.purpose,
            "status": r.status,
        },
    }


def must_keep(record: PrivacyRequest, ctx: Context) -> bool:
    """The request is still open, or within its objection or dispute window: the law requires keeping it."""
    r = record.request
    if workflow.Status(r.status) in workflow.OPEN:
        return True
    if any(o.status == objection_rules.Status.FILED for o in r.objections):
        return True
    arose = objection_rules.ground_arose(r.decided_on, r.due_date, ctx.today())
    return bool(arose) and ctx.today() <= objection_rules.filing_deadline(ctx.calendar, arose).due


@authorized(rules.ANSWER_PRIVACY_REQUESTS)
def answer(uow: UnitOfWork, ctx: Context, number: str, action: str, data: dict) -> PrivacyRequest:
    """The DPO answers (carrying out the kind) or refuses with a reason."""
    record = _find(uow.session, number, lock=True)
    move = rules.PRIVACY_REQUESTS.check(action, rules.Status(record.status), ctx.principal.roles)
    note = (data.get("answer") or "").strip()
    if action == "refuse" and not note:
        raise Invalid("answer", "Tuliskan alasan penolakan.")
    outcome: dict = {}
    contact = record.request.email  # before an erasure removes it
    if action == "answer":
        outcome = _carry_out(uow, ctx, record, data)
    record.status = move.target.value
    record.answer = note or outcome.get("summary")
    record.outcome = outcome
    record.answered_by = ctx.principal.username
    record.answered_at = ctx.now()
    _notify(uow.session, record, "Jawaban permintaan data pribadi", record.answer or "", to=contact)
    uow.commit()
    return record


def _carry_out(uow: UnitOfWork, ctx: Context, record: PrivacyRequest, data: dict) -> dict:
    r, kind = record.request, rules.Kind(record.kind)
    if kind == rules.Kind.COPY:
        copy = personal_copy(record)
        _notify(uow.session, record, "Salinan data pribadi Anda", json.dumps(copy, ensure_ascii=False, indent=2))
        _log(uow, ctx, record, "copy", PERSONAL)
        return {"summary": "Salinan data pribadi dikirim ke kontak yang tercatat.", "sent": True}
    if kind == rules.Kind.CORRECT:
        changes = data.get("corrections") or {}
        wrong = [f for f in changes if f not in rules.CORRECTABLE]
        if wrong or not changes:
            raise Invalid("corrections", "Sebutkan data yang diperbaiki: nama, alamat, telepon, email atau pekerjaan.")
        for field, value in changes.items():
            setattr(r, field, value)
        _log(uow, ctx, record, "change", changes)
        return {"summary": "Data pribadi diperbaiki.", "fields": sorted(changes)}
    if kind == rules.Kind.ERASE:
        if must_keep(record, ctx):
            record.restricted = True
            _log(uow, ctx, record, "restrict", PERSONAL)
            return {
                "summary": "Data belum dapat dihapus: permohonan masih berjalan atau dalam masa keberatan/sengketa, "
                "sehingga wajib disimpan. Pemrosesannya dibatasi sampai masa itu lewat.",
                "restricted_instead": True,
            }
        r.name, r.nik, r.address, r.phone, r.email, r.occupation = ERASED, ERASED, ERASED, None, None, ERASED
        _log(uow, ctx, record, "erase", PERSONAL)
        return {"summary": "Data pribadi dihapus; catatan statistik permohonan tetap.", "erased": True}
    _log(uow, ctx, record, "restrict", PERSONAL)
    return {"summary": "Pemrosesan data pribadi dibatasi.", "restricted": record.restricted}


@authorized(rules.ANSWER_PRIVACY_REQUESTS)
def copy_of(uow: UnitOfWork, ctx: Context, number: str) -> dict:
    """The person's data of a copy request, for the DPO to send (JSON or PDF): theirs only."""
    record = _find(uow.session, number)
    if record.kind != rules.Kind.COPY:
        raise Conflict("Salinan hanya untuk permintaan salinan data pribadi.", current_state=record.status)
    _log(uow, ctx, record, "copy", PERSONAL)
    uow.commit()
    return {"number": record.number, **personal_copy(record)}


def copy_pdf(office, copy: dict) -> bytes:
    """The copy as a PDF letter (fpdf2 loaded only here)."""
    from ppid.letters.layout import letter

    pdf = letter(office, f"Salinan data pribadi {copy['number']}")
    pdf.title_block("SALINAN DATA PRIBADI", f"Nomor {copy['number']} · Permohonan {copy['registration_number']}")
    labels = {"name": "Nama", "nik": "NIK", "address": "Alamat", "phone": "Telepon", "email": "Email",
              "occupation": "Pekerjaan"}  # fmt: skip
    pdf.fields([(labels[k], v or "-") for k, v in copy["personal"].items()])
    pdf.heading("Permohonan informasi")
    pdf.fields(
        [
            ("Diterima", copy["request"]["received_on"]),
            ("Rincian informasi", copy["request"]["information"]),
            ("Tujuan", copy["request"]["purpose"]),
            ("Status", copy["request"]["status"]),
        ]
    )
    return pdf.to_bytes()


def is_restricted(session, request_id: int) -> bool:
    """Whether a data-subject restriction holds on this PPID request: the reveal then serves only the DPO."""
    query = select(PrivacyRequest.id).where(PrivacyRequest.request_id == request_id, PrivacyRequest.restricted)
    return session.scalars(query.limit(1)).first() is not None


def offered(ctx: Context, record: PrivacyRequest) -> list[str]:
    """The answers the caller may give this data-subject request now (what its page offers)."""
    return rules.PRIVACY_REQUESTS.allowed(rules.Status(record.status), ctx.principal.roles)
