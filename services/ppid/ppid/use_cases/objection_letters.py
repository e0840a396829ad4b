"""The superior's written answer to an objection as a letter: for officers from the console, for the requester from
the tracking page once it is answered."""

from __future__ import annotations

from chassis.errors import Conflict, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from ppid.context import Context
from ppid.domain.permissions import READ_OBJECTIONS
from ppid.models import Objection
from ppid.use_cases.objections import find_objection
from ppid.use_cases.personal_data import log_export
from ppid.use_cases.requests import find_by_tracking


@authorized(READ_OBJECTIONS)
def answer_letter(uow: UnitOfWork, ctx: Context, number: str) -> tuple[Objection, dict]:
    """The objection and what its letter prints, for the PPID and its superior; the letter carries the requester's
    name and address, so the download is logged as an export."""
    objection = find_objection(uow.session, number)
    answered = _answered(objection)
    log_export(uow, ctx, objection.request, f"tanggapan-keberatan {objection.number}")
    return objection, answered


def tracked_answer_letter(
    uow: UnitOfWork, ctx: Context, registration_number: str, tracking_code: str, number: str
) -> tuple[Objection, dict]:
    """The requester's own objection (proven by the request's number and tracking code) and its letter."""
    request = find_by_tracking(uow.session, registration_number, tracking_code)
    objection = next((o for o in request.objections if o.number == number.strip().upper()), None)
    if objection is None:
        raise NotFound(f"Keberatan {number} tidak ditemukan pada permohonan ini.")
    return objection, _answered(objection)


def _answered(objection: Objection) -> dict:
    if objection.outcome is None:
        raise Conflict("Keberatan belum ditanggapi atasan PPID.", current_state=objection.status)
    keys = ("number", "filed_on", "outcome", "answer", "answered_on", "dispute_due")
    return {key: getattr(objection, key) for key in keys}
