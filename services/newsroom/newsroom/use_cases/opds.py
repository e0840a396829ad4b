"""The office's OPDs as the newsroom knows them (``chassis.opds``): the one place that reads and writes its copy.

Pages show an OPD's name where they used to print its code (the code stays the fallback for one the list does not
know); the item form offers the active OPDs the writer may write for. The copy is written only by the gateway's
event (``events.opds_changed``), in the consumer's transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis import opds as chassis_opds
from chassis.errors import Invalid
from chassis.messaging import UnitOfWork
from newsroom.context import NewsroomContext
from newsroom.domain import opds as rules
from newsroom.domain import permissions
from newsroom.models import Opd, opd_tables


def names(uow: UnitOfWork) -> dict[str, str]:
    """Every known OPD's name by its code, inactive ones included (published items still name them)."""
    return chassis_opds.names(uow.session, opd_tables)


def name_of(uow: UnitOfWork, code: str) -> str:
    """The name of one OPD, or its code when the list does not know it."""
    return uow.session.scalar(select(Opd.name).where(Opd.code == code)) or code


def active_choices(uow: UnitOfWork) -> list[tuple[str, str]]:
    """The active OPDs as ``(code, name)``, by name."""
    return chassis_opds.active_choices(uow.session, opd_tables)


def choices_for(uow: UnitOfWork, ctx: NewsroomContext) -> list[tuple[str, str]] | None:
    """What the item form offers this writer: the active OPDs they may write for (``permissions.writes_for``: a
    contributor their own, an editor any), by name; None while the office has no list (the form asks for a code)."""
    if uow.session.scalar(select(Opd.code).limit(1)) is None:
        return None
    return [(code, name) for code, name in active_choices(uow) if permissions.writes_for(ctx.principal, code)]


def check_writable(session: Session, opd: str) -> None:
    """Refuse a new item for an OPD that is not an active one of the office's list (any code while there is none)."""
    known = dict(session.execute(select(Opd.code, Opd.active)).all())
    if not rules.writable(opd, known):
        raise Invalid("opd", rules.UNKNOWN)


def replace_list(uow: UnitOfWork, data: object) -> bool:
    """Take the gateway's list if it is newer than the one held (``chassis.opds.replace_list``); a malformed one
    raises ``InvalidEvent`` before anything is written."""
    return chassis_opds.replace_list(uow.session, opd_tables, chassis_opds.parse(data))
