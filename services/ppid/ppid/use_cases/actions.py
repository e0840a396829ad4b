"""The workflow's moves on a request: the domain table says who may make which move from which state; one handler
per move does its own checks and changes, and ``act`` records it in the audit trail and emits its event."""

from __future__ import annotations

from sqlalchemy import select

from chassis.errors import Conflict, Forbidden, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from chassis.transitions import Move
from ppid import events, notifications
from ppid.context import Context
from ppid.domain import requests as rules
from ppid.domain import workflow
from ppid.domain.permissions import HANDLE_REQUESTS, MARK_DUPLICATE
from ppid.domain.workflow import OFFICER, SUPERIOR, Decision, Status
from ppid.models import Disposition, Request
from ppid.use_cases import opds as office_opds
from ppid.use_cases.common import REQUESTER, SYSTEM, log
from ppid.use_cases.requests import find_by_tracking, find_for_staff, with_everything


def act(uow: UnitOfWork, ctx: Context, request: Request, action: str, data: dict) -> Request:
    """Make one move of the workflow table as ``ctx.principal``, record it in the audit trail and emit its event,
    in one transaction."""
    who = ctx.principal
    current = Status(request.status)
    move = workflow.TRANSITIONS.check(action, current, who.roles)
    note, public, event = ACTIONS[action](uow, ctx, request, data)
    target = move.target or current
    log(request, who, target, note, action=action, public=public, before=current)
    request.status = target
    if action == "answer" and all(d.answered_at for d in request.dispositions):
        log(request, SYSTEM, Status.EXAMINING, "Semua OPD telah menjawab.", action="collect", public=True)
        request.status = Status.EXAMINING
    uow.session.flush()
    if action in MAIL_OF_ACTION:
        MAIL_OF_ACTION[action](uow.session, request, ctx.settings)
    if event is not None:
        body = {"registration_number": request.registration_number, **event[1], "state": events.state(request)}
        uow.emit(event[0], body, request.registration_number)
    uow.commit()
    return request


@authorized(HANDLE_REQUESTS)
def act_as_staff(uow: UnitOfWork, ctx: Context, registration_number: str, action: str, data: dict) -> Request:
    """A staff member's move on a request they may see; the requester's and the worker's moves are not theirs."""
    if action not in STAFF_ACTIONS:
        raise NotFound(f"Tindakan {action} tidak dikenal.", actions=sorted(ACTIONS))
    request = find_for_staff(uow.session, ctx, registration_number, lock=True)
    return act(uow, ctx, request, action, data)


def complete(uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str, data: dict) -> Request:
    """The requester completes the request the officer returned (proven by number and tracking code)."""
    request = find_by_tracking(uow.session, registration_number, tracking_code, lock=True)
    return act(uow, ctx.with_principal(REQUESTER), request, "complete", data)


def lapsed_completions(uow: UnitOfWork, ctx: Context) -> list[str]:
    """The numbers of returned requests whose time to complete has passed."""
    statement = select(Request.registration_number).where(
        Request.status == Status.INCOMPLETE, Request.completion_due < ctx.today()
    )
    return list(uow.session.scalars(statement))


def close_lapsed(uow: UnitOfWork, ctx: Context, registration_number: str) -> bool:
    """The worker closes a request its requester did not complete in time; False when it is no longer waiting
    (completed, or closed by an officer, since it was listed)."""
    request = uow.session.scalars(
        with_everything(select(Request)).where(Request.registration_number == registration_number).with_for_update()
    ).first()
    if request is None or request.status != Status.INCOMPLETE:
        return False
    act(uow, ctx.with_principal(SYSTEM), request, "close_incomplete", {})
    return True


def offered(ctx: Context, request: Request) -> list[Move]:
    """The moves the caller may make on this request now: what the pages and the API's answer offer."""
    return workflow.TRANSITIONS.offered(Status(request.status), ctx.roles)


def _mark_incomplete(uow, ctx, request, data):
    missing = (data.get("missing") or "").strip()
    if not missing:
        raise Invalid("missing", "Sebutkan apa yang harus dilengkapi pemohon.")
    days = ctx.settings.completion_working_days
    today = ctx.today()
    deadline = rules.completion_deadline(ctx.calendar, today, days)
    request.missing = missing
    request.completion_due = deadline.due
    request.returned_on = today
    request.completion_days = days
    note = f"Permohonan perlu dilengkapi paling lambat {deadline.due.isoformat()}: {missing}"
    return note, True, (events.INCOMPLETE, {"completion_due": deadline.due.isoformat()})


