"""PPID use cases: one function each, taking a unit of work (Cosmic Python's service layer)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis.messaging import UnitOfWork
from chassis.problems import Problem
from ppid.domain import requests as rules
from ppid.domain.calendar import WorkingCalendar
from ppid.models import RegistrationCounter, Request, RequestLog

SUBMITTED = "ppid.request.submitted.v1"


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _next_sequence(session: Session, year: int) -> int:
    """Take the next registration number of ``year`` without gaps or duplicates under concurrency."""
    for _ in range(3):
        counter = RegistrationCounter.__table__
        number = session.execute(
            update(counter).where(counter.c.year == year).values(last=counter.c.last + 1).returning(counter.c.last)
        ).scalar()
        if number is not None:
            return number
        try:
            with session.begin_nested():
                session.execute(insert(counter).values(year=year, last=1))
            return 1
        except IntegrityError:
            continue  # another request created the year's counter first
    raise RuntimeError("could not allocate a registration number")


def submit_request(
    uow: UnitOfWork,
    data: dict,
    *,
    calendar: WorkingCalendar,
    org_code: str,
    channel: str = rules.Channel.WEB,
    received_at: dt.datetime | None = None,
    actor: str = "pemohon",
) -> tuple[Request, str]:
    """Register a request; returns it with its tracking code (shown once, stored only hashed)."""
    received_at = received_at or dt.datetime.now(dt.UTC)
    received_on = calendar.receipt_day(received_at)
    deadline = rules.notice_deadline(calendar, received_on)
    code = rules.new_tracking_code()
    session = uow.session
    number = rules.registration_number(org_code, received_on.year, _next_sequence(session, received_on.year))
    request = Request(
        registration_number=number,
        tracking_code_hash=_hash_code(code),
        channel=str(channel),
        status=rules.Status.RECEIVED,
        received_at=received_at,
        received_on=received_on,
        due_date=deadline.due,
        **data,
    )
    request.history.append(
        RequestLog(
            actor=actor, from_status=None, to_status=rules.Status.RECEIVED, note="Permohonan diterima dan didaftarkan."
        )
    )
    session.add(request)
    session.flush()
    uow.emit(
        SUBMITTED,
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


def find_by_tracking(session: Session, registration_number: str, tracking_code: str) -> Request:
    """The request whose number and tracking code both match; 404 otherwise (never says which was wrong)."""
    request = session.scalars(
        select(Request)
        .options(selectinload(Request.history))
        .where(Request.registration_number == registration_number.strip().upper())
    ).first()
    if request is None or not hmac.compare_digest(request.tracking_code_hash, _hash_code(tracking_code)):
        raise Problem(404, "Nomor pendaftaran atau kode pelacakan tidak cocok.", title="Not Found")
    return request
