"""Registry use cases: one function each, taking a unit of work."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis.auth import Principal
from chassis.messaging import UnitOfWork
from chassis.problems import Problem
from registry import events, membership
from registry.domain import identifiers
from registry.models import Outlet


def register_outlet(uow: UnitOfWork, data: dict, who: Principal) -> Outlet:
    npwp = identifiers.digits(data["npwp"])
    session = uow.session
    if session.scalar(select(Outlet.id).where(Outlet.npwp == npwp)) is not None:
        raise _duplicate(npwp)
    account = None if who.has_any("registry:verifier") else who.username
    if account and membership.outlet_of_account(session, account) is not None:
        raise Problem(409, "Akun ini sudah mengelola satu perusahaan pers.", title="Conflict")
    outlet = Outlet(**{**data, "npwp": npwp, "nib": identifiers.digits(data["nib"]),
                       "registered_by": who.username, "account": account})  # fmt: skip
    session.add(outlet)
    try:
        session.flush()
    except IntegrityError:
        raise _duplicate(npwp) from None
    # Identifiers and contacts stay in this service; the event says only who joined.
    uow.emit(
        events.OUTLET_REGISTERED,
        {
            "id": outlet.id,
            "name": outlet.name,
            "legal_name": outlet.legal_name,
            "media_type": outlet.media_type,
            "city": outlet.city,
            "registered_at": outlet.registered_at.isoformat(),
        },
        subject=str(outlet.id),
    )
    uow.commit()
    return outlet


def _duplicate(npwp: str) -> Problem:
    return Problem(
        409,
        f"Perusahaan pers dengan NPWP {npwp} sudah terdaftar.",
        title="Conflict",
        errors=[{"field": "npwp", "message": "Sudah terdaftar."}],
    )
