"""PPID use cases: one function each, taking a unit of work (Cosmic Python's service layer)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis.auth import Principal
from chassis.db import values as db_values
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from ppid import events, notifications
from ppid.domain import dip as dip_rules
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules
from ppid.domain import survey as survey_rules
from ppid.domain import workflow
from ppid.domain.calendar import WorkingCalendar
from ppid.domain.workflow import OFFICER, OPD_OFFICER, SUPERIOR, Decision, Status
from ppid.models import (
    ClosedDay,
    DipEntry,
    Disposition,
    Guidance,
    Message,
    Objection,
    Request,
    RequestLog,
    SequenceCounter,
    SurveyResponse,
)
from ppid.settings import PpidSettings

REQUESTER = Principal(username="pemohon", roles=frozenset({workflow.REQUESTER}))
SYSTEM = Principal(username="sistem", roles=frozenset({workflow.SYSTEM}))
STAFF = (OFFICER, SUPERIOR, OPD_OFFICER)


@dataclasses.dataclass(frozen=True)
class Context:
    """What every use case needs besides the unit of work: the calendar with closed days, and settings."""

    calendar: WorkingCalendar
    settings: PpidSettings

    @property
    def today(self) -> dt.date:
        return self.calendar.today()


def office_calendar(session: Session, national: WorkingCalendar) -> WorkingCalendar:
    return national.with_closed_days(session.scalars(select(ClosedDay.day)))


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _next_sequence(session: Session, kind: str, year: int) -> int:
    """Take the next number of ``kind`` in ``year`` without gaps or duplicates under concurrency."""
    counter = SequenceCounter.__table__
    for _ in range(3):
        number = session.execute(
            update(counter)
            .where(counter.c.kind == kind, counter.c.year == year)
            .values(last=counter.c.last + 1)
            .returning(counter.c.last)
        ).scalar()
        if number is not None:
            return number
        try:
            with session.begin_nested():
                session.execute(insert(counter).values(kind=kind, year=year, last=1))
            return 1
        except IntegrityError:
            continue  # another transaction created the year's counter first
    raise RuntimeError("could not allocate a number")


def _log(request: Request, who: Principal, to_status: str, note: str | None, *, action: str, public: bool, before=None):
    request.history.append(
        RequestLog(
            actor=who.username,
            action=action,
            from_status=before if before is not None else request.status,
            to_status=to_status,
            note=note,
            public=public,
        )
    )


def allocate(uow: UnitOfWork, kind: str, year: int) -> int:
    """Take the next number in a short transaction of its own, so concurrent submissions do not queue behind the
    counter's lock for their whole transaction. A number is never given twice; if the submission then fails
    (rare: input was validated before), that number stays unused."""
    with uow.db.session() as session:
        number = _next_sequence(session, kind, year)
        session.commit()
    return number


def submit_request(
    uow: UnitOfWork,
    data: dict,
    *,
    ctx: Context,
    channel: str = rules.Channel.WEB,
    received_at: dt.datetime | None = None,
    registered_by: str | None = None,
) -> tuple[Request, str]:
    """Register a request; returns it with its tracking code (shown once, stored only hashed)."""
    received_at = received_at or dt.datetime.now(dt.UTC)
    received_on = ctx.calendar.receipt_day(received_at)
    deadline = rules.notice_deadline(ctx.calendar, received_on)
    code = rules.new_tracking_code()
    session = uow.session
    year = received_on.year
    number = rules.registration_number(ctx.settings.org_code, year, allocate(uow, "request", year))
    request = Request(
        registration_number=number,
        tracking_code_hash=_hash_code(code),
        channel=str(channel),
        status=Status.RECEIVED,
        received_at=received_at,
        received_on=received_on,
        due_date=deadline.due,
        registered_by=registered_by,
        **data,
    )
    who = Principal(registered_by, frozenset({OFFICER})) if registered_by else REQUESTER
    _log(request, who, Status.RECEIVED, "Permohonan diterima dan didaftarkan.", action="submit", public=True, before="")
    request.history[-1].from_status = None
    session.add(request)
    session.flush()
    notifications.registered(session, request, code, ctx.settings)
    uow.emit(
        events.SUBMITTED,
        {
            "registration_number": number,
            "channel": request.channel,
            "status": request.status,
            "received_on": received_on.isoformat(),
            "due_date": deadline.due.isoformat(),
            "obtain_method": request.obtain_method,
            "delivery_method": request.delivery_method,
        },
        subject=number,
    )
    uow.commit()
    return request, code


def with_everything(query):
    return query.options(
        selectinload(Request.history),
        selectinload(Request.dispositions),
        selectinload(Request.objections),
        selectinload(Request.messages),
    )


def find_by_tracking(session: Session, registration_number: str, tracking_code: str, *, lock=False) -> Request:
    """The request whose number and tracking code both match; 404 otherwise (never says which was wrong)."""
    query = with_everything(select(Request)).where(Request.registration_number == registration_number.strip().upper())
    if lock:
        query = query.with_for_update()
    request = session.scalars(query).first()
    if request is None or not hmac.compare_digest(request.tracking_code_hash, _hash_code(tracking_code)):
        raise Problem(404, "Nomor pendaftaran atau kode pelacakan tidak cocok.", title="Not Found")
    return request


def visible_to(request: Request, who: Principal) -> bool:
    """Officers and the superior see every request; an OPD officer only those disposed to their OPD."""
    if who.has_any(OFFICER, SUPERIOR):
        return True
    return who.has_any(OPD_OFFICER) and any(d.opd == who.opd for d in request.dispositions)


def find_for_staff(session: Session, registration_number: str, who: Principal, *, lock=False) -> Request:
    query = with_everything(select(Request)).where(Request.registration_number == registration_number.strip().upper())
    if lock:
        query = query.with_for_update()
    request = session.scalars(query).first()
    if request is None or not visible_to(request, who):
        # Another OPD's request is "not found": its existence is not theirs to know.
        raise Problem(404, f"Permohonan {registration_number} tidak ditemukan.", title="Not Found")
    return request


def _conflict(detail: str, request: Request, **extra) -> Problem:
    return Problem(409, detail, title="Conflict", current_state=request.status, **extra)


def act(uow: UnitOfWork, request: Request, action: str, who: Principal, data: dict, ctx: Context) -> Request:
    """Make one move of the workflow table, record it in the audit trail and emit its event, in one transaction."""
    current = Status(request.status)
    try:
        move = workflow.check(action, current, who.roles)
    except workflow.Forbidden as exc:
        raise Problem(403, str(exc), title="Forbidden") from None
    except workflow.InvalidTransition:
        raise _conflict(
            f"Permohonan berstatus {current.value} ({workflow.STATUS_LABELS[current]}); tindakan {action} tidak dapat "
            "dilakukan.",
            request,
            allowed_actions=workflow.allowed_actions(current, who.roles),
        ) from None
    handler = ACTIONS[action]
    note, public, event = handler(uow, request, who, data, ctx)
    target = move.target or current
    _log(request, who, target, note, action=action, public=public, before=current)
    request.status = target
    if action == "answer" and all(d.answered_at for d in request.dispositions):
        _log(request, SYSTEM, Status.EXAMINING, "Semua OPD telah menjawab.", action="collect", public=True)
        request.status = Status.EXAMINING
    uow.session.flush()
    if action in MAIL_OF_ACTION:
        MAIL_OF_ACTION[action](uow.session, request, ctx.settings)
    if event is not None:
        uow.emit(
            event[0], {"registration_number": request.registration_number, **event[1]}, request.registration_number
        )
    uow.commit()
    return request


def _mark_incomplete(uow, request, who, data, ctx):
    missing = (data.get("missing") or "").strip()
    if not missing:
        raise field_problem("missing", "Sebutkan apa yang harus dilengkapi pemohon.")
    days = ctx.settings.completion_working_days
    deadline = rules.completion_deadline(ctx.calendar, ctx.today, days)
    request.missing = missing
    request.completion_due = deadline.due
    note = f"Permohonan perlu dilengkapi paling lambat {deadline.due.isoformat()}: {missing}"
    return note, True, None


def _complete(uow, request, who, data, ctx):
    if request.completion_due and ctx.today > request.completion_due:
        raise _conflict(f"Batas melengkapi permohonan ({request.completion_due.isoformat()}) sudah lewat.", request)
    for key, value in data.items():
        setattr(request, key, value)
    # The clock runs again from completion (as a new receipt).
    received_on = ctx.calendar.receipt_day(dt.datetime.now(dt.UTC))
    request.received_on = received_on
    request.due_date = rules.notice_deadline(ctx.calendar, received_on).due
    request.missing = None
    request.completion_due = None
    return f"Permohonan telah dilengkapi; tenggat baru {request.due_date.isoformat()}.", True, None


def _close_incomplete(uow, request, who, data, ctx):
    if request.completion_due and ctx.today <= request.completion_due:
        raise _conflict(
            f"Pemohon masih dapat melengkapi sampai {request.completion_due.isoformat()}.",
            request,
        )
    request.closed_at = utcnow()
    return "Ditutup karena tidak dilengkapi dalam batas waktu.", True, None


def _dispose(uow, request, who, data, ctx):
    opds = sorted({o.strip().lower() for o in data.get("opds") or [] if o and o.strip()})
    if not opds:
        raise field_problem("opds", "Pilih minimal satu OPD.")
    existing = {d.opd for d in request.dispositions if not d.answered_at}
    due = data.get("due_date") or min(
        ctx.calendar.add_working_days(ctx.today, ctx.settings.opd_answer_working_days), request.due_date
    )
    if due > request.due_date:
        raise field_problem("due_date", f"Tidak boleh melewati tenggat pemberitahuan {request.due_date.isoformat()}.")
    for opd in opds:
        if opd in existing:
            continue
        previous = next((d for d in request.dispositions if d.opd == opd), None)
        if previous is not None:  # disposed again after it answered: ask again
            previous.answered_at = previous.answer = previous.answered_by = previous.held = None
            previous.due_date = due
            continue
        request.dispositions.append(Disposition(opd=opd, due_date=due, note=data.get("note"), disposed_by=who.username))
    note = f"Diteruskan ke {', '.join(opds)}; jawaban OPD paling lambat {due.isoformat()}."
    return (
        note,
        True,
        (events.ROUTED, {"opds": opds, "opd_due_date": due.isoformat(), "due_date": request.due_date.isoformat()}),
    )


def _answer(uow, request, who, data, ctx):
    mine = next((d for d in request.dispositions if d.opd == who.opd), None)
    if mine is None:
        raise Problem(404, "Permohonan ini tidak didisposisikan ke OPD Anda.", title="Not Found")
    if mine.answered_at:
        raise _conflict(f"OPD {who.opd} sudah menjawab.", request)
    answer = (data.get("answer") or "").strip()
    if not answer:
        raise field_problem("answer", "Isi jawaban atau catatan OPD.")
    mine.answer = answer
    mine.held = data.get("held")
    mine.answered_by = who.username
    mine.answered_at = utcnow()
    late = ctx.today > mine.due_date
    return f"Jawaban OPD {who.opd}{' (terlambat)' if late else ''}: {answer}", False, None


def _examine(uow, request, who, data, ctx):
    return "Diperiksa langsung oleh PPID.", True, None


def _extend(uow, request, who, data, ctx):
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise field_problem("reason", "Perpanjangan wajib disertai alasan tertulis.")
    if request.extended_at is not None:
        raise _conflict("Permohonan ini sudah pernah diperpanjang; perpanjangan hanya sekali.", request)
    deadline = rules.extended_deadline(ctx.calendar, request.due_date)
    request.original_due_date = request.due_date
    request.due_date = deadline.due
    request.extended_at = utcnow()
    request.extension_reason = reason
    note = f"Diperpanjang sampai {deadline.due.isoformat()}: {reason}"
    return (
        note,
        True,
        (
            events.EXTENDED,
            {"due_date": deadline.due.isoformat(), "original_due_date": request.original_due_date.isoformat()},
        ),
    )


def _draft_notice(uow, request, who, data, ctx):
    decision = Decision(data["decision"])
    grounds = sorted(set(data.get("refusal_grounds") or []))
    consequence = (data.get("consequence_test") or "").strip()
    if decision in workflow.NEEDS_EXEMPTION:
        if not grounds:
            raise field_problem("refusal_grounds", "Sebutkan minimal satu alasan pengecualian Pasal 17 (a-j).")
        if not consequence:
            raise field_problem("consequence_test", "Uji konsekuensi (Pasal 19) wajib diisi.")
    elif grounds:
        raise field_problem("refusal_grounds", "Alasan pengecualian hanya untuk penolakan atau pemberian sebagian.")
    request.decision = decision
    request.decision_reasons = (data.get("reasons") or "").strip() or None
    request.refusal_grounds = grounds
    request.consequence_test = consequence or None
    request.fee = data.get("fee") or 0
    request.payment_note = data.get("payment_note")
    request.notice_form = data.get("form") or request.obtain_method
    request.delivery_on = data.get("delivery_on")
    request.notice_drafted_by = who.username
    return f"Draf pemberitahuan tertulis: {workflow.DECISION_LABELS[decision]}.", False, None


def _return_notice(uow, request, who, data, ctx):
    note = (data.get("note") or "").strip()
    if not note:
        raise field_problem("note", "Sebutkan apa yang harus diperbaiki.")
    return f"Draf dikembalikan: {note}", False, None


def _sign_notice(uow, request, who, data, ctx):
    signer = SUPERIOR if ctx.settings.notice_signer == "superior" else OFFICER
    if not who.has_any(signer):
        raise Problem(403, f"Pemberitahuan tertulis ditandatangani oleh {signer}.", title="Forbidden")
    now = utcnow()
    request.signed_by = who.username
    request.decided_at = now
    request.decided_on = ctx.calendar.local_date(now)
    request.notice_number = f"{request.registration_number}/PT"
    days = ctx.calendar.working_days_between(request.received_on, request.decided_on)
    late = request.decided_on > request.due_date
    note = f"Pemberitahuan tertulis {request.notice_number}: {workflow.DECISION_LABELS[Decision(request.decision)]}."
    data = {
        "decision": request.decision,
        "refusal_grounds": list(request.refusal_grounds),
        "decided_on": request.decided_on.isoformat(),
        "working_days": days,
        "late": late,
    }
    return note, True, (events.DECIDED, data)


def _deliver(uow, request, who, data, ctx):
    if Decision(request.decision) not in workflow.DELIVERABLE:
        raise _conflict("Tidak ada informasi yang diserahkan untuk keputusan ini.", request)
    request.delivered_at = utcnow()
    request.delivery_note = data.get("note")
    method = data.get("method") or request.delivery_method
    return (
        f"Informasi diserahkan ({method}).",
        True,
        (events.DELIVERED, {"delivered_on": ctx.today.isoformat(), "method": method}),
    )


def _note(uow, request, who, data, ctx):
    note = (data.get("note") or "").strip()
    if not note:
        raise field_problem("note", "Catatan kosong.")
    return note, bool(data.get("public")), None


ACTIONS = {
    "mark_incomplete": _mark_incomplete,
    "complete": _complete,
    "close_incomplete": _close_incomplete,
    "dispose": _dispose,
    "answer": _answer,
    "examine": _examine,
    "extend": _extend,
    "draft_notice": _draft_notice,
    "return_notice": _return_notice,
    "sign_notice": _sign_notice,
    "deliver": _deliver,
    "note": _note,
}
MAIL_OF_ACTION = {
    "mark_incomplete": notifications.incomplete,
    "close_incomplete": notifications.closed,
    "extend": notifications.extended,
    "sign_notice": notifications.decided,
}
assert set(ACTIONS) | {"collect"} == set(workflow.TRANSITIONS), "every move of the table has a handler"


# --- objections -------------------------------------------------------------------------------------------------


def file_objection(uow: UnitOfWork, data: dict, ctx: Context) -> Objection:
    session = uow.session
    request = find_by_tracking(session, data["registration_number"], data["tracking_code"], lock=True)
    arose = objection_rules.ground_arose(request.decided_on, request.due_date, ctx.today)
    if arose is None:
        raise _conflict(
            f"Belum ada dasar keberatan: permohonan masih diproses sampai {request.due_date.isoformat()}.", request
        )
    window = objection_rules.filing_deadline(ctx.calendar, arose)
    if ctx.today > window.due:
        raise _conflict(f"Batas pengajuan keberatan ({window.due.isoformat()}) sudah lewat.", request, rule=window.rule)
    if any(o.status == objection_rules.Status.FILED for o in request.objections):
        raise _conflict("Keberatan atas permohonan ini sedang diproses.", request)
    filed_on = ctx.calendar.receipt_day(dt.datetime.now(dt.UTC))
    deadline = objection_rules.answer_deadline(ctx.calendar, filed_on)
    sequence = _next_sequence(session, "objection", filed_on.year)
    number = f"KEB-{ctx.settings.org_code.replace('.', '')}-{filed_on.year}-{sequence:05d}"
    objection = Objection(
        number=number,
        grounds=sorted(set(data["grounds"])),
        reason=data["reason"],
        status=objection_rules.Status.FILED,
        filed_on=filed_on,
        due_date=deadline.due,
    )
    request.objections.append(objection)
    _log(request, REQUESTER, request.status, f"Keberatan {number} diajukan.", action="object", public=True)
    session.flush()
    uow.emit(
        events.OBJECTION_FILED,
        {
            "number": number,
            "registration_number": request.registration_number,
            "grounds": objection.grounds,
            "filed_on": filed_on.isoformat(),
            "due_date": deadline.due.isoformat(),
        },
        subject=number,
    )
    uow.commit()
    return objection


def find_objection(session: Session, number: str) -> Objection:
    objection = session.scalars(
        select(Objection).options(selectinload(Objection.request)).where(Objection.number == number.strip().upper())
    ).first()
    if objection is None:
        raise Problem(404, f"Keberatan {number} tidak ditemukan.", title="Not Found")
    return objection


def decide_objection(uow: UnitOfWork, number: str, data: dict, who: Principal, ctx: Context) -> Objection:
    objection = find_objection(uow.session, number)
    if objection.status != objection_rules.Status.FILED:
        raise Problem(409, "Keberatan ini sudah ditanggapi.", title="Conflict", current_state=objection.status)
    objection.status = objection_rules.Status.ANSWERED
    objection.outcome = data["outcome"]
    objection.answer = data["answer"]
    objection.answered_by = who.username
    objection.answered_on = ctx.today
    objection.dispute_due = objection_rules.dispute_deadline(ctx.calendar, ctx.today).due
    label = objection_rules.OUTCOME_LABELS[objection_rules.Outcome(objection.outcome)]
    _log(
        objection.request,
        who,
        objection.request.status,
        f"Tanggapan atas keberatan {number}: {label}.",
        action="objection_answer",
        public=True,
    )
    uow.session.flush()
    notifications.objection_answered(uow.session, objection, ctx.settings)
    uow.emit(
        events.OBJECTION_DECIDED,
        {
            "number": number,
            "registration_number": objection.request.registration_number,
            "outcome": objection.outcome,
            "answered_on": ctx.today.isoformat(),
            "late": ctx.today > objection.due_date,
        },
        subject=number,
    )
    uow.commit()
    return objection


def record_dispute(uow: UnitOfWork, number: str, data: dict, who: Principal, ctx: Context) -> Objection:
    objection = find_objection(uow.session, number)
    if objection.dispute_filed_on is not None:
        raise Problem(409, "Sengketa sudah dicatat.", title="Conflict", current_state="dispute_filed")
    objection.dispute_filed_on = data["filed_on"]
    objection.dispute_reference = data.get("reference")
    _log(
        objection.request,
        who,
        objection.request.status,
        f"Sengketa informasi diajukan ke Komisi Informasi ({number}).",
        action="dispute",
        public=True,
    )
    uow.session.flush()
    uow.emit(
        events.DISPUTE_FILED,
        {
            "number": number,
            "registration_number": objection.request.registration_number,
            "filed_on": objection.dispute_filed_on.isoformat(),
        },
        subject=number,
    )
    uow.commit()
    return objection


# --- the worker's sweep -----------------------------------------------------------------------------------------


def flag_overdue(uow: UnitOfWork, ctx: Context, limit: int = 500) -> int:
    """Emit ``ppid.request.overdue.v1`` once for each open request whose legal deadline has lapsed."""
    session = uow.session
    lapsed = session.scalars(
        select(Request)
        .where(
            Request.status.in_([s.value for s in workflow.CLOCK_RUNS]),
            Request.due_date < ctx.today,
            Request.overdue_notified_at.is_(None),
        )
        .order_by(Request.due_date, Request.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    now = utcnow()
    for request in lapsed:
        request.overdue_notified_at = now
        notifications.overdue(session, request, ctx.settings)
        uow.emit(
            events.OVERDUE,
            {
                "registration_number": request.registration_number,
                "status": request.status,
                "due_date": request.due_date.isoformat(),
                "days_late": ctx.calendar.working_days_between(request.due_date, ctx.today),
            },
            subject=request.registration_number,
        )
    uow.commit()
    return len(lapsed)


# --- office calendar changes ------------------------------------------------------------------------------------


def recomputed_due(calendar: WorkingCalendar, request: Request) -> dt.date:
    due = rules.notice_deadline(calendar, request.received_on).due
    return rules.extended_deadline(calendar, due).due if request.extended_at else due


def deadline_changes(session: Session, calendar: WorkingCalendar, since: dt.date | None = None):
    """Open requests whose stored due date differs from the one ``calendar`` gives (e.g. after a revision of the
    government's joint leave days, or a day the office closes): [(request, new due date)]."""
    query = (
        select(Request)
        .options(selectinload(Request.history))
        .where(Request.status.in_([s.value for s in workflow.CLOCK_RUNS]))
    )
    if since is not None:
        query = query.where(Request.due_date >= since, Request.received_on < since)
    moved = []
    for request in session.scalars(query.order_by(Request.due_date, Request.id)):
        new_due = recomputed_due(calendar, request)
        if new_due != request.due_date:
            moved.append((request, new_due))
    return moved


def _as_rows(moved) -> list[dict]:
    return [
        {"registration_number": r.registration_number, "status": r.status, "due_date": r.due_date, "new_due_date": d}
        for r, d in moved
    ]


def _move_deadlines(moved, calendar: WorkingCalendar, who: Principal, why: str) -> None:
    for request, new_due in moved:
        note = f"Tenggat bergeser dari {request.due_date.isoformat()} ke {new_due.isoformat()}: {why}."
        _log(request, who, request.status, note, action="calendar", public=True)
        if request.original_due_date:
            request.original_due_date = rules.notice_deadline(calendar, request.received_on).due
        request.due_date = new_due


def close_office_day(uow: UnitOfWork, day: dt.date, reason: str, who: Principal, ctx: Context, apply: bool):
    """Which open deadlines a closed day moves; with ``apply``, record the day and move them, with an audit entry."""
    session = uow.session
    if session.get(ClosedDay, day) is not None:
        raise Problem(409, f"{day.isoformat()} sudah tercatat sebagai hari tutup.", title="Conflict")
    calendar = ctx.calendar.with_closed_days(ctx.calendar.closed_days | {day})
    moved = deadline_changes(session, calendar, since=day)
    result = _as_rows(moved)
    if apply:
        session.add(ClosedDay(day=day, reason=reason, created_by=who.username))
        _move_deadlines(moved, calendar, who, f"kantor tutup {day.isoformat()} ({reason})")
        uow.commit()
    return result


def calendar_changes(uow: UnitOfWork, who: Principal, ctx: Context, apply: bool, reason: str = "") -> list[dict]:
    """Open deadlines that today's calendar would compute differently; with ``apply``, move them (audited)."""
    moved = deadline_changes(uow.session, ctx.calendar)
    result = _as_rows(moved)
    if apply and moved:
        why = f"kalender hari kerja berubah ({reason})" if reason else "kalender hari kerja berubah"
        _move_deadlines(moved, ctx.calendar, who, why)
        uow.commit()
    return result


# --- public information list (DIP), OPD guidance, satisfaction survey -------------------------------------------


def _check_dip(entry: dict) -> None:
    problem = dip_rules.entry_problem(entry)
    if problem:
        raise field_problem(*problem)


def create_dip_entry(uow: UnitOfWork, data: dict, who: Principal) -> DipEntry:
    _check_dip(data)
    entry = DipEntry(**{**data, "exemption_grounds": sorted(set(data.get("exemption_grounds") or []))})
    entry.created_by = who.username
    uow.session.add(entry)
    uow.commit()
    return entry


def find_dip_entry(session: Session, entry_id: int, *, lock=False) -> DipEntry:
    entry = session.get(DipEntry, entry_id, with_for_update=lock)
    if entry is None:
        raise Problem(404, f"Entri DIP {entry_id} tidak ditemukan.", title="Not Found")
    return entry


def update_dip_entry(uow: UnitOfWork, entry_id: int, changes: dict) -> DipEntry:
    """Change some fields; the entry as a whole must still follow the rules (an exempt one keeps its grounds)."""
    entry = find_dip_entry(uow.session, entry_id, lock=True)
    if "exemption_grounds" in changes:
        changes = {**changes, "exemption_grounds": sorted(set(changes["exemption_grounds"] or []))}
    _check_dip({**db_values(entry), **changes})
    for key, value in changes.items():
        setattr(entry, key, value)
    uow.commit()
    return entry


def may_edit_guidance(who: Principal, opd: str) -> bool:
    """The PPID edits every OPD's guidance; an OPD officer only their own."""
    return who.has_any(OFFICER) or (who.has_any(OPD_OFFICER) and who.opd == opd)


def save_guidance(uow: UnitOfWork, opd: str, data: dict, who: Principal) -> tuple[Guidance, bool]:
    """Write what an OPD holds and cannot give; returns it and whether it is new."""
    if not may_edit_guidance(who, opd):
        raise Problem(403, f"Hanya PPID atau petugas OPD {opd} yang dapat mengubah panduan ini.", title="Forbidden")
    guidance = uow.session.get(Guidance, opd, with_for_update=True)
    created = guidance is None
    if created:
        guidance = Guidance(opd=opd)
        uow.session.add(guidance)
    for key, value in data.items():
        setattr(guidance, key, value)
    guidance.updated_by = who.username
    try:
        uow.commit()
    except IntegrityError:
        raise Problem(409, "Panduan OPD ini baru saja dibuat orang lain; muat ulang.", title="Conflict") from None
    return guidance, created


def answer_survey(uow: UnitOfWork, data: dict, ctx: Context) -> tuple[SurveyResponse, Request]:
    """Record the requester's SKM answers, once per request, after the request has ended."""
    session = uow.session
    request = find_by_tracking(session, data["registration_number"], data["tracking_code"], lock=True)
    if Status(request.status) not in survey_rules.ANSWERABLE:
        raise _conflict("Survei kepuasan dapat diisi setelah permohonan selesai diproses.", request)
    already = _conflict("Survei kepuasan untuk permohonan ini sudah diisi.", request)
    if session.scalar(select(SurveyResponse.id).where(SurveyResponse.request_id == request.id)) is not None:
        raise already
    response = SurveyResponse(
        request_id=request.id,
        comment=data.get("comment") or None,
        answered_on=ctx.today,
        **{code: data[code] for code in survey_rules.ELEMENTS},
    )
    session.add(response)
    try:
        uow.commit()
    except IntegrityError:
        raise already from None  # the same request answered twice at once
    return response, request


def survey_year(session: Session, year: int) -> dict:
    """The year's survey: responses, mean per element, the index and its band (PermenPANRB 14/2017)."""
    answered = SurveyResponse.answered_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    totals = [func.coalesce(func.sum(getattr(SurveyResponse, code)), 0) for code in survey_rules.ELEMENTS]
    count, *sums = session.execute(select(func.count(SurveyResponse.id), *totals).where(answered)).one()
    means = survey_rules.element_means(dict(zip(survey_rules.ELEMENTS, map(int, sums), strict=True)), count)
    index = survey_rules.index(means)
    band = survey_rules.band(index) if index is not None else None
    return {
        "year": year,
        "responses": count,
        "elements": {
            code: {"label": label, "mean": round(means[code], 2) if means[code] is not None else None}
            for code, label in survey_rules.ELEMENTS.items()
        },
        "index": index,
        "band": band.grade if band else None,
        "band_label": band.label if band else None,
    }


# --- messages between officers and the requester ----------------------------------------------------------------


def post_message(uow: UnitOfWork, request: Request, who: Principal, body: str, attachment: dict | None, ctx: Context):
    """Add a message to the thread (the requester's or an officer's) and mail the other side."""
    body = (body or "").strip()
    if not body:
        raise field_problem("body", "Pesan kosong.")
    if Status(request.status) in {Status.CLOSED} and who is REQUESTER:
        raise _conflict("Permohonan sudah ditutup.", request)
    from_requester = who is REQUESTER
    message = Message(
        from_requester=from_requester,
        author="pemohon" if from_requester else who.username,
        body=body,
        **(attachment or {}),
    )
    request.messages.append(message)
    uow.session.flush()
    if from_requester:
        notifications.message_to_officer(uow.session, request, message, ctx.settings)
    else:
        notifications.message_to_requester(uow.session, request, message, ctx.settings)
    uow.commit()
    return message
