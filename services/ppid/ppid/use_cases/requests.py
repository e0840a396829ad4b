"""Requests: a citizen or an officer submits one; the requester finds it by number and tracking code, staff by
number within what they may see; the inbox; the worker's overdue sweep."""

from __future__ import annotations

import datetime as dt
import hmac
import re

from sqlalchemy import false, func, insert, literal, select
from sqlalchemy.orm import Session, selectinload

from chassis import pagination
from chassis.errors import Conflict, Forbidden, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid import events, notifications, summary
from ppid.context import Context
from ppid.domain import requests as rules
from ppid.domain import workflow
from ppid.domain.permissions import HANDLE_REQUESTS, REGISTER_ON_BEHALF, REVEAL_PERSONAL_DATA, sees_whole_office
from ppid.domain.workflow import OPD_OFFICER, Decision, Status
from ppid.models import Disposition, Opd, Request, RequestLog, contact_indexes, nik_index
from ppid.summary import status_counts
from ppid.use_cases.common import REQUESTER, hash_code, next_sequence

NUMBER = re.compile(r"^PPID-\d+-\d{4}-\d+$", re.IGNORECASE)
# What the inbox shows unless asked otherwise: requests still open, and decided ones not yet delivered.
IN_TRAY = workflow.OPEN | {Status.DECIDED}
# How far ahead a receipt time may lie (clocks of a counter's PC and the server differ a little).
CLOCK_SKEW = dt.timedelta(minutes=5)


def submit_request(
    uow: UnitOfWork,
    ctx: Context,
    data: dict,
    *,
    channel: str | None = None,
    received_at: dt.datetime | None = None,
) -> tuple[Request, str]:
    """Register a request; returns it with its tracking code (shown once, stored only hashed).

    Anyone submits on the web; a signed-in caller registers on a requester's behalf, which only the PPID officer
    may, and only they name another channel or the time a letter was received.

    The number is taken in the same transaction as the request, so it is never lost to a failed submission
    (no gap) and costs no commit of its own; the counter's row stays locked only for the few inserts that
    follow, written with Core (the request, its first log entry, the receipt mail, the event, the counts).
    """
    who = ctx.principal
    if who is not None and not REGISTER_ON_BEHALF.allows(who):
        raise Forbidden(REGISTER_ON_BEHALF.label)
    if who is None and (channel not in (None, rules.Channel.WEB) or received_at):
        field = "channel" if channel else "received_at"
        raise Invalid(
            None,
            "Saluran dan waktu terima hanya diisi petugas.",
            errors=[{"field": field, "message": "Hanya untuk petugas PPID."}],
        )
    if received_at and received_at > ctx.now() + CLOCK_SKEW:
        raise Invalid(
            None, "Waktu terima di masa depan.", errors=[{"field": "received_at", "message": "Di masa depan."}]
        )
    received_at = received_at or ctx.now()
    received_on = ctx.calendar.receipt_day(received_at)
    deadline = rules.notice_deadline(ctx.calendar, received_on)
    code = rules.new_tracking_code()
    session = uow.session
    year = received_on.year
    values = {
        "tracking_code_hash": hash_code(code),
        "channel": str(channel or rules.Channel.WEB),
        "status": Status.RECEIVED.value,
        "received_at": received_at,
        "received_on": received_on,
        "due_date": deadline.due,
        "registered_by": who.username if who else None,
        "created_at": ctx.now(),
        **data,
        **contact_indexes(data.get("email"), data.get("phone")),
        "nik_index": nik_index(data.get("nik")),
    }
    values["registration_number"] = number = rules.registration_number(
        ctx.settings.org_code, year, next_sequence(session, "request", year)
    )
    request_id = _insert_with_log(session, values, values["registered_by"] or REQUESTER.username)
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
    entry = {
        "at": values["created_at"],
        "actor": actor,
        "from_status": None,
        "to_status": Status.RECEIVED.value,
        "action": "submit",
        "note": "Permohonan diterima dan didaftarkan.",
        "public": True,
    }
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
    if request is None or not hmac.compare_digest(request.tracking_code_hash, hash_code(tracking_code)):
        raise NotFound("Nomor pendaftaran atau kode pelacakan tidak cocok.")
    return request


