"""Registry use cases of outlets and their journalists: one function each, taking a unit of work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis.auth import Principal
from chassis.messaging import UnitOfWork
from chassis.problems import Problem, field_problem
from registry import events
from registry.domain import identifiers
from registry.domain.applications import VERIFIER
from registry.models import Journalist, Outlet, OutletChange
from registry.use_cases import membership

# Model attribute -> the field's name on the API and in the change log.
API_NAMES = {"name": "brand", "ukw_certificate": "ukw_certificate_no"}


def register_outlet(uow: UnitOfWork, data: dict, who: Principal) -> Outlet:
    npwp = identifiers.digits(data["npwp"])
    session = uow.session
    if session.scalar(select(Outlet.id).where(Outlet.npwp == npwp)) is not None:
        raise _duplicate(npwp)
    account = None if who.has_any(VERIFIER) else who.username
    if account:
        # Only a verifier records the Dewan Pers status (the period rules depend on it): an outlet's own claim is
        # ignored, and it starts unregistered until a verifier checks it (PUT /outlets/<id>/dewan-pers).
        data = {**data, "dewan_pers_status": "none"}
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


def editable_outlet(session: Session, outlet_id: int, who: Principal) -> Outlet:
    """The outlet if a verifier asks or the caller works for it (owner or staff); otherwise not found."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (who.has_any(VERIFIER) or membership.manages(session, outlet, who.username)):
        raise Problem(404, f"Perusahaan pers {outlet_id} tidak ada.", title="Not Found")
    return outlet


def _apply(record, data: dict) -> list[str]:
    """Set the fields that differ; their API names, sorted."""
    changed = [key for key, value in data.items() if getattr(record, key) != value]
    for key in changed:
        setattr(record, key, data[key])
    return sorted(API_NAMES.get(key, key) for key in changed)


def _record(uow: UnitOfWork, outlet: Outlet, who: Principal, action: str, changed: list[str],
            journalist_id: int | None = None) -> None:  # fmt: skip
    uow.session.add(OutletChange(outlet_id=outlet.id, actor=who.username, action=action, fields=changed,
                                 journalist_id=journalist_id))  # fmt: skip
    if action in ("profile", "dewan_pers"):
        # Like the registration event: what the outlet is called and where, and which fields changed (no values).
        uow.emit(events.OUTLET_UPDATED, {"id": outlet.id, "name": outlet.name, "media_type": outlet.media_type,
                                         "city": outlet.city, "changed": changed}, subject=str(outlet.id))  # fmt: skip


def update_outlet(uow: UnitOfWork, outlet_id: int, data: dict, who: Principal) -> Outlet:
    """The outlet's own accounts or a verifier change any profile field (validated as at registration); the NPWP
    stays unique. Who changed which fields when is logged for the verifier, and told by an event."""
    session = uow.session
    outlet = editable_outlet(session, outlet_id, who)
    data = dict(data)
    for key in ("npwp", "nib"):
        if key in data:
            data[key] = identifiers.digits(data[key])
    if "npwp" in data and data["npwp"] != outlet.npwp:
        taken = select(Outlet.id).where(Outlet.npwp == data["npwp"], Outlet.id != outlet.id)
        if session.scalar(taken) is not None:
            raise _duplicate(data["npwp"])
    changed = _apply(outlet, data)
    if not changed:
        return outlet
    try:
        session.flush()
    except IntegrityError:
        raise _duplicate(outlet.npwp) from None
    _record(uow, outlet, who, "profile", changed)
    uow.commit()
    return outlet


def set_dewan_pers(uow: UnitOfWork, outlet_id: int, data: dict, who: Principal) -> Outlet:
    """The verifier records the outlet's Dewan Pers status (none, administrative, factual) and its date."""
    if not who.has_any(VERIFIER):
        raise Problem(403, "Status Dewan Pers dicatat verifikator.", title="Forbidden")
    outlet = editable_outlet(uow.session, outlet_id, who)
    changed = _apply(outlet, {"dewan_pers_status": data["status"], "dewan_pers_on": data.get("verified_on")})
    if changed:
        _record(uow, outlet, who, "dewan_pers", changed)
        uow.commit()
    return outlet


def _journalist(session: Session, outlet: Outlet, journalist_id: int, today: dt.date) -> Journalist:
    journalist = session.get(Journalist, journalist_id)
    if journalist is None or journalist.outlet_id != outlet.id:
        raise field_problem("journalist_id", "Wartawan tidak ada.", 404)
    if journalist.left_on is not None and journalist.left_on <= today:
        raise Problem(409, f"{journalist.name} sudah keluar sejak {journalist.left_on.isoformat()}.",
                      title="Conflict", left_on=journalist.left_on.isoformat())  # fmt: skip
    return journalist


def update_journalist(uow: UnitOfWork, outlet_id: int, journalist_id: int, data: dict, who: Principal,
                      today: dt.date) -> Journalist:  # fmt: skip
    """Change a journalist's role, UKW level (a level needs its certificate number), certificate date or press card."""
    session = uow.session
    outlet = editable_outlet(session, outlet_id, who)
    journalist = _journalist(session, outlet, journalist_id, today)
    level = data.get("ukw_level", journalist.ukw_level)
    certificate = data.get("ukw_certificate", journalist.ukw_certificate)
    if level != "none" and not (certificate or "").strip():
        raise field_problem("ukw_certificate_no", "Isi nomor sertifikat UKW.")
    changed = _apply(journalist, data)
    if changed:
        _record(uow, outlet, who, "journalist_updated", changed, journalist.id)
        events.journalist_changed(uow, journalist)
        uow.commit()
    return journalist


def remove_journalist(uow: UnitOfWork, outlet_id: int, journalist_id: int, left_on: dt.date | None,
                      who: Principal, today: dt.date) -> Journalist:  # fmt: skip
    """A journalist leaves the outlet: kept with the day they left (history, decrees already issued), no longer
    counted from that day for the period's rules and the figures."""
    session = uow.session
    outlet = editable_outlet(session, outlet_id, who)
    journalist = _journalist(session, outlet, journalist_id, today)
    journalist.left_on = left_on or today
    _record(uow, outlet, who, "journalist_removed", ["left_on"], journalist.id)
    events.journalist_changed(uow, journalist)
    uow.commit()
    return journalist


def changes(session: Session, outlet_id: int, limit: int = 50) -> list[OutletChange]:
    """The outlet's change log, newest first."""
    query = select(OutletChange).where(OutletChange.outlet_id == outlet_id)
    return list(session.scalars(query.order_by(OutletChange.id.desc()).limit(limit)))