def _complete(uow, ctx, request, data):
    if request.completion_due and ctx.today() > request.completion_due:
        raise Conflict(
            f"Batas melengkapi permohonan ({request.completion_due.isoformat()}) sudah lewat.",
            current_state=request.status,
        )
    if "nik" in data and (problem := rules.identity_problem(request.requester_type, data["nik"])):
        raise Invalid("nik", problem)
    for key, value in data.items():
        setattr(request, key, value)
    # The clock runs again from completion (as a new receipt).
    received_on = ctx.calendar.receipt_day(ctx.now())
    request.received_on = received_on
    request.due_date = rules.notice_deadline(ctx.calendar, received_on).due
    request.missing = None
    request.completion_due = request.returned_on = request.completion_days = None
    note = f"Permohonan telah dilengkapi; tenggat baru {request.due_date.isoformat()}."
    body = {"received_on": received_on.isoformat(), "due_date": request.due_date.isoformat()}
    return note, True, (events.COMPLETED, body)


def _close_incomplete(uow, ctx, request, data):
    if request.completion_due and ctx.today() <= request.completion_due:
        raise Conflict(
            f"Pemohon masih dapat melengkapi sampai {request.completion_due.isoformat()}.",
            current_state=request.status,
        )
    request.closed_at = ctx.now()
    note = "Ditutup karena tidak dilengkapi dalam batas waktu."
    return note, True, (events.CLOSED, {"closed_on": ctx.today().isoformat()})


def _dispose(uow, ctx, request, data):
    opds = sorted({o.strip().lower() for o in data.get("opds") or [] if o and o.strip()})
    if not opds:
        raise Invalid("opds", "Pilih minimal satu OPD.")
    office = office_opds.check_disposable(uow, opds)
    today = ctx.today()
    existing = {d.opd for d in request.dispositions if not d.answered_at}
    due = data.get("due_date") or min(
        ctx.calendar.add_working_days(today, ctx.settings.opd_answer_working_days), request.due_date
    )
    if due > request.due_date:
        raise Invalid("due_date", f"Tidak boleh melewati tenggat pemberitahuan {request.due_date.isoformat()}.")
    # Counted again after a calendar change; a date already past (recorded late) stays as given.
    working_days = ctx.calendar.working_days_between(today, due) if due >= today else None
    for opd in opds:
        if opd in existing:
            continue
        previous = next((d for d in request.dispositions if d.opd == opd), None)
        if previous is not None:  # disposed again after it answered: ask again
            previous.answered_at = previous.answer = previous.answered_by = previous.held = None
            previous.due_date, previous.working_days, previous.disposed_at = due, working_days, ctx.now()
            continue
        request.dispositions.append(
            Disposition(
                opd=opd,
                # Set here, not loaded later: the answer is shaped after the commit, when nothing may be loaded.
                listed=office.get(opd),
                due_date=due,
                working_days=working_days,
                note=data.get("note"),
                disposed_by=ctx.principal.username,
            )
        )
    named = ", ".join(office[o].name if o in office else o for o in opds)
    note = f"Diteruskan ke {named}; jawaban OPD paling lambat {due.isoformat()}."
    body = {"opds": opds, "opd_due_date": due.isoformat(), "due_date": request.due_date.isoformat()}
    return note, True, (events.ROUTED, body)


def _answer(uow, ctx, request, data):
    who = ctx.principal
    mine = next((d for d in request.dispositions if d.opd == who.opd), None)
    if mine is None:
        raise NotFound("Permohonan ini tidak didisposisikan ke OPD Anda.")
    if mine.answered_at:
        raise Conflict(f"OPD {mine.opd_name} sudah menjawab.", current_state=request.status)
    answer = (data.get("answer") or "").strip()
    if not answer:
        raise Invalid("answer", "Isi jawaban atau catatan OPD.")
    mine.answer = answer
    mine.held = data.get("held")
    mine.answered_by = who.username
    mine.answered_at = ctx.now()
    late = ctx.today() > mine.due_date
    return f"Jawaban OPD {mine.opd_name}{' (terlambat)' if late else ''}: {answer}", False, None


def _examine(uow, ctx, request, data):
    return "Diperiksa langsung oleh PPID.", True, None


def _extend(uow, ctx, request, data):
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise Invalid("reason", "Perpanjangan wajib disertai alasan tertulis.")
    if request.extended_at is not None:
        raise Conflict(
            "Permohonan ini sudah pernah diperpanjang; perpanjangan hanya sekali.", current_state=request.status
        )
    deadline = rules.extended_deadline(ctx.calendar, request.due_date)
    request.original_due_date = request.due_date
    request.due_date = deadline.due
    request.extended_at = ctx.now()
    request.extension_reason = reason
    note = f"Diperpanjang sampai {deadline.due.isoformat()}: {reason}"
    body = {"due_date": deadline.due.isoformat(), "original_due_date": request.original_due_date.isoformat()}
    return note, True, (events.EXTENDED, body)


