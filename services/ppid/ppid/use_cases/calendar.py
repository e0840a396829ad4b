"""The office's calendar: closed days, and the pending deadlines a change of the calendar moves (each audited)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.errors import Conflict, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid.context import Context
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules
from ppid.domain import workflow
from ppid.domain.calendar import WorkingCalendar
from ppid.domain.permissions import MANAGE_CLOSED_DAYS, READ_CALENDAR
from ppid.domain.workflow import Status
from ppid.models import ClosedDay, Objection, Request
from ppid.use_cases.common import log
from ppid.use_cases.requests import with_everything


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
                moved("opd", f"jawaban OPD {disposition.opd_name}", disposition, "due_date", new_due)
    for objection in request.objections:
        answer_due = objection.due_date
        number = objection.number
        if objection.status == objection_rules.Status.FILED:
            answer_due = objection_rules.answer_deadline(calendar, objection.filed_on).due
            moved("objection_answer", f"tanggapan keberatan {number}", objection, "due_date", answer_due, number)
        if objection.dispute_due is not None and objection.dispute_filed_on is None:
            new_due = objection_rules.dispute_due(calendar, objection.answered_on, answer_due)
            moved("dispute", f"pengajuan sengketa {number}", objection, "dispute_due", new_due, number)
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
        {
            "kind": m.kind,
            "label": m.label,
            "number": m.number,
            "registration_number": m.request.registration_number,
            "status": m.request.status,
            "due_date": m.due,
            "new_due_date": m.new_due,
        }
        for m in moved
    ]


def _move_deadlines(moved: list[DeadlineMove], calendar: WorkingCalendar, ctx: Context, why: str) -> None:
    for move in moved:
        note = f"Tenggat {move.label} bergeser dari {move.due.isoformat()} ke {move.new_due.isoformat()}: {why}."
        log(move.request, ctx.principal, move.request.status, note, action="calendar", public=move.kind != "opd")
        if move.kind == "notice" and move.request.original_due_date:
            move.request.original_due_date = rules.notice_deadline(calendar, move.request.received_on).due
        setattr(move.row, move.attribute, move.new_due)


@authorized(READ_CALENDAR)
def closed_days(uow: UnitOfWork, ctx: Context, *, newest_first: bool = False) -> list[ClosedDay]:
    """The office's own closed days (besides national holidays and joint leave)."""
    order = ClosedDay.day.desc() if newest_first else ClosedDay.day
    return list(uow.session.scalars(select(ClosedDay).order_by(order)))


@authorized(MANAGE_CLOSED_DAYS)
def close_office_day(uow: UnitOfWork, ctx: Context, day: dt.date, reason: str, apply: bool) -> list[dict]:
    """Which pending deadlines a closed day moves; with ``apply``, record the day and move them, each audited."""
    session = uow.session
    if session.get(ClosedDay, day) is not None:
        raise Conflict(f"{day.isoformat()} sudah tercatat sebagai hari tutup.")
    calendar = ctx.calendar.with_closed_days(ctx.calendar.closed_days | {day})
    moved = deadline_changes(session, calendar)
    result = _as_rows(moved)
    if apply:
        session.add(ClosedDay(day=day, reason=reason, created_by=ctx.principal.username))
        _move_deadlines(moved, calendar, ctx, f"kantor tutup {day.isoformat()} ({reason})")
        uow.commit()
    return result


@authorized(MANAGE_CLOSED_DAYS)
def reopen_office_day(uow: UnitOfWork, ctx: Context, day: dt.date, apply: bool) -> list[dict]:
    """Which pending deadlines come earlier when a recorded closed day is a working day again; with ``apply``,
    remove the day and move them, each audited."""
    session = uow.session
    closed = session.get(ClosedDay, day)
    if closed is None:
        raise NotFound(f"{day.isoformat()} tidak tercatat sebagai hari tutup.")
    calendar = ctx.calendar.with_closed_days(ctx.calendar.closed_days - {day})
    moved = deadline_changes(session, calendar)
    result = _as_rows(moved)
    if apply:
        session.delete(closed)
        _move_deadlines(moved, calendar, ctx, f"hari tutup {day.isoformat()} dibatalkan ({closed.reason})")
        uow.commit()
    return result


@authorized(MANAGE_CLOSED_DAYS)
def calendar_changes(uow: UnitOfWork, ctx: Context, apply: bool, reason: str = "") -> list[dict]:
    """Pending deadlines that today's calendar would compute differently; with ``apply``, move them (audited)."""
    moved = deadline_changes(uow.session, ctx.calendar)
    result = _as_rows(moved)
    if apply and moved:
        why = f"kalender hari kerja berubah ({reason})" if reason else "kalender hari kerja berubah"
        _move_deadlines(moved, ctx.calendar, ctx, why)
        uow.commit()
    return result


@authorized(READ_CALENDAR)
def upcoming_deadlines(uow: UnitOfWork, ctx: Context, within: int) -> dict:
    """Requests and objections due within ``within`` working days, and those already past."""
    session, today = uow.session, ctx.today()
    horizon = ctx.calendar.add_working_days(today, within)
    requests = session.scalars(
        select(Request)
        .where(Request.status.in_([s.value for s in workflow.CLOCK_RUNS]), Request.due_date <= horizon)
        .order_by(Request.due_date, Request.id)
    ).all()
    objections = session.scalars(
        select(Objection)
        .where(Objection.status == objection_rules.Status.FILED, Objection.due_date <= horizon)
        .order_by(Objection.due_date, Objection.id)
    ).all()

    def item(number, due, status):
        left = ctx.calendar.working_days_between(today, due)
        return {"number": number, "status": status, "due_date": due, "working_days_left": left, "overdue": left < 0}

    return {
        "today": today,
        "horizon": horizon,
        "requests": [item(r.registration_number, r.due_date, r.status) for r in requests],
        "objections": [item(o.number, o.due_date, o.status) for o in objections],
    }
