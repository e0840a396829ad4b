"""The office's OPDs: the copy of the gateway's list (applied from its event) and the one place that reads it, for
the choices of a disposition and the names shown wherever an OPD code would be."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from chassis import opds as chassis_opds
from chassis.errors import Invalid
from chassis.messaging import UnitOfWork
from ppid.context import Context
from ppid.models import Opd, opd_tables


def receive_list(uow: UnitOfWork, data: object) -> bool:
    """Apply the gateway's whole list when it is newer than the one held (``chassis.opds``); returns whether it
    was. A malformed list raises ``InvalidEvent`` before anything is written (the event is dead-lettered)."""
    return chassis_opds.replace_list(uow.session, opd_tables, chassis_opds.parse(data))


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
    refused = chassis_opds.unusable(codes, {code: opd.active for code, opd in office.items()})
    if refused:
        codes = ", ".join(refused)
        raise Invalid("opds", f"OPD tidak dikenal atau tidak aktif: {codes}. Pilih dari daftar OPD kantor.")
    return office