def _draft_notice(uow, ctx, request, data):
    if not data.get("decision"):
        raise Invalid("decision", "Pilih keputusan pemberitahuan tertulis.")
    decision = Decision(data["decision"])
    grounds = sorted(set(data.get("refusal_grounds") or []))
    consequence = (data.get("consequence_test") or "").strip()
    if decision in workflow.NEEDS_EXEMPTION:
        if not grounds:
            raise Invalid("refusal_grounds", "Sebutkan minimal satu alasan pengecualian Pasal 17 (a-j).")
        if not consequence:
            raise Invalid("consequence_test", "Uji konsekuensi (Pasal 19) wajib diisi.")
    elif grounds:
        raise Invalid("refusal_grounds", "Alasan pengecualian hanya untuk penolakan atau pemberian sebagian.")
    request.decision = decision
    request.decision_reasons = (data.get("reasons") or "").strip() or None
    request.refusal_grounds = grounds
    request.consequence_test = consequence or None
    request.fee = data.get("fee") or 0
    request.payment_note = data.get("payment_note")
    request.notice_form = data.get("form") or request.obtain_method
    request.delivery_on = data.get("delivery_on")
    request.notice_drafted_by = ctx.principal.username
    return f"Draf pemberitahuan tertulis: {workflow.DECISION_LABELS[decision]}.", False, None


def _return_notice(uow, ctx, request, data):
    note = (data.get("note") or "").strip()
    if not note:
        raise Invalid("note", "Sebutkan apa yang harus diperbaiki.")
    return f"Draf dikembalikan: {note}", False, None


def _sign_notice(uow, ctx, request, data):
    signer = SUPERIOR if ctx.settings.notice_signer == "superior" else OFFICER
    if signer not in ctx.roles:
        raise Forbidden(f"Pemberitahuan tertulis ditandatangani oleh {signer}.")
    now = ctx.now()
    request.signed_by = ctx.principal.username
    request.decided_at = now
    request.decided_on = ctx.calendar.local_date(now)
    request.notice_number = f"{request.registration_number}/PT"
    days = ctx.calendar.working_days_between(request.received_on, request.decided_on)
    late = request.decided_on > request.due_date
    note = f"Pemberitahuan tertulis {request.notice_number}: {workflow.DECISION_LABELS[Decision(request.decision)]}."
    body = {
        "decision": request.decision,
        "refusal_grounds": list(request.refusal_grounds),
        "decided_on": request.decided_on.isoformat(),
        "working_days": days,
        "late": late,
    }
    return note, True, (events.DECIDED, body)


def _deliver(uow, ctx, request, data):
    if Decision(request.decision) not in workflow.DELIVERABLE:
        raise Conflict("Tidak ada informasi yang diserahkan untuk keputusan ini.", current_state=request.status)
    request.delivered_at = ctx.now()
    request.delivery_note = data.get("note")
    method = data.get("method") or request.delivery_method
    return (
        f"Informasi diserahkan ({method}).",
        True,
        (events.DELIVERED, {"delivered_on": ctx.today().isoformat(), "method": method}),
    )


def _mark_duplicate(uow, ctx, request, data):
    MARK_DUPLICATE.check(ctx.principal)
    number = (data.get("duplicate_of") or "").strip().upper()
    note = (data.get("note") or "").strip()
    if not number:
        raise Invalid("duplicate_of", "Sebutkan nomor pendaftaran permohonan yang diulang.")
    if not note:
        raise Invalid("note", "Sebutkan mengapa duplikat: pemohon yang sama atau informasi yang sama.")
    original = uow.session.scalars(select(Request).where(Request.registration_number == number)).first()
    if original is None:
        raise Invalid("duplicate_of", f"Permohonan {number} tidak ditemukan.")
    problem = rules.duplicate_problem(
        request.registration_number, number, original.received_at, request.received_at, original.duplicate_of
    )
    if problem:
        raise Invalid("duplicate_of", problem)
    request.duplicate_of = number
    request.closed_at = ctx.now()
    body = {"closed_on": ctx.today().isoformat(), "duplicate_of": number}
    return f"Ditutup sebagai duplikat dari {number}: {note}", True, (events.CLOSED, body)


def _note(uow, ctx, request, data):
    note = (data.get("note") or "").strip()
    if not note:
        raise Invalid("note", "Catatan kosong.")
    return note, bool(data.get("public")), None


# One handler per move of the table (``collect`` is made by ``act`` itself when the last OPD answers).
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
    "mark_duplicate": _mark_duplicate,
    "note": _note,
}
MAIL_OF_ACTION = {
    "mark_incomplete": notifications.incomplete,
    "close_incomplete": notifications.closed,
    "mark_duplicate": notifications.duplicate,
    "extend": notifications.extended,
    "sign_notice": notifications.decided,
}
# The moves a staff member may ask for by name: not those only the requester or the worker makes.
STAFF_ACTIONS = frozenset(
    a for a in ACTIONS if not workflow.TRANSITIONS[a].roles <= {workflow.REQUESTER, workflow.SYSTEM}
)
assert set(ACTIONS) | {"collect"} == set(workflow.TRANSITIONS), "every move of the table has a handler"
