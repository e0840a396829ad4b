"""The office's list of departments (OPD), managed once by the admin and published to every service.

Each change (a new OPD, a new name, deactivation or reactivation) raises the list's version under the lock of its
one row and writes, in the same transaction, the event ``gateway.opds.changed.v1`` carrying the whole list with
that version, to the gateway's outbox; the gateway's worker relays it to RabbitMQ (chassis.relay). A service keeps
the newest list it has seen, so events arriving late, twice or out of order change nothing. The worker also
publishes the current list once when it starts, so a service deployed after the last change still receives it.

An OPD is never deleted: accounts, dispositions and articles name it by code; one that is gone is inactive (no
longer offered as a choice, still shown by name).
"""

from __future__ import annotations

import re

from marshmallow import fields, validate
from sqlalchemy import select, update

from chassis.db import Database
from chassis.messaging import UnitOfWork, utcnow
from chassis.schemas import Schema, required_text
from gateway.models import AdminAudit, Opd, OpdList, messaging

CHANGED = "gateway.opds.changed.v1"
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


class OpdIn(Schema):
    code = fields.String(
        required=True,
        validate=validate.Regexp(CODE, error="Kode 2-64 huruf kecil, angka atau tanda hubung, mis. dinkes."),
        error_messages={"required": "Wajib diisi."},
    )
    name = required_text(200)


class OpdRename(Schema):
    name = required_text(200)


class Unknown(LookupError):
    """No OPD with that code."""


class Taken(ValueError):
    """An OPD with that code exists already."""


def listing(db: Database) -> list[dict]:
    """Every OPD, active first, by name."""
    with db.session() as session:
        rows = session.scalars(select(Opd).order_by(Opd.active.desc(), Opd.name)).all()
        return [{"code": o.code, "name": o.name, "active": o.active} for o in rows]


def _publish(uow: UnitOfWork) -> int:
    """Raise the version (the row's lock orders concurrent changes) and emit the whole list with it."""
    session = uow.session
    if session.get(OpdList, 1) is None:
        session.add(OpdList(id=1, version=0))
        session.flush()
    version = session.execute(
        update(OpdList).where(OpdList.id == 1).values(version=OpdList.version + 1).returning(OpdList.version)
    ).scalar_one()
    opds = session.scalars(select(Opd).order_by(Opd.code)).all()
    uow.emit(
        CHANGED, {"version": version, "opds": [{"code": o.code, "name": o.name, "active": o.active} for o in opds]}
    )
    return version


def _audit(uow: UnitOfWork, by: str, action: str, target: str, detail: str) -> None:
    uow.session.add(AdminAudit(actor=by, action=action, target=target, detail=detail, at=utcnow()))


def add(db: Database, source: str, data: dict, by: str) -> dict:
    with UnitOfWork(db, messaging, source) as uow:
        if uow.session.get(Opd, data["code"]) is not None:
            raise Taken(data["code"])
        uow.session.add(Opd(code=data["code"], name=data["name"].strip(), active=True, changed_at=utcnow()))
        uow.session.flush()
        _audit(uow, by, "opd_added", data["code"], data["name"].strip())
        _publish(uow)
        uow.commit()
    return {"code": data["code"], "name": data["name"].strip(), "active": True}


def rename(db: Database, source: str, code: str, name: str, by: str) -> None:
    with UnitOfWork(db, messaging, source) as uow:
        opd = uow.session.get(Opd, code)
        if opd is None:
            raise Unknown(code)
        before, opd.name, opd.changed_at = opd.name, name.strip(), utcnow()
        _audit(uow, by, "opd_renamed", code, f"{before} -> {opd.name}")
        _publish(uow)
        uow.commit()


def set_active(db: Database, source: str, code: str, active: bool, by: str) -> None:
    with UnitOfWork(db, messaging, source) as uow:
        opd = uow.session.get(Opd, code)
        if opd is None:
            raise Unknown(code)
        if opd.active != active:
            opd.active, opd.changed_at = active, utcnow()
            _audit(uow, by, "opd_reactivated" if active else "opd_deactivated", code, opd.name)
            _publish(uow)
        uow.commit()


def publish_current(db: Database, source: str) -> int | None:
    """The worker's start: the current list again under a new version (nothing when there is no list yet)."""
    with UnitOfWork(db, messaging, source) as uow:
        if uow.session.scalar(select(Opd.code).limit(1)) is None:
            return None
        version = _publish(uow)
        uow.commit()
    return version