def tracked(uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str, *, lock=False) -> Request:
    """The requester's own request, proven by its number and tracking code (no account)."""
    return find_by_tracking(uow.session, registration_number, tracking_code, lock=lock)


def visible_to(request: Request, who) -> bool:
    """Officers and the superior see every request; an OPD officer only those disposed to their OPD."""
    if sees_whole_office(who):
        return True
    return who is not None and OPD_OFFICER in who.roles and any(d.opd == who.opd for d in request.dispositions)


def find_for_staff(session: Session, ctx: Context, registration_number: str, *, lock=False) -> Request:
    query = with_everything(select(Request)).where(Request.registration_number == registration_number.strip().upper())
    if lock:
        query = query.with_for_update()
    request = session.scalars(query).first()
    if request is None or not visible_to(request, ctx.principal):
        # Another OPD's request is "not found": its existence is not theirs to know.
        raise NotFound(f"Permohonan {registration_number} tidak ditemukan.")
    return request


@authorized(HANDLE_REQUESTS)
def staff_request(uow: UnitOfWork, ctx: Context, registration_number: str, *, lock=False) -> Request:
    """A request with everything in it (personal data, audit trail), for staff who may see it."""
    return find_for_staff(uow.session, ctx, registration_number, lock=lock)


def clock(request: Request, ctx: Context) -> dict:
    """The legal clock of the written notice: its due date, rule, working days left and whether it has lapsed."""
    left = ctx.calendar.working_days_between(ctx.today(), request.due_date)
    rule = rules.EXTENSION_RULE if request.extended_at else rules.NOTICE_RULE
    running = Status(request.status) in workflow.CLOCK_RUNS
    return {"due_date": request.due_date, "rule": rule, "working_days_left": left, "overdue": running and left < 0}


def notice(request: Request) -> dict:
    """What the written notice says, as a draft for staff until it is signed; 409 before it is drafted."""
    if not request.decision:
        raise Conflict("Pemberitahuan tertulis belum disusun.", current_state=request.status)
    return {
        "number": request.notice_number or f"{request.registration_number}/PT (draf)",
        "date": request.decided_on or dt.date.today(),
        "decision": request.decision,
        "held": request.decision != Decision.NOT_HELD,
        "reasons": request.decision_reasons or "",
        "refusal_grounds": list(request.refusal_grounds),
        "consequence_test": request.consequence_test or "",
        "form": request.notice_form or request.obtain_method,
        "fee": request.fee,
        "payment": request.payment_note or "",
        "delivery_on": request.delivery_on,
        "extended": request.extended_at is not None,
        "extension_reason": request.extension_reason,
        "draft": not request.signed_by,
    }


def tracked_notice(uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str) -> tuple:
    """The requester's request and its notice, once signed (a draft is the office's own)."""
    request = tracked(uow, ctx, registration_number, tracking_code)
    if not request.decided_on:
        raise Conflict("Pemberitahuan tertulis belum terbit.", current_state=request.status)
    return request, notice(request)


