"""Use cases of outlets, their journalists and the releases they prove: one function each, ``(uow, ctx, ...)``;
which outlet is the caller's own is decided here (``my_outlet``, ``outlet_for``, ``editable_outlet``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis import pagination
from chassis.auth import Principal
from chassis.db import values as db_values
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import events
from registry.context import Context
from registry.domain import identifiers
from registry.domain import permissions as can
from registry.domain.personal_data import masked
from registry.models import Journalist, Outlet, OutletChange, Release
from registry.use_cases import membership, personal_data
from registry.use_cases.common import field_error

# Model attribute -> the field's name on the API and in the change log.
API_NAMES = {"name": "brand", "ukw_certificate": "ukw_certificate_no"}


@authorized(can.LIST_OUTLETS)
def list_outlets(uow: UnitOfWork, ctx: Context, query: dict) -> dict:
    """Registered outlets, newest first, one keyset page at a time."""
    limit = query["limit"]
    statement = pagination.newest_first(select(Outlet), Outlet.registered_at, Outlet.id, query.get("after"), limit)
    rows, cursor = pagination.page(list(uow.session.scalars(statement)), limit, lambda o: (o.registered_at, o.id))
    return {"items": [db_values(o) for o in rows], "next": cursor}


@authorized(can.LIST_RELEASES)
def list_releases(uow: UnitOfWork, ctx: Context, query: dict) -> dict:
    """Published releases (copied from the newsroom's events), newest first: partners choose from them to prove."""
    limit = query["limit"]
    statement = pagination.newest_first(
        select(Release), Release.published_at, Release.article_id, query.get("after"), limit
    )
    rows, cursor = pagination.page(
        list(uow.session.scalars(statement)), limit, lambda r: (r.published_at, r.article_id)
    )
    return {"items": [db_values(r) for r in rows], "next": cursor}


@authorized(can.READ_PARTNERSHIP)
def show_outlet(uow: UnitOfWork, ctx: Context, outlet_id: int) -> dict:
    """The profile with its change log (who, when, which fields): the outlet's own accounts and the office."""
    return detail(uow.session, outlet_for(uow.session, outlet_id, ctx.principal))


def detail(session: Session, outlet: Outlet) -> dict:
    return {**db_values(outlet), "changes": [db_values(c) for c in changes(session, outlet.id)]}


@authorized(can.EDIT_OUTLET)
def register_outlet(uow: UnitOfWork, ctx: Context, data: dict) -> Outlet:
    who = ctx.principal
    npwp = identifiers.digits(data["npwp"])
    session = uow.session
    if session.scalar(select(Outlet.id).where(Outlet.npwp == npwp)) is not None:
        raise _duplicate(npwp)
    account = None if can.VERIFY.allows(who) else who.username
    if account:
        # Only a verifier records the Dewan Pers status (the period rules depend on it): an outlet's own claim is
        # ignored, and it starts unregistered until a verifier checks it (PUT /outlets/<id>/dewan-pers).
        data = {**data, "dewan_pers_status": "none"}
    if account and membership.outlet_of_account(session, account) is not None:
        raise Conflict("Akun ini sudah mengelola satu perusahaan pers.")
    outlet = Outlet(
        **{
            **data,
            "npwp": npwp,
            "nib": identifiers.digits(data["nib"]),
            "registered_by": who.username,
            "account": account,
        }
    )
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


def _duplicate(npwp: str) -> Conflict:
    return Conflict(
        f"Perusahaan pers dengan NPWP {npwp} sudah terdaftar.",
        errors=[{"field": "npwp", "message": "Sudah terdaftar."}],
    )


def editable_outlet(session: Session, outlet_id: int | None, who: Principal) -> Outlet:
    """The outlet if a verifier asks or the caller works for it (owner or staff); otherwise not found. ``None``: the
    caller's own outlet (its pages)."""
    if outlet_id is None:
        return my_outlet(session, who)
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (can.VERIFY.allows(who) or membership.manages(session, outlet, who.username)):
        raise NotFound(f"Perusahaan pers {outlet_id} tidak ada.")
    return outlet


def _apply(record, data: dict) -> list[str]:
    """Set the fields that differ; their API names, sorted."""
    changed = [key for key, value in data.items() if getattr(record, key) != value]
    for key in changed:
        setattr(record, key, data[key])
    return sorted(API_NAMES.get(key, key) for key in changed)


def _record(
    uow: UnitOfWork, outlet: Outlet, who: Principal, action: str, changed: list[str], journalist_id: int | None = None
) -> None:
    uow.session.add(
        OutletChange(
            outlet_id=outlet.id, actor=who.username, action=action, fields=changed, journalist_id=journalist_id
        )
    )
    if action in ("profile", "dewan_pers"):
        # Like the registration event: what the outlet is called and where, and which fields changed (no values).
        uow.emit(
            events.OUTLET_UPDATED,
            {
                "id": outlet.id,
                "name": outlet.name,
                "media_type": outlet.media_type,
                "city": outlet.city,
                "changed": changed,
            },
            subject=str(outlet.id),
        )


@authorized(can.EDIT_OUTLET)
def update_outlet(uow: UnitOfWork, ctx: Context, outlet_id: int | None, data: dict) -> Outlet:
    """The outlet's own accounts or a verifier change any profile field (validated as at registration); the NPWP
    stays unique. Who changed which fields when is logged for the verifier, and told by an event."""
    session = uow.session
    who = ctx.principal
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


@authorized(can.VERIFY)
def set_dewan_pers(uow: UnitOfWork, ctx: Context, outlet_id: int, data: dict) -> Outlet:
    """The verifier records the outlet's Dewan Pers status (none, administrative, factual) and its date."""
    who = ctx.principal
    outlet = editable_outlet(uow.session, outlet_id, who)
    changed = _apply(outlet, {"dewan_pers_status": data["status"], "dewan_pers_on": data.get("verified_on")})
    if changed:
        _record(uow, outlet, who, "dewan_pers", changed)
        uow.commit()
    return outlet


def _journalist(session: Session, outlet: Outlet, journalist_id: int, today: dt.date) -> Journalist:
    journalist = session.get(Journalist, journalist_id)
    if journalist is None or journalist.outlet_id != outlet.id:
        raise field_error(NotFound, "journalist_id", "Wartawan tidak ada.")
    if journalist.left_on is not None and journalist.left_on <= today:
        raise Conflict(
            f"{journalist.name} sudah keluar sejak {journalist.left_on.isoformat()}.",
            left_on=journalist.left_on.isoformat(),
        )
    return journalist


@authorized(can.EDIT_OUTLET)
def update_journalist(
    uow: UnitOfWork, ctx: Context, outlet_id: int | None, journalist_id: int, data: dict
) -> Journalist:
    """Change a journalist's role, UKW level (a level needs its certificate number), certificate date or press card."""
    session = uow.session
    who = ctx.principal
    outlet = editable_outlet(session, outlet_id, who)
    journalist = _journalist(session, outlet, journalist_id, ctx.today())
    level = data.get("ukw_level", journalist.ukw_level)
    certificate = data.get("ukw_certificate", journalist.ukw_certificate)
    if level != "none" and not (certificate or "").strip():
        raise Invalid("ukw_certificate_no", "Isi nomor sertifikat UKW.")
    changed = _apply(journalist, data)
    if changed:
        _record(uow, outlet, who, "journalist_updated", changed, journalist.id)
        events.journalist_changed(uow, journalist)
        uow.commit()
    return journalist


@authorized(can.EDIT_OUTLET)
def remove_journalist(
    uow: UnitOfWork, ctx: Context, outlet_id: int | None, journalist_id: int, left_on: dt.date | None = None
) -> Journalist:
    """A journalist leaves the outlet: kept with the day they left (history, decrees already issued), no longer
    counted from that day for the period's rules and the figures."""
    session = uow.session
    who, today = ctx.principal, ctx.today()
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


@authorized(can.PARTNER_WORK)
def dashboard(uow: UnitOfWork, ctx: Context) -> dict:
    """The partner's home page: its outlet (None before it registers one), journalists current and former, its
    applications and contracts, the periods open now that it has not applied to, and its staff."""
    from sqlalchemy import select as query

    from registry.models import Application, Contract, Period
    from registry.use_cases.periods import period_state

    session, who, today = uow.session, ctx.principal, ctx.today()
    outlet = membership.outlet_of_account(session, who.username)
    current, upcoming = period_state(session, ctx.now())
    mine, contracts, people, staff = [], [], [], []
    if outlet is not None:
        people = list(
            session.scalars(query(Journalist).where(Journalist.outlet_id == outlet.id).order_by(Journalist.id))
        )
        mine = session.execute(
            query(Application, Period)
            .join(Period, Period.id == Application.period_id)
            .where(Application.outlet_id == outlet.id)
            .order_by(Application.id.desc())
        ).all()
        contracts = list(
            session.scalars(
                query(Contract)
                .join(Application, Application.id == Contract.application_id)
                .where(Application.outlet_id == outlet.id)
                .order_by(Contract.id.desc())
            )
        )
        staff = membership.members(uow, ctx, outlet.id)
    applied = {a.period_id for a, _ in mine}
    return {
        "outlet": outlet,
        "journalists": [j for j in people if j.left_on is None or j.left_on > today],
        "former": [j for j in people if j.left_on is not None and j.left_on <= today],
        "applications": mine,
        "contracts": contracts,
        "open_periods": [p for p in current if p.id not in applied],
        "any_open": bool(current),
        "upcoming": upcoming,
        "members": staff,
    }


def my_outlet(session: Session, who: Principal) -> Outlet:
    outlet = membership.outlet_of_account(session, who.username)
    if outlet is None:
        raise Conflict("Akun ini belum terhubung dengan perusahaan pers; daftarkan dulu.")
    return outlet


def outlet_for(session: Session, outlet_id: int, who: Principal) -> Outlet:
    """The outlet if the caller is staff or manages it; otherwise not found."""
    outlet = session.get(Outlet, outlet_id)
    if outlet is None or not (can.sees_every_outlet(who) or membership.manages(session, outlet, who.username)):
        raise NotFound(f"Perusahaan pers {outlet_id} tidak ada.")
    return outlet


@authorized(can.EDIT_OUTLET)
def add_journalist(uow: UnitOfWork, ctx: Context, outlet_id: int | None, data: dict) -> Journalist:
    """A journalist joins the outlet (``outlet_id`` None: the caller's own outlet)."""
    session = uow.session
    outlet = my_outlet(session, ctx.principal) if outlet_id is None else outlet_for(session, outlet_id, ctx.principal)
    journalist = Journalist(outlet_id=outlet.id, **data)
    session.add(journalist)
    session.flush()
    personal_data.changed(uow, ctx, "journalist", journalist.id, data)
    events.journalist_changed(uow, journalist)
    uow.commit()
    return journalist


@authorized(can.READ_PARTNERSHIP)
def journalists(uow: UnitOfWork, ctx: Context, outlet_id: int) -> list[dict]:
    """The outlet's journalists; the full NIK only for the outlet's own accounts (who entered it), masked for the
    office's staff, who reveal one with a reason (``registry.use_cases.personal_data.reveal``)."""
    session = uow.session
    who = ctx.principal
    outlet = outlet_for(session, outlet_id, who)
    rows = session.scalars(select(Journalist).where(Journalist.outlet_id == outlet.id).order_by(Journalist.id))
    full = membership.manages(session, outlet, who.username)
    return [{**db_values(j), **({} if full else masked("journalist", j))} for j in rows]
