"""How long the PPID keeps a requester's identity, and who a breach touched (UU 27/2022).

``RETENTION_REQUESTER_YEARS`` after the request closed, the worker's daily job (and ``flask --app ppid personal-data
retention [--dry-run]``) blanks the name, NIK, address, phone, email and occupation. The row stays, with every
column the yearly report, the summary counts and the request's public history read, so the figures of past years do
not move.

A request has closed when it was delivered, decided (the written notice) or closed otherwise; it counts from the
latest of those days it has. A request with an objection still waiting for the superior is kept.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from chassis.retention import Rule
from ppid.domain.workflow import Status
from ppid.models import Objection, Request

ERASED = "(dihapus)"
FIELDS = ("name", "nik", "address", "phone", "email", "occupation")
FINISHED = (Status.DECIDED.value, Status.DELIVERED.value, Status.CLOSED.value)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rules(settings) -> list[Rule]:
    zone, years = ZoneInfo(settings.office_timezone), settings.retention_requester_years

    def lapsed(session: Session, now: dt.datetime) -> list[str]:
        cutoff = _years_before(now.astimezone(zone).date(), years)
        closed_on = func.coalesce(Request.decided_on, Request.received_on)
        waiting = exists().where(Objection.request_id == Request.id, Objection.status == "filed")
        query = (
            select(Request.registration_number)
            .where(Request.status.in_(FINISHED), Request.name != ERASED, closed_on < cutoff, ~waiting)
            .where((Request.delivered_at.is_(None)) | (Request.delivered_at < _midnight(cutoff, zone)))
            .order_by(Request.id)
        )
        return list(session.scalars(query))

    def erase(session: Session, numbers, now: dt.datetime) -> None:
        blank = dict.fromkeys(("phone", "email", "nik_index", "email_index", "phone_index"))
        values = dict.fromkeys(("name", "nik", "address", "occupation"), ERASED) | blank
        session.execute(update(Request).where(Request.registration_number.in_(numbers)).values(values))

    return [Rule("request", "Identitas pemohon informasi", FIELDS, lapsed, erase)]


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC)


def breach_affected(session: Session, start: dt.datetime, end: dt.datetime, records: tuple[str, ...]):
    """For ``flask --app ppid personal-data breach``: the requesters whose identity the database held during the
    window (received before its end, not yet erased), or only the request numbers given, each with the fields held
    and the contact a notice goes to (the email, else the phone)."""
    from chassis.breach import Affected

    query = select(Request).where(Request.received_at < end, Request.name != ERASED).order_by(Request.id)
    if records:
        query = query.where(Request.registration_number.in_([r.strip().upper() for r in records]))
    for r in session.scalars(query):
        held = tuple(f for f in ("name", "nik", "address", "phone", "email", "occupation") if getattr(r, f))
        yield Affected("permohonan", r.registration_number, r.name, r.email or r.phone or "", held)


def privacy_contact(settings) -> str:
    return settings.privacy_officer_contact or settings.ppid_officer_email or "petugas PPID"
