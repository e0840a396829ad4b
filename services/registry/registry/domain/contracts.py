"""A contract's one transition table (suspend, resume, end), and when a partnership counts as running: the one rule
the release mailing and the public list of partners share."""

from __future__ import annotations

import datetime as dt
import enum

from chassis.transitions import Table, move
from registry.domain.permissions import STAFF


class ContractStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    ENDED = "ended"


STATUS_LABELS = {
    ContractStatus.ACTIVE: "Berjalan",
    ContractStatus.SUSPENDED: "Ditangguhkan",
    ContractStatus.ENDED: "Berakhir",
}

TRANSITIONS = Table(
    (
        # Suspended with a reason the outlet sees (checked by ``move_contract``); ended for good, from either state.
        move("suspend", {ContractStatus.ACTIVE}, ContractStatus.SUSPENDED, STAFF, "Tangguhkan"),
        move("resume", {ContractStatus.SUSPENDED}, ContractStatus.ACTIVE, STAFF, "Lanjutkan"),
        move("end", {ContractStatus.ACTIVE, ContractStatus.SUSPENDED}, ContractStatus.ENDED, STAFF, "Akhiri"),
    ),
    noun="Kontrak",
    state_labels=STATUS_LABELS,
)

# A suspended or ended contract never counts, whatever its dates.
RUNNING_STATES = frozenset({ContractStatus.ACTIVE})


def is_running(status: str, starts_on: dt.date, ends_on: dt.date, day: dt.date) -> bool:
    """The contract counts on ``day``, the office's local date (a UTC date would move the first and last day of a
    contract by up to nine hours in WIT): active, and ``day`` within its period, both ends included."""
    return status in RUNNING_STATES and starts_on <= day <= ends_on
