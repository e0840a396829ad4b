"""The province's roll-up of its regencies' PPID figures (issue 11), built from their events only.

A province (Diskominfo Provinsi) sees, per regency or city (kabupaten/kota) and per year, what the Komisi
Informasi's yearly monitoring asks of every public body: requests received (by channel), decided (granted, in
part, refused by Pasal 17 ground, not held, not documented), on time and late, extended, objections, disputes
and those still open. It keeps one fact row per (region code, registration number), never personal data: every
ppid event carries the request's ``state`` (``ppid.events.state``), and a row takes the newest state by its
``revision``, so a duplicate, a replay or a snapshot after live events never counts twice, and an event that
arrives late never overwrites a newer one. The figures are counted from the rows with the regency's own
definitions (``ppid.domain.report``): a request counts in the year and month it was received.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, and_, case, cast, extract, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from chassis.consumer import Handlers
from chassis.db import UtcDateTime
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork, utcnow
from chassis.province import listed_regions, region_of
from chassis.settings import ServiceSettings
from ppid import events
from ppid.domain.report import DECISIONS, GROUNDS
from ppid.domain.requests import Channel
from ppid.models import Base, Objection, Request, RequestLog

log = logging.getLogger("ppid.province")

CHANNELS = tuple(c.value for c in Channel)
COUNTS = ("objections", "objections_pending", "disputes", "disputes_pending")
SNAPSHOT_BATCH = 500


class RegionRequest(Base):
    """One request of one regency as the province knows it: figures only, the latest state by revision."""

    __tablename__ = "province_requests"
    __table_args__ = (Index("ix_province_requests_received", "received_on", "region_code"),)
    region_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, nullable=False)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    open: Mapped[bool] = mapped_column(Boolean, nullable=False)
    due_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    extended: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    overdue: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    decision: Mapped[str | None] = mapped_column(String(20))
    refusal_grounds: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool | None] = mapped_column(Boolean)
    objections: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    objections_pending: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    disputes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    disputes_pending: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)


def _date(value, name: str, *, optional: bool = False) -> dt.date | None:
    if value is None and optional:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidEvent(f"state.{name}: not a date: {value!r}") from None


def _count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEvent(f"state.{name}: not a count: {value!r}")
    return value


def fact(state: dict[str, Any]) -> dict[str, Any]:
    """The fact row's columns from an event's ``state``; raises InvalidEvent on a malformed one (dead-lettered,
    so an operator sees it, rather than counted wrong)."""
    if not isinstance(state, dict):
        raise InvalidEvent("state is not an object")
    decision = state.get("decision")
    if decision is not None and decision not in DECISIONS:
        raise InvalidEvent(f"state.decision: unknown {decision!r}")
    grounds = state.get("refusal_grounds") or []
    if not isinstance(grounds, list) or any(g not in GROUNDS for g in grounds):
        raise InvalidEvent(f"state.refusal_grounds: unknown {grounds!r}")
    decided_on = _date(state.get("decided_on"), "decided_on", optional=True)
    if (decision is None) != (decided_on is None):
        raise InvalidEvent("state: a decision needs its date and a date its decision")
    return {
        "revision": _count(state.get("revision"), "revision"),
        "received_on": _date(state.get("received_on"), "received_on"),
        "channel": str(state.get("channel") or "")[:20],
        "status": str(state.get("status") or "")[:30],
        "open": bool(state.get("open")),
        "due_date": _date(state.get("due_date"), "due_date"),
        "extended": bool(state.get("extended")),
        "overdue": bool(state.get("overdue")),
        "decision": decision,
        "refusal_grounds": sorted(set(grounds)),
        "decided_on": decided_on,
        "late": bool(state.get("late")) if decided_on is not None else None,
        **{name: _count(state.get(name, 0), name) for name in COUNTS},
    }


def _legacy_fact(event: CloudEvent) -> dict[str, Any] | None:
    """What a submission event without ``state`` (a producer from before it) still tells: a new open request.
    Its revision 0 yields to any state that follows."""
    if event.type != events.SUBMITTED:
        return None
    data = event.data
    legacy = {"revision": 0, "status": "received", "open": True}
    return fact({**legacy, **{k: data.get(k) for k in ("received_on", "channel", "due_date")}})


def upsert(session: Session, region_code: str, number: str, columns: dict[str, Any]) -> None:
    """Insert the fact row, or update it unless it already holds a newer revision, in one statement (safe under
    concurrent consumers: the database decides, not a read before the write)."""
    table = RegionRequest.__table__
    dialect = session.get_bind().dialect.name
    dml = postgresql if dialect == "postgresql" else sqlite
    values = {**columns, "updated_at": utcnow()}
    statement = dml.insert(table).values(region_code=region_code, registration_number=number, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.region_code, table.c.registration_number],
        set_={name: statement.excluded[name] for name in values},
        where=table.c.revision <= statement.excluded.revision,
    )
    session.execute(statement)


def apply(uow: UnitOfWork, event: CloudEvent) -> None:
    """Any ppid event of a regency: keep its request's newest state."""
    number = event.data.get("registration_number")
    if not isinstance(number, str) or not number.strip() or len(number) > 40:
        raise InvalidEvent(f"{event.type}: no registration_number")
    if "state" in event.data:
        columns = fact(event.data["state"])
    else:
        columns = _legacy_fact(event)
        if columns is None:
            log.warning("%s %s carries no state; nothing to count", event.type, event.id)
            return
    upsert(uow.session, region_of(event), number.strip().upper(), columns)


province_handlers = Handlers({event_type: apply for event_type in events.PUBLISHES})


