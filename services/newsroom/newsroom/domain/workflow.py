"""The editorial workflow: one transition table, nothing else decides who may move an item where."""

from __future__ import annotations

import dataclasses
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"


class Kind(StrEnum):
    RELEASE = "release"
    CLARIFICATION = "clarification"
    ANNOUNCEMENT = "announcement"
    AGENDA = "agenda"


STATUS_LABELS = {
    Status.DRAFT: "Draf",
    Status.SUBMITTED: "Diajukan ke redaktur",
    Status.APPROVED: "Disetujui",
    Status.SCHEDULED: "Terjadwal",
    Status.PUBLISHED: "Terbit",
    Status.CORRECTED: "Terbit dengan ralat",
    Status.WITHDRAWN: "Ditarik",
}
# What the public may read.
PUBLIC = frozenset({Status.PUBLISHED, Status.CORRECTED})

CONTRIBUTOR = "newsroom:contributor"
EDITOR = "newsroom:editor"
SYSTEM = "system"  # the worker, publishing what was scheduled


@dataclasses.dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[Status]
    target: Status
    roles: frozenset[str]
    # Contributors act only on their own OPD's items; editors on any.
    own_opd_only_for: frozenset[str] = frozenset({CONTRIBUTOR})


def _move(action: str, sources: set[Status], target: Status, *roles: str) -> Move:
    return Move(action, frozenset(sources), target, frozenset(roles))


TRANSITIONS: dict[str, Move] = {
    m.action: m
    for m in (
        _move("submit", {Status.DRAFT}, Status.SUBMITTED, CONTRIBUTOR, EDITOR),
        _move("return", {Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED}, Status.DRAFT, EDITOR),
        _move("approve", {Status.SUBMITTED}, Status.APPROVED, EDITOR),
        # An editor may publish a draft directly (the foundation's contract), or what was submitted or approved;
        # with a time in the future the item is scheduled instead, and the worker publishes it then.
        _move("publish", {Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED}, Status.PUBLISHED, EDITOR),
        _move(
            "schedule", {Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED}, Status.SCHEDULED, EDITOR
        ),  # fmt: skip
        _move("release", {Status.SCHEDULED}, Status.PUBLISHED, SYSTEM),
        _move("correct", {Status.PUBLISHED, Status.CORRECTED}, Status.CORRECTED, EDITOR),
        _move("withdraw", {Status.PUBLISHED, Status.CORRECTED, Status.SCHEDULED}, Status.WITHDRAWN, EDITOR),
    )
}


class Forbidden(Exception):
    """The caller's roles or OPD do not allow this move."""


class InvalidTransition(Exception):
    """The item's current state does not allow this move."""

    def __init__(self, action: str, current: Status):
        super().__init__(action, current)
        self.action = action
        self.current = current


def check(action: str, current: Status, roles: frozenset[str], caller_opd: str | None, item_opd: str) -> Move:
    """The move for ``action`` if this caller may make it now; raises Forbidden or InvalidTransition."""
    move = TRANSITIONS[action]
    held = move.roles & roles
    if not held:
        raise Forbidden(f"Memerlukan salah satu peran: {', '.join(sorted(move.roles))}.")
    if held <= move.own_opd_only_for and caller_opd != item_opd:
        raise Forbidden("Hanya untuk naskah OPD Anda sendiri.")
    if current not in move.sources:
        raise InvalidTransition(action, current)
    return move


def allowed_actions(current: Status) -> list[str]:
    return [a for a, m in TRANSITIONS.items() if current in m.sources and SYSTEM not in m.roles]
