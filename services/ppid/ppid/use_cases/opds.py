"""The office's OPDs: the copy of the gateway's list (applied from its event) and the one place that reads it, for
the choices of a disposition and the names shown wherever an OPD code would be."""

from __future__ import annotations

import dataclasses
import logging

from sqlalchemy import select

from chassis.errors import Invalid
from chassis.messaging import UnitOfWork
from ppid.context import Context
from ppid.domain import opds as rules
from ppid.models import Opd, OpdList

log = logging.getLogger(__name__)
LIST_ROW = 1


def receive_list(uow: UnitOfWork, data: object) -> bool:
    """Apply the gateway's whole list when it is newer than the one held; returns whether it was applied.

    Each OPD of the list is written as given; one held here but no longer listed is kept, inactive (past
    dispositions name it). An older or repeated version changes nothing, so lists arriving out of order end with the
    newest. Runs in the consumer's transaction; a malformed list is logged and left, to be replaced by the next.
    """
    try:
        version, listed = rules.parse_list(data)
    except ValueError as exc:
        log.warning("OPD list ignored: %s", exc)
        return False
    session = uow.session
    held = session.get(OpdList, LIST_ROW, with_for_update=True)
    if held is not None and version <= held.version:
        return False
    if held is None:
        held = OpdList(id=LIST_ROW, version=version)
        session.add(held)
    held.version = version
    known = {o.code: o for o in session.scalars(select(Opd).with_for_update())}
    for entry in listed:
        opd = known.pop(entry.code, None) or Opd(code=entry.code)
        opd.name, opd.active = entry.name, entry.active
        session.add(opd)
    for gone in known.values():
        gone.active = False
    return True


@dataclasses.dataclass(frozen=True)
class OfficeList:
    """The office's OPDs as a person sees them: every name by code (inactive ones included, as past dispositions
    name them) and the active ones a request may be disposed to, ``(code, name)`` by name."""

    names: dict[str, str]
    choices: list[tuple[str, str]]

    @property
    def listed(self) -> bool:
        """Whether the office has a list yet (a new office has none until its admin enters it)."""
        return bool(self.names)

    def name(self, code: str) -> str:
        return self.names.get(code, code)


def office_list(uow: UnitOfWork, ctx: Context) -> OfficeList:
    """The one read of the office's OPD list, for the disposition's choices and the names shown for codes."""
    rows = uow.session.execute(select(Opd.code, Opd.name, Opd.active).order_by(Opd.name, Opd.code)).all()
    return OfficeList({code: name for code, name, _ in rows}, [(code, name) for code, name, active in rows if active])


def check_disposable(uow: UnitOfWork, codes: list[str]) -> dict[str, Opd]:
    """Refuse codes outside the office's active OPDs, once it has a list; returns the list's OPDs by code."""
    office = {o.code: o for o in uow.session.scalars(select(Opd))}
    active = {code for code, opd in office.items() if opd.active}
    refused = rules.not_disposable(codes, active, listed=bool(office))
    if refused:
        codes = ", ".join(refused)
        raise Invalid("opds", f"OPD tidak dikenal atau tidak aktif: {codes}. Pilih dari daftar OPD kantor.")
    return office
