"""Objections (keberatan): the requester files one, the PPID's superior answers it, the office records the dispute
with the Komisi Informasi and what it decided; the worker marks answers that came too late."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from chassis.transitions import InvalidTransition
from ppid import events, notifications
from ppid.context import Context
from ppid.domain import objections as objection_rules
from ppid.domain.permissions import DECIDE_OBJECTION, READ_OBJECTIONS, RECORD_DISPUTE
from ppid.models import Objection
from ppid.use_cases.common import REQUESTER, SYSTEM, log, next_sequence
from ppid.use_cases.requests import find_by_tracking


def file_objection(uow: UnitOfWork, ctx: Context, data: dict) -> Objection:
    """The requester objects (number and tracking code) once the ground arose, within 30 working days."""
    session, today = uow.session, ctx.today()
    request = find_by_tracking(session, data["registration_number"], data["tracking_code"], lock=True)
    arose = objection_rules.ground_arose(request.decided_on, request.due_date, today)
    if arose is None:
        raise Conflict(
            f"Belum ada dasar keberatan: permohonan masih diproses sampai {request.due_date.isoformat()}.",
            current_state=request.status,
        )
    window = objection_rules.filing_deadline(ctx.calendar, arose)
    if today > window.due:
        raise Conflict(
            f"Batas pengajuan keberatan ({window.due.isoformat()}) sudah lewat.",
            current_state=request.status,
            rule=window.rule,
        )
    if any(o.status == objection_rules.Status.FILED for o in request.objections):
        raise Conflict("Keberatan atas permohonan ini sedang diproses.", current_state=request.status)
    filed_on = ctx.calendar.receipt_day(ctx.now())
    deadline = objection_rules.answer_deadline(ctx.calendar, filed_on)
    sequence = next_sequence(session, "objection", filed_on.year)
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
    log(request, REQUESTER, request.status, f"Keberatan {number} diajukan.", action="object", public=True)
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
        raise NotFound(f"Keberatan {number} tidak ditemukan.")
    return objection


@authorized(READ_OBJECTIONS)
def list_objections(uow: UnitOfWork, ctx: Context) -> list[Objection]:
    """Every objection, those still waiting for an answer first, nearest deadline first."""
    return list(
        uow.session.scalars(
            select(Objection)
            .options(selectinload(Objection.request))
            .order_by(Objection.status, Objection.due_date, Objection.id)
        )
    )


@authorized(DECIDE_OBJECTION)
def decide_objection(uow: UnitOfWork, ctx: Context, number: str, data: dict) -> Objection:
    """The superior's written answer (Pasal 36 ayat 2); it opens the 14 working days to go to the Komisi."""
    who, today = ctx.principal, ctx.today()
    objection = find_objection(uow.session, number)
    objection_rules.OBJECTIONS.check("decide", objection_rules.Status(objection.status), ctx.roles)
    objection.status = objection_rules.Status.ANSWERED
    objection.outcome = data["outcome"]
    objection.answer = data["answer"]
    objection.answered_by = who.username
    objection.answered_on = today
    objection.dispute_due = objection_rules.dispute_due(ctx.calendar, today, objection.due_date)
    label = objection_rules.OUTCOME_LABELS[objection_rules.Outcome(objection.outcome)]
    log(
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
            "answered_on": today.isoformat(),
            "late": today > objection.due_date,
            "state": events.state(objection.request),
        },
        subject=number,
    )
    uow.commit()
    return objection


def offered(ctx: Context, objection: Objection) -> dict:
    """What the caller may record on this objection now, from the tables: the answer, the dispute, and which of
    the Komisi's outcomes (with their words)."""
    stage = _dispute_stage(objection)
    moves = objection_rules.DISPUTES.offered(stage, ctx.roles)
    return {
        "decide": bool(objection_rules.OBJECTIONS.offered(objection_rules.Status(objection.status), ctx.roles)),
        "dispute": any(m.action == "dispute" for m in moves),
        "outcomes": [(m.action, m.label) for m in moves if m.action != "dispute"],
    }


def _dispute_stage(objection: Objection):
    return objection_rules.dispute_stage(objection.dispute_filed_on, objection.dispute_outcome)


