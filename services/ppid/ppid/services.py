"""PPID use cases: one function each, taking a unit of work (Cosmic Python's service layer)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from sqlalchemy import func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis import files, filestore
from chassis.auth import Principal
from chassis.db import values as db_values
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from ppid import events, notifications, summary
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
    ReportObstacle,
    Request,
    RequestLog,
    SequenceCounter,
    SurveyResponse,
)
from ppid.settings import PpidSettings

REQUESTER = Principal(username="pemohon", roles=frozenset({workflow.REQUESTER}))
SYSTEM = Principal(username="sistem", roles=frozenset({workflow.SYSTEM}))
STAFF = (OFFICER, SUPERIOR, OPD_OFFICER)
# The largest id an INTEGER key holds (PostgreSQL); a larger one in a URL names nothing.
MAX_ID = 2**31 - 1


@dataclasses.dataclass(frozen=True)
class Context:
    """What every use case needs besides the unit of work: the calendar with closed days, and settings."""

    calendar: WorkingCalendar
    settings: PpidSettings

    @property
    def today(self) -> dt.date:
        return self.calendar.today()


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


def submit_request(
    uow: UnitOfWork,
    data: dict,
    *,
    ctx: Context,
    channel: str = rules.Channel.WEB,
    received_at: dt.datetime | None = None,
    registered_by: str | None = None,
) -> tuple[Request, str]:
    """Register a request; returns it with its tracking code (shown once, stored only hashed).

    The number is taken in the same transaction as the request, so it is never lost to a failed submission
    (no gap) and costs no commit of its own; the counter's row stays locked only for the few inserts that
    follow, written with Core (the request, its first log entry, the receipt mail, the event, the counts).
    """
    received_at = received_at or dt.datetime.now(dt.UTC)
    received_on = ctx.calendar.receipt_day(received_at)
    deadline = rules.notice_deadline(ctx.calendar, received_on)
    code = rules.new_tracking_code()
    session = uow.session
    year = received_on.year
    values = {
        "tracking_code_hash": _hash_code(code),
        "channel": str(channel),
        "status": Status.RECEIVED.value,
        "received_at": received_at,
        "received_on": received_on,
        "due_date": deadline.due,
        "registered_by": registered_by,
        "created_at": utcnow(),
        **data,
    }
    values["registration_number"] = number = rules.registration_number(
        ctx.settings.org_code, year, _next_sequence(session, "request", year)
    )
    request_id = _insert_with_log(session, values, registered_by or REQUESTER.username)
    request = Request(id=request_id, **values)  # not added to the session: the answer's and the mail's view of it
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
            "state": events.state(request, history=1, objections=()),  # its one audit entry: the submission
        },
        subject=number,
    )
    summary.record_new(
        session.connection(),
        {"received_on": received_on, "decision": None, "decided_on": None, "extended": False, "refusal_grounds": []},
        Status.RECEIVED.value,
    )
    uow.commit()
    return request, code


def _insert_with_log(session: Session, values: dict, actor: str) -> int:
    """Insert the request and its first log entry; on PostgreSQL in one statement (one round trip fewer while
    the number's lock is held)."""
    table, log = Request.__table__, RequestLog.__table__
    entry = {"at": values["created_at"], "actor": actor, "from_status": None, "to_status": Status.RECEIVED.value,
             "action": "submit", "note": "Permohonan diterima dan didaftarkan.", "public": True}  # fmt: skip
    if session.get_bind().dialect.name != "postgresql":
        request_id = session.execute(insert(table).values(values).returning(table.c.id)).scalar_one()
        session.execute(insert(log).values(request_id=request_id, **entry))
        return request_id
    created = insert(table).values(values).returning(table.c.id).cte("created")
    columns = [log.c.request_id, *(log.c[name] for name in entry)]
    logged = insert(log).from_select(
        columns, select(created.c.id, *(literal(value, log.c[name].type) for name, value in entry.items()))
    )
    return session.execute(logged.returning(log.c.request_id)).scalar_one()


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
        data = {"registration_number": request.registration_number, **event[1], "state": events.state(request)}
        uow.emit(event[0], data, request.registration_number)
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
    request.returned_on = ctx.today
    request.completion_days = days
    note = f"Permohonan perlu dilengkapi paling lambat {deadline.due.isoformat()}: {missing}"
    return note, True, (events.INCOMPLETE, {"completion_due": deadline.due.isoformat()})


def _complete(uow, request, who, data, ctx):
    if request.completion_due and ctx.today > request.completion_due:
        raise _conflict(f"Batas melengkapi permohonan ({request.completion_due.isoformat()}) sudah lewat.", request)
    if "nik" in data and (problem := rules.identity_problem(request.requester_type, data["nik"])):
        raise field_problem("nik", problem)
    for key, value in data.items():
        setattr(request, key, value)
    # The clock runs again from completion (as a new receipt).
    received_on = ctx.calendar.receipt_day(dt.datetime.now(dt.UTC))
    request.received_on = received_on
    request.due_date = rules.notice_deadline(ctx.calendar, received_on).due
    request.missing = None
    request.completion_due = request.returned_on = request.completion_days = None
    note = f"Permohonan telah dilengkapi; tenggat baru {request.due_date.isoformat()}."
    data = {"received_on": received_on.isoformat(), "due_date": request.due_date.isoformat()}
    return note, True, (events.COMPLETED, data)


def _close_incomplete(uow, request, who, data, ctx):
    if request.completion_due and ctx.today <= request.completion_due:
        raise _conflict(
            f"Pemohon masih dapat melengkapi sampai {request.completion_due.isoformat()}.",
            request,
        )
    request.closed_at = utcnow()
    note = "Ditutup karena tidak dilengkapi dalam batas waktu."
    return note, True, (events.CLOSED, {"closed_on": ctx.today.isoformat()})


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
    # Counted again after a calendar change; a date already past (recorded late) stays as given.
    working_days = ctx.calendar.working_days_between(ctx.today, due) if due >= ctx.today else None
    for opd in opds:
        if opd in existing:
            continue
        previous = next((d for d in request.dispositions if d.opd == opd), None)
        if previous is not None:  # disposed again after it answered: ask again
            previous.answered_at = previous.answer = previous.answered_by = previous.held = None
            previous.due_date, previous.working_days, previous.disposed_at = due, working_days, utcnow()
            continue
        request.dispositions.append(Disposition(opd=opd, due_date=due, working_days=working_days,
                                                note=data.get("note"), disposed_by=who.username))  # fmt: skip
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
    if not data.get("decision"):
        raise field_problem("decision", "Pilih keputusan pemberitahuan tertulis.")
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
            "state": events.state(request),
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
    objection.dispute_due = objection_rules.dispute_due(ctx.calendar, ctx.today, objection.due_date)
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
            "state": events.state(objection.request),
        },
        subject=number,
    )
    uow.commit()
    return objection


