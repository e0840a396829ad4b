"""The editorial workflow: one transition table, with each move's words; nothing else decides who moves an item.

Besides the table's roles, one rule: a contributor moves only their own OPD's items (``permissions.only_own_opd``).
``check`` is what the use cases ask before a move; ``offered`` is what the pages and the API show, the same rule.
"""

from __future__ import annotations

from chassis.auth import Principal
from chassis.errors import Forbidden, Invalid
from chassis.transitions import Move, Table, move
from newsroom.domain.permissions import CONTRIBUTOR, EDITOR, SYSTEM, is_editor, only_own_opd, sees
from newsroom.domain.states import PUBLIC, STATUS_LABELS, Kind, Status

BEFORE_PUBLIC = {Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED}

TRANSITIONS = Table(
    (
        move("submit", {Status.DRAFT}, Status.SUBMITTED, {CONTRIBUTOR, EDITOR}, "Ajukan ke redaktur"),
        move(
            "return",
            {Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED},
            Status.DRAFT,
            {EDITOR},
            "Kembalikan dengan catatan",
        ),
        move("approve", {Status.SUBMITTED}, Status.APPROVED, {EDITOR}, "Setujui"),
        # An editor may publish a draft directly (the foundation's contract), or what was submitted or approved;
        # with a time in the future the item is scheduled instead, and the worker publishes it then.
        move("publish", BEFORE_PUBLIC, Status.PUBLISHED, {EDITOR}, "Terbitkan sekarang"),
        move("schedule", BEFORE_PUBLIC, Status.SCHEDULED, {EDITOR}, "Jadwalkan"),
        move("release", {Status.SCHEDULED}, Status.PUBLISHED, {SYSTEM}, "Terbitkan sesuai jadwal"),
        move("correct", PUBLIC, Status.CORRECTED, {EDITOR}, "Ralat"),
        move("withdraw", {*PUBLIC, Status.SCHEDULED}, Status.WITHDRAWN, {EDITOR}, "Tarik"),
    ),
    noun="Naskah",
    state_labels=STATUS_LABELS,
)
# The moves staff make by hand (the API's and the console's actions); the worker's own are not among them.
STAFF_ACTIONS = tuple(a for a, m in TRANSITIONS.items() if SYSTEM not in m.roles)


def check(action: str, current: Status, principal: Principal, item_opd: str) -> Move:
    """The move for ``action`` if this caller may make it now; raises Forbidden or InvalidTransition."""
    found = TRANSITIONS.get(action)
    if found is not None and only_own_opd(principal, found.roles) and principal.opd != item_opd:
        raise Forbidden("Hanya untuk naskah OPD Anda sendiri.")
    return TRANSITIONS.check(action, current, principal.roles)


def offered(current: Status, principal: Principal | None, item_opd: str) -> list[Move]:
    """The moves this caller may make now: exactly those ``check`` allows (none for the public)."""
    if principal is None:
        return []
    return [
        m
        for m in TRANSITIONS.offered(current, principal.roles)
        if not (only_own_opd(principal, m.roles) and principal.opd != item_opd)
    ]


def allowed_actions(current: Status, principal: Principal | None, item_opd: str) -> list[str]:
    return [m.action for m in offered(current, principal, item_opd)]


def may_read(principal: Principal | None, current: Status, opd: str) -> bool:
    """The public reads what is published; staff also what they work on (``permissions.sees``)."""
    return current in PUBLIC or sees(principal, opd)


def may_edit(principal: Principal | None, current: Status, opd: str) -> bool:
    """Who may change an item's text and files now: an editor any item not withdrawn, a contributor their OPD's
    drafts."""
    if not sees(principal, opd) or current == Status.WITHDRAWN:
        return False
    return is_editor(principal) or current == Status.DRAFT


def check_publishable(kind: str, clarification: dict | None) -> None:
    """A hoax clarification goes out only with the competent authority's statement among its sources (the first of
    the checks Kominfo describes); Invalid naming ``clarification.sources`` otherwise."""
    if kind == Kind.CLARIFICATION:
        sources = (clarification or {}).get("sources") or []
        if not any(s.get("kind") == "authority" for s in sources):
            message = "Klarifikasi hoaks wajib menyertakan pernyataan instansi yang berwenang sebagai sumber."
            raise Invalid("clarification.sources", message)
