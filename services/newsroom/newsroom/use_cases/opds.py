"""The office's OPDs as the newsroom knows them (``domain.opds``): the one place that reads and writes its copy.

Pages show an OPD's name where they used to print its code (the code stays the fallback for one the list does not
know); the item form offers the active OPDs the writer may write for. The copy is written only by the gateway's
event (``events.opds_changed``), in the consumer's transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.consumer import INSERT_OR_IGNORE
from chassis.errors import Invalid
from chassis.messaging import UnitOfWork
from newsroom.context import NewsroomContext
from newsroom.domain import opds as rules
from newsroom.domain import permissions
from newsroom.models import Opd, OpdListVersion

LIST_ROW = 1


def _known(session: Session) -> dict[str, rules.OpdEntry]:
    return {row.code: rules.OpdEntry(row.code, row.name, row.active) for row in session.scalars(select(Opd))}


def _active(known: dict[str, rules.OpdEntry]) -> list[tuple[str, str]]:
    return [(entry.code, entry.name) for entry in rules.by_name([e for e in known.values() if e.active])]


def names(uow: UnitOfWork) -> dict[str, str]:
    """Every known OPD's name by its code, inactive ones included (published items still name them)."""
    return {code: name for code, name in uow.session.execute(select(Opd.code, Opd.name))}


def name_of(uow: UnitOfWork, code: str) -> str:
    """The name of one OPD, or its code when the list does not know it."""
    return uow.session.scalar(select(Opd.name).where(Opd.code == code)) or code


def active_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    """The active OPDs as ``(code, name)``, by name."""
    return _active(_known(uow.session))


def choices_for(uow: UnitOfWork, ctx: NewsroomContext) -> list[tuple[str, str]] | None:
    """What the item form offers this writer: the active OPDs they may write for (``permissions.writes_for``: a
    contributor their own, an editor any), by name; None while the office has no list (the form asks for a code)."""
    known = _known(uow.session)
    if not known:
        return None
    return [(code, name) for code, name in _active(known) if permissions.writes_for(ctx.principal, code)]


def check_writable(session: Session, opd: str) -> None:
    """Refuse a new item for an OPD that is not an active one of the office's list (any code while there is none)."""
    if not rules.writable(opd, _known(session)):
        raise Invalid("opd", rules.UNKNOWN)


def replace_list(uow: UnitOfWork, incoming: rules.OpdList) -> bool:
    """Make the copy hold ``incoming`` if it is newer than the list held (whether it was): each listed OPD written as
    listed, each known one it no longer lists kept inactive. Runs in the consumer's transaction, which commits it.

    The version row is locked first (created at version 0 if absent, without failing when another consumer creates
    it at the same time), so two lists handled at once are applied one after the other, the newer last."""
    session = uow.session
    table = OpdListVersion.__table__
    insert = INSERT_OR_IGNORE[uow.db.engine.dialect.name](table)
    session.execute(insert.values(id=LIST_ROW, version=0).on_conflict_do_nothing())
    held = session.scalars(select(OpdListVersion).where(OpdListVersion.id == LIST_ROW).with_for_update()).one()
    if not rules.newer(incoming, held.version):
        return False
    rows = {row.code: row for row in session.scalars(select(Opd))}
    known = [rules.OpdEntry(row.code, row.name, row.active) for row in rows.values()]
    for entry in rules.merged(known, incoming):
        row = rows.get(entry.code)
        if row is None:
            session.add(Opd(code=entry.code, name=entry.name, active=entry.active))
        else:
            row.name, row.active = entry.name, entry.active
    held.version = incoming.version
    return True