@authorized(RECORD_DISPUTE)
def record_dispute(uow: UnitOfWork, ctx: Context, number: str, data: dict) -> Objection:
    """Record the requester's dispute with the Komisi Informasi, filed within the window of Pasal 37 ayat 2."""
    today = ctx.today()
    objection = find_objection(uow.session, number)
    objection_rules.DISPUTES.check("dispute", _dispute_stage(objection), ctx.roles)
    if data["filed_on"] > today:
        raise Invalid("filed_on", "Tanggal pengajuan sengketa tidak boleh di masa depan.")
    opened = objection_rules.dispute_window_opened(objection.answered_on, objection.due_date, today)
    due = objection.dispute_due
    if opened is not None and due is None:
        due = objection_rules.dispute_due(ctx.calendar, objection.answered_on, objection.due_date)
    if problem := objection_rules.dispute_filing_problem(opened, due, data["filed_on"]):
        raise Invalid(
            None,
            f"{problem} {objection_rules.DISPUTE_RULE}.",
            errors=[{"field": "filed_on", "message": problem}],
            rule=objection_rules.DISPUTE_RULE,
            dispute_due=due.isoformat() if due else None,
        )
    objection.dispute_due = due
    objection.dispute_filed_on = data["filed_on"]
    objection.dispute_reference = data.get("reference")
    log(
        objection.request,
        ctx.principal,
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


@authorized(RECORD_DISPUTE)
def record_dispute_outcome(uow: UnitOfWork, ctx: Context, number: str, data: dict) -> Objection:
    """Record what the Komisi Informasi decided: the mediation's result, or the adjudication decision."""
    objection = find_objection(uow.session, number)
    outcome = objection_rules.DisputeOutcome(data["outcome"])
    try:
        objection_rules.DISPUTES.check(outcome.value, _dispute_stage(objection), ctx.roles)
    except InvalidTransition as refused:
        refused.extra["rule"] = objection_rules.DISPUTE_OUTCOME_RULE  # why a final outcome stays final
        raise
    decided_on = data["decided_on"]
    if decided_on < objection.dispute_filed_on or decided_on > ctx.today():
        raise Invalid(
            "decided_on", f"Tanggal antara pengajuan sengketa ({objection.dispute_filed_on.isoformat()}) dan hari ini."
        )
    objection.dispute_outcome = outcome
    objection.dispute_decided_on = decided_on
    objection.dispute_decision_number = data["decision_number"].strip()
    label = objection_rules.DISPUTE_OUTCOME_LABELS[outcome]
    note = f"Komisi Informasi, sengketa {number}: {label} ({objection.dispute_decision_number})."
    log(objection.request, ctx.principal, objection.request.status, note, action="dispute_outcome", public=True)
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


def flag_lapsed_objections(uow: UnitOfWork, ctx: Context, limit: int = 500) -> int:
    """Emit ``ppid.objection.overdue.v1`` once for each objection the superior did not answer in 30 working days
    (Pasal 36 ayat 2), and open the requester's 14 working days to go to the Komisi Informasi (Pasal 37 ayat 2)."""
    session, today = uow.session, ctx.today()
    lapsed = session.scalars(
        select(Objection)
        .options(selectinload(Objection.request))
        .where(
            Objection.status == objection_rules.Status.FILED,
            Objection.due_date < today,
            Objection.overdue_notified_at.is_(None),
        )
        .order_by(Objection.due_date, Objection.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    now = ctx.now()
    for objection in lapsed:
        objection.overdue_notified_at = now
        if objection.dispute_due is None:
            objection.dispute_due = objection_rules.dispute_due(ctx.calendar, None, objection.due_date)
        note = (
            f"Batas tanggapan atasan PPID atas keberatan {objection.number} ({objection.due_date.isoformat()}) "
            f"lewat; sengketa ke Komisi Informasi dapat diajukan sampai {objection.dispute_due.isoformat()}."
        )
        log(objection.request, SYSTEM, objection.request.status, note, action="objection_lapsed", public=True)
        notifications.objection_lapsed(session, objection, ctx.settings)
        uow.emit(
            events.OBJECTION_OVERDUE,
            {
                "number": objection.number,
                "registration_number": objection.request.registration_number,
                "due_date": objection.due_date.isoformat(),
                "dispute_due": objection.dispute_due.isoformat(),
                "days_late": ctx.calendar.working_days_between(objection.due_date, today),
                "state": events.state(objection.request),
            },
            subject=objection.number,
        )
    uow.commit()
    return len(lapsed)