def record_dispute(uow: UnitOfWork, number: str, data: dict, who: Principal, ctx: Context) -> Objection:
    """Record the requester's dispute with the Komisi Informasi, filed within the window of Pasal 37 ayat 2."""
    objection = find_objection(uow.session, number)
    if objection.dispute_filed_on is not None:
        raise Problem(409, "Sengketa sudah dicatat.", title="Conflict", current_state="dispute_filed")
    if data["filed_on"] > ctx.today:
        raise field_problem("filed_on", "Tanggal pengajuan sengketa tidak boleh di masa depan.")
    opened = objection_rules.dispute_window_opened(objection.answered_on, objection.due_date, ctx.today)
    due = objection.dispute_due
    if opened is not None and due is None:
        due = objection_rules.dispute_due(ctx.calendar, objection.answered_on, objection.due_date)
    if problem := objection_rules.dispute_filing_problem(opened, due, data["filed_on"]):
        raise Problem(
            422,
            f"{problem} {objection_rules.DISPUTE_RULE}.",
            rule=objection_rules.DISPUTE_RULE,
            dispute_due=due.isoformat() if due else None,
            errors=[{"field": "filed_on", "message": problem}],
        )
    objection.dispute_due = due
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
            "state": events.state(objection.request),
        },
        subject=number,
    )
    uow.commit()
    return objection