def snapshot(uow: UnitOfWork) -> int:
    """Emit ``ppid.request.snapshot.v1`` with the current state of every request, for a regency that joins the
    province late; live events that follow carry higher revisions, so nothing is counted twice."""
    session = uow.session
    emitted, last = 0, 0
    while True:
        batch = session.scalars(select(Request).where(Request.id > last).order_by(Request.id).limit(SNAPSHOT_BATCH))
        requests = batch.all()
        if not requests:
            return emitted
        ids = [r.id for r in requests]
        logged = select(RequestLog.request_id, func.count()).where(RequestLog.request_id.in_(ids))
        entries = dict(session.execute(logged.group_by(RequestLog.request_id)).all())
        objections: dict[int, list[Objection]] = {}
        for objection in session.scalars(select(Objection).where(Objection.request_id.in_(ids))):
            objections.setdefault(objection.request_id, []).append(objection)
        for request in requests:
            state = events.state(request, history=entries.get(request.id, 0), objections=objections.get(request.id, []))
            data = {"registration_number": request.registration_number, "state": state}
            uow.emit(events.SNAPSHOT, data, request.registration_number)
            emitted += 1
        last = ids[-1]
        session.expunge_all()  # a big office's requests are not all kept in memory


def _rate(part: int, whole: int) -> float | None:
    """A share in percent with one decimal; none when there is nothing to share."""
    return round(100 * part / whole, 1) if whole else None


def _year_scope(year: int):
    return RegionRequest.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _figures(session: Session, year: int, by_month: bool) -> dict[tuple, dict[str, Any]]:
    """Counts per region (and month of receipt) for ``year``, from the fact rows."""
    t = RegionRequest
    decided = t.decided_on.is_not(None)

    def counted(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    month = extract("month", t.received_on) if by_month else None
    keys = [t.region_code] + ([month] if by_month else [])
    columns = {
        "received": func.count(),
        "decided": counted(decided),
        "on_time": counted(and_(decided, t.late.is_(False))),
        "late": counted(and_(decided, t.late.is_(True))),
        **{name: counted(t.decision == name) for name in DECISIONS},
        "extended": counted(t.extended.is_(True)),
        "open": counted(t.open.is_(True)),
        "overdue": counted(and_(t.open.is_(True), t.overdue.is_(True))),
        "closed_undecided": counted(and_(t.open.is_(False), ~decided)),
        **{name: func.coalesce(func.sum(getattr(t, name)), 0) for name in COUNTS},
    }
    query = select(*keys, *(c.label(n) for n, c in columns.items())).where(_year_scope(year)).group_by(*keys)
    found = {}
    for row in session.execute(query):
        key = (row[0], int(row[1])) if by_month else (row[0],)
        found[key] = dict(zip(columns, map(int, row[len(keys) :]), strict=True))
    return found


def _grounds_and_channels(session: Session, year: int) -> tuple[dict, dict]:
    t = RegionRequest
    grounds: dict[str, dict[str, int]] = {}
    text = cast(t.refusal_grounds, Text)
    query = select(t.region_code, text, func.count()).where(_year_scope(year), t.decided_on.is_not(None))
    for region, raw, n in session.execute(query.group_by(t.region_code, text)):
        per_region = grounds.setdefault(region, dict.fromkeys(GROUNDS, 0))
        for ground in set(json.loads(raw) if isinstance(raw, str) else raw or []):
            if ground in per_region:
                per_region[ground] += n
    channels: dict[str, dict[str, int]] = {}
    query = select(t.region_code, t.channel, func.count()).where(_year_scope(year))
    for region, channel, n in session.execute(query.group_by(t.region_code, t.channel)):
        per_region = channels.setdefault(region, dict.fromkeys(CHANNELS, 0))
        per_region[channel] = per_region.get(channel, 0) + n
    return grounds, channels


def _empty() -> dict[str, int]:
    counts = ("received", "decided", "on_time", "late", *DECISIONS, "extended", "open", "overdue", "closed_undecided")
    return dict.fromkeys((*counts, *COUNTS), 0)


def regions_year(session: Session, settings: ServiceSettings, year: int) -> list[dict[str, Any]]:
    """One item per region for ``year``: every configured region (also one with no event yet), then any other
    region an event came from. ``refused`` is a refusal in full, as in the yearly report; grounds count refusals
    and partial grants; ``open`` is still being worked on, ``closed_undecided`` closed unanswered (incomplete)."""
    figures = {key[0]: counts for key, counts in _figures(session, year, by_month=False).items()}
    grounds, channels = _grounds_and_channels(session, year)
    items = []
    for code, name in listed_regions(settings, figures):
        counts = figures.get(code) or _empty()
        item = {"region_code": code, "region_name": name, **counts}
        item["on_time_rate"] = _rate(counts["on_time"], counts["decided"])
        item["refused_by_ground"] = grounds.get(code) or dict.fromkeys(GROUNDS, 0)
        item["by_channel"] = channels.get(code) or dict.fromkeys(CHANNELS, 0)
        items.append(item)
    return items


def regions_monthly(session: Session, settings: ServiceSettings, year: int) -> list[dict[str, Any]]:
    """Per region, twelve months (by month of receipt, as the yearly report's per month): received, decided,
    on time, late and the on-time rate, for the province's chart."""
    figures = _figures(session, year, by_month=True)
    seen = {region for region, _ in figures}
    items = []
    for code, name in listed_regions(settings, seen):
        months = []
        for month in range(1, 13):
            counts = figures.get((code, month)) or _empty()
            figures_of_month = {k: counts[k] for k in ("received", "decided", "on_time", "late")}
            rate = _rate(counts["on_time"], counts["decided"])
            months.append({"month": month, **figures_of_month, "on_time_rate": rate})
        items.append({"region_code": code, "region_name": name, "months": months})
    return items