@authorized(HANDLE_REQUESTS)
def inbox(uow: UnitOfWork, ctx: Context, query: dict) -> dict:
    """The officer's inbox: visible requests, filtered, nearest deadline first, with counts per status."""
    session, who, today = uow.session, ctx.principal, ctx.today()
    statement = select(Request)
    if not sees_whole_office(who):
        mine = select(Disposition.request_id).where(Disposition.opd == who.opd)
        statement = statement.where(Request.id.in_(mine))
    if query.get("opd"):
        statement = statement.where(
            Request.id.in_(select(Disposition.request_id).where(Disposition.opd == query["opd"]))
        )
    if query.get("channel"):
        statement = statement.where(Request.channel == query["channel"])
    if query.get("q"):
        term = query["q"].strip()
        if NUMBER.match(term):  # a registration number: the unique index answers at once
            statement = statement.where(Request.registration_number == term.upper())
        elif rules.nik_key(term):  # a NIK, by its keyed hash: for those who may see it; never matched for an OPD
            allowed = REVEAL_PERSONAL_DATA.allows(who)
            statement = statement.where(Request.nik_index == nik_index(term) if allowed else false())
        else:
            statement = statement.where(Request.name.ilike(f"%{term}%"))
    running = [s.value for s in workflow.CLOCK_RUNS]
    if query.get("overdue"):
        statement = statement.where(Request.status.in_(running), Request.due_date < today)
    if query.get("due_within") is not None:
        horizon = ctx.calendar.add_working_days(today, query["due_within"])
        statement = statement.where(Request.status.in_(running), Request.due_date <= horizon)
    if not query.get("include_closed") and not query.get("q"):
        # The desk works on what is still open; finished requests are one filter away (and so are their counts).
        tray = statement.where(Request.status.in_([s.value for s in IN_TRAY]))
    else:
        tray = statement
    counts = _counts(session, ctx, query, tray)
    statement = statement.where(Request.status == query["status"]) if query.get("status") else tray
    limit = query["limit"]
    ordered = pagination.keyset(statement, [(Request.due_date, False), (Request.id, False)], query.get("after"), limit)
    rows, cursor = pagination.page(list(session.scalars(ordered)), limit, lambda r: (r.due_date, r.id))
    opds = _opds_of(session, [r.id for r in rows])
    items = []
    for r in rows:
        state = clock(r, ctx)
        items.append(
            {
                **{
                    k: getattr(r, k)
                    for k in (
                        "registration_number",
                        "status",
                        "duplicate_of",
                        "channel",
                        "name",
                        "information",
                        "received_on",
                        "due_date",
                    )
                },
                "status_label": workflow.status_label(r.status, r.duplicate_of),
                "working_days_left": state["working_days_left"],
                "overdue": state["overdue"],
                "opds": [code for code, _ in opds.get(r.id, [])],
                "opd_names": [name for _, name in opds.get(r.id, [])],
            }
        )
    return {"items": items, "next": cursor, "counts": counts}


def _counts(session: Session, ctx: Context, query: dict, tray) -> dict[str, int]:
    """Requests per status in the tray; without a filter that narrows them, from the counts kept with every
    change instead of counting a million rows."""
    narrowed = any(query.get(k) for k in ("opd", "channel", "q", "overdue")) or query.get("due_within") is not None
    if narrowed or not sees_whole_office(ctx.principal):
        statement = tray.with_only_columns(Request.status, func.count()).group_by(Request.status).order_by(None)
        return dict(session.execute(statement).all())
    kept = select(status_counts.c.status, status_counts.c.count).where(status_counts.c.count > 0)
    if not query.get("include_closed"):
        kept = kept.where(status_counts.c.status.in_([s.value for s in IN_TRAY]))
    return dict(session.execute(kept).all())


def _opds_of(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The OPDs each request is disposed to, as ``(code, name)`` (the code as its name when the list lacks it)."""
    found: dict[int, list[tuple[str, str]]] = {}
    if ids:
        for request_id, opd, name in session.execute(
            select(Disposition.request_id, Disposition.opd, func.coalesce(Opd.name, Disposition.opd))
            .outerjoin(Opd, Opd.code == Disposition.opd)
            .where(Disposition.request_id.in_(ids))
            .order_by(Disposition.id)
        ):
            found.setdefault(request_id, []).append((opd, name))
    return found


def flag_overdue(uow: UnitOfWork, ctx: Context, limit: int = 500) -> int:
    """Emit ``ppid.request.overdue.v1`` once for each open request whose legal deadline has lapsed."""
    session, today = uow.session, ctx.today()
    lapsed = session.scalars(
        select(Request)
        .where(
            Request.status.in_([s.value for s in workflow.CLOCK_RUNS]),
            Request.due_date < today,
            Request.overdue_notified_at.is_(None),
        )
        .order_by(Request.due_date, Request.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    now = ctx.now()
    for request in lapsed:
        request.overdue_notified_at = now
        notifications.overdue(session, request, ctx.settings)
        uow.emit(
            events.OVERDUE,
            {
                "registration_number": request.registration_number,
                "status": request.status,
                "due_date": request.due_date.isoformat(),
                "days_late": ctx.calendar.working_days_between(request.due_date, today),
                "state": events.state(request),
            },
            subject=request.registration_number,
        )
    uow.commit()
    return len(lapsed)