def record_dispute_outcome(uow: UnitOfWork, number: str, data: dict, who: Principal, ctx: Context) -> Objection:
    """Record what the Komisi Informasi decided: the mediation's result, or the adjudication decision."""
    objection = find_objection(uow.session, number)
    if objection.dispute_filed_on is None:
        raise Problem(409, "Belum ada sengketa yang dicatat untuk keberatan ini.", title="Conflict",
                      current_state=objection.status)  # fmt: skip
    outcome = objection_rules.DisputeOutcome(data["outcome"])
    if problem := objection_rules.dispute_outcome_problem(objection.dispute_outcome, outcome):
        raise Problem(409, problem, title="Conflict", current_state=objection.dispute_outcome,
                      rule=objection_rules.DISPUTE_OUTCOME_RULE)  # fmt: skip
    decided_on = data["decided_on"]
    if decided_on < objection.dispute_filed_on or decided_on > ctx.today:
        raise field_problem(
            "decided_on", f"Tanggal antara pengajuan sengketa ({objection.dispute_filed_on.isoformat()}) dan hari ini."
        )
    objection.dispute_outcome = outcome
    objection.dispute_decided_on = decided_on
    objection.dispute_decision_number = data["decision_number"].strip()
    label = objection_rules.DISPUTE_OUTCOME_LABELS[outcome]
    _log(objection.request, who, objection.request.status,
         f"Komisi Informasi, sengketa {number}: {label} ({objection.dispute_decision_number}).",
         action="dispute_outcome", public=True)  # fmt: skip
    uow.session.flush()
    uow.emit(
        events.DISPUTE_DECIDED,
        {
            "number": number,
            "registration_number": objection.request.registration_number,
            "outcome": outcome.value,
            "decided_on": decided_on.isoformat(),
            "state": events.state(objection.request),
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
                "state": events.state(request),
            },
            subject=request.registration_number,
        )
    uow.commit()
    return len(lapsed)


