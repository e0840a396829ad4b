"""The editorial workflow: one transition table, nothing else decides who may move an item where."""

from __future__ import annotations

from enum import StrEnum

from chassis.transitions import Forbidden, InvalidTransition, Move, Table, move  # noqa: F401 - re-exported


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


def _move(action: str, sources: set[Status], target: Status, *roles: str) -> Move:
    return move(action, sources, target, roles)


TRANSITIONS = Table(
    (
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
)


def check(action: str, current: Status, roles: frozenset[str], caller_opd: str | None, item_opd: str) -> Move:
    """The move for ``action`` if this caller may make it now; raises Forbidden or InvalidTransition.

    Besides the table's roles: a contributor (without the editor's role) acts only on their own OPD's items.
    """
    found = TRANSITIONS.get(action)
    held = found.roles & roles if found else frozenset()
    if held and held <= {CONTRIBUTOR} and caller_opd != item_opd:
        raise Forbidden("Hanya untuk naskah OPD Anda sendiri.")
    return TRANSITIONS.check(action, current, roles)


def allowed_actions(current: Status) -> list[str]:
    """What staff may do now (the worker's own moves are not offered)."""
    return TRANSITIONS.allowed(current, frozenset({CONTRIBUTOR, EDITOR}))