def flag_lapsed_objections(uow: UnitOfWork, ctx: Context, limit: int = 500) -> int:
    """Emit ``ppid.objection.overdue.v1`` once for each objection the superior did not answer in 30 working days
    (Pasal 36 ayat 2), and open the requester's 14 working days to go to the Komisi Informasi (Pasal 37 ayat 2)."""
    session = uow.session
    lapsed = session.scalars(
        select(Objection)
        .options(selectinload(Objection.request))
        .where(
            Objection.status == objection_rules.Status.FILED,
            Objection.due_date < ctx.today,
            Objection.overdue_notified_at.is_(None),
        )
        .order_by(Objection.due_date, Objection.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    now = utcnow()
    for objection in lapsed:
        objection.overdue_notified_at = now
        if objection.dispute_due is None:
            objection.dispute_due = objection_rules.dispute_due(ctx.calendar, None, objection.due_date)
        _log(objection.request, SYSTEM, objection.request.status,
             f"Batas tanggapan atasan PPID atas keberatan {objection.number} ({objection.due_date.isoformat()}) "
             f"lewat; sengketa ke Komisi Informasi dapat diajukan sampai {objection.dispute_due.isoformat()}.",
             action="objection_lapsed", public=True)  # fmt: skip
        notifications.objection_lapsed(session, objection, ctx.settings)
        uow.emit(
            events.OBJECTION_OVERDUE,
            {
                "number": objection.number,
                "registration_number": objection.request.registration_number,
                "due_date": objection.due_date.isoformat(),
                "dispute_due": objection.dispute_due.isoformat(),
                "days_late": ctx.calendar.working_days_between(objection.due_date, ctx.today),
                "state": events.state(objection.request),
            },
            subject=objection.number,
        )
    uow.commit()
    return len(lapsed)


# --- office calendar changes ------------------------------------------------------------------------------------


def recomputed_due(calendar: WorkingCalendar, request: Request) -> dt.date:
    due = rules.notice_deadline(calendar, request.received_on).due
    return rules.extended_deadline(calendar, due).due if request.extended_at else due


@dataclasses.dataclass
class DeadlineMove:
    """One stored deadline that the calendar now puts on another day: which one, on which row, from and to."""

    kind: str  # notice, completion, opd, objection_answer, dispute
    label: str
    number: str
    request: Request
    row: object
    attribute: str
    new_due: dt.date

    @property
    def due(self) -> dt.date:
        return getattr(self.row, self.attribute)


def _request_moves(calendar: WorkingCalendar, request: Request) -> list[DeadlineMove]:
    moves = []

    def moved(kind, label, row, attribute, new_due, number=request.registration_number):
        if new_due != getattr(row, attribute):
            moves.append(DeadlineMove(kind, label, number, request, row, attribute, new_due))

    status = Status(request.status)
    notice_due = request.due_date
    if status in workflow.CLOCK_RUNS:
        notice_due = recomputed_due(calendar, request)
        moved("notice", "pemberitahuan tertulis", request, "due_date", notice_due)
    if status == Status.INCOMPLETE and request.returned_on and request.completion_days is not None:
        new_due = rules.completion_deadline(calendar, request.returned_on, request.completion_days).due
        moved("completion", "kelengkapan permohonan", request, "completion_due", new_due)
    if status in workflow.OPEN:
        for disposition in request.dispositions:
            if disposition.answered_at is None and disposition.working_days is not None:
                disposed_on = calendar.local_date(disposition.disposed_at)
                new_due = min(calendar.add_working_days(disposed_on, disposition.working_days), notice_due)
                moved("opd", f"jawaban OPD {disposition.opd}", disposition, "due_date", new_due)
    for objection in request.objections:
        answer_due = objection.due_date
        if objection.status == objection_rules.Status.FILED:
            answer_due = objection_rules.answer_deadline(calendar, objection.filed_on).due
            moved("objection_answer", f"tanggapan keberatan {objection.number}", objection, "due_date", answer_due,
                  objection.number)  # fmt: skip
        if objection.dispute_due is not None and objection.dispute_filed_on is None:
            new_due = objection_rules.dispute_due(calendar, objection.answered_on, answer_due)
            moved("dispute", f"pengajuan sengketa {objection.number}", objection, "dispute_due", new_due,
                  objection.number)  # fmt: skip
    return moves


def deadline_changes(session: Session, calendar: WorkingCalendar) -> list[DeadlineMove]:
    """Every pending deadline whose stored date differs from the one ``calendar`` gives (after a revision of the
    government's joint leave days, or a day the office closes or opens again): the written notice, the completion
    window, the OPDs' answers, the superior's answer to an objection and the window for a dispute."""
    open_requests = [s.value for s in workflow.CLOCK_RUNS | {Status.INCOMPLETE}]
    pending_objection = select(Objection.request_id).where(
        (Objection.status == objection_rules.Status.FILED)
        | (Objection.dispute_due.is_not(None) & Objection.dispute_filed_on.is_(None))
    )
    query = (
        with_everything(select(Request))
        .where(Request.status.in_(open_requests) | Request.id.in_(pending_objection))
        .order_by(Request.due_date, Request.id)
    )
    return [move for request in session.scalars(query) for move in _request_moves(calendar, request)]


def _as_rows(moved: list[DeadlineMove]) -> list[dict]:
    return [
        {"kind": m.kind, "label": m.label, "number": m.number, "registration_number": m.request.registration_number,
         "status": m.request.status, "due_date": m.due, "new_due_date": m.new_due}
        for m in moved
    ]  # fmt: skip


def _move_deadlines(moved: list[DeadlineMove], calendar: WorkingCalendar, who: Principal, why: str) -> None:
    for move in moved:
        note = f"Tenggat {move.label} bergeser dari {move.due.isoformat()} ke {move.new_due.isoformat()}: {why}."
        _log(move.request, who, move.request.status, note, action="calendar", public=move.kind != "opd")
        if move.kind == "notice" and move.request.original_due_date:
            move.request.original_due_date = rules.notice_deadline(calendar, move.request.received_on).due
        setattr(move.row, move.attribute, move.new_due)


def close_office_day(uow: UnitOfWork, day: dt.date, reason: str, who: Principal, ctx: Context, apply: bool):
    """Which pending deadlines a closed day moves; with ``apply``, record the day and move them, each audited."""
    session = uow.session
    if session.get(ClosedDay, day) is not None:
        raise Problem(409, f"{day.isoformat()} sudah tercatat sebagai hari tutup.", title="Conflict")
    calendar = ctx.calendar.with_closed_days(ctx.calendar.closed_days | {day})
    moved = deadline_changes(session, calendar)
    result = _as_rows(moved)
    if apply:
        session.add(ClosedDay(day=day, reason=reason, created_by=who.username))
        _move_deadlines(moved, calendar, who, f"kantor tutup {day.isoformat()} ({reason})")
        uow.commit()
    return result


def reopen_office_day(uow: UnitOfWork, day: dt.date, who: Principal, ctx: Context, apply: bool):
    """Which pending deadlines come earlier when a recorded closed day is a working day again; with ``apply``,
    remove the day and move them, each audited."""
    session = uow.session
    closed = session.get(ClosedDay, day)
    if closed is None:
        raise Problem(404, f"{day.isoformat()} tidak tercatat sebagai hari tutup.", title="Not Found")
    calendar = ctx.calendar.with_closed_days(ctx.calendar.closed_days - {day})
    moved = deadline_changes(session, calendar)
    result = _as_rows(moved)
    if apply:
        session.delete(closed)
        _move_deadlines(moved, calendar, who, f"hari tutup {day.isoformat()} dibatalkan ({closed.reason})")
        uow.commit()
    return result


def calendar_changes(uow: UnitOfWork, who: Principal, ctx: Context, apply: bool, reason: str = "") -> list[dict]:
    """Pending deadlines that today's calendar would compute differently; with ``apply``, move them (audited)."""
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
    entry = session.get(DipEntry, entry_id, with_for_update=lock) if 0 < entry_id <= MAX_ID else None
    if entry is None:
        raise Problem(404, f"Entri DIP {entry_id} tidak ditemukan.", title="Not Found")
    return entry


def attach_dip_file(uow: UnitOfWork, entry_id: int, upload: files.Upload, ctx: Context) -> DipEntry:
    """Attach a document to a DIP entry; the file is written only when the entry's change commits."""
    entry = find_dip_entry(uow.session, entry_id, lock=True)
    for key, value in _keep(uow, upload, ctx).items():
        setattr(entry, key, value)
    uow.commit()
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


def obstacles(session: Session, year: int) -> list[ReportObstacle]:
    return list(session.scalars(select(ReportObstacle).where(ReportObstacle.year == year).order_by(ReportObstacle.id)))


def record_obstacle(uow: UnitOfWork, data: dict, who: Principal) -> ReportObstacle:
    """An obstacle of the year's service and its cause, written by the PPID for the yearly report."""
    obstacle = ReportObstacle(year=data["year"], obstacle=data["obstacle"].strip(), cause=data["cause"].strip(),
                              created_by=who.username)  # fmt: skip
    uow.session.add(obstacle)
    uow.commit()
    return obstacle


def remove_obstacle(uow: UnitOfWork, obstacle_id: int) -> None:
    obstacle = uow.session.get(ReportObstacle, obstacle_id) if 0 < obstacle_id <= MAX_ID else None
    if obstacle is None:
        raise Problem(404, f"Hambatan {obstacle_id} tidak ditemukan.", title="Not Found")
    uow.session.delete(obstacle)
    uow.commit()


# --- messages between officers and the requester ----------------------------------------------------------------


def _keep(uow: UnitOfWork, upload: files.Upload | None, ctx: Context) -> dict:
    """The file columns of an accepted upload, kept with this change: written only if the change commits."""
    if upload is None:
        return {}
    uow.keep_file(filestore.of(ctx.settings), upload)
    return upload.meta()


def referenced_files(session: Session) -> set[str]:
    """Every checksum a PPID row names (messages' files, DIP documents): the sweep removes only what none names."""
    statement = (
        select(Message.file_sha256)
        .where(Message.file_sha256.is_not(None))
        .union(select(DipEntry.file_sha256).where(DipEntry.file_sha256.is_not(None)))
    )
    return set(session.scalars(statement))


def post_message(uow: UnitOfWork, request: Request, who: Principal, body: str, upload: files.Upload | None,
                 ctx: Context):  # fmt: skip
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
        **_keep(uow, upload, ctx),
    )
    request.messages.append(message)
    uow.session.flush()
    if from_requester:
        notifications.message_to_officer(uow.session, request, message, ctx.settings)
    else:
        notifications.message_to_requester(uow.session, request, message, ctx.settings)
    uow.commit()
    return message
