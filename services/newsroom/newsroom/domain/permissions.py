"""Who may do what in the newsroom: its roles, the permission of each use case, and the two OPD rules.

An OPD (organisasi perangkat daerah) is a department of the regional government; its humas (public relations)
staff are the newsroom's contributors. The rules, each stated once here and used by every use case:

- staff visibility (``sees``): an editor works on every OPD's items, a contributor on their own OPD's; to anyone
  else an unpublished item does not exist;
- writing for an OPD (``writes_for``): a contributor writes only for their own OPD, an editor for any.

What an item's state allows on top (who may edit it now, who may move it) is in ``domain.workflow``.
"""

from __future__ import annotations

from chassis.auth import Principal
from chassis.permissions import permission

CONTRIBUTOR = "newsroom:contributor"
EDITOR = "newsroom:editor"
SYSTEM = "system"  # the worker, publishing what was scheduled; no account holds it

# The roles an account may hold for the newsroom, with the words the gateway shows for them.
ROLES = {
    CONTRIBUTOR: "Humas OPD (satu OPD)",
    EDITOR: "Redaktur",
}
# Roles bound to one OPD: an account holding one must name its OPD.
OPD_ROLES = frozenset({CONTRIBUTOR})

SCHEDULER = Principal(username="penjadwal", roles=frozenset({SYSTEM}))

STAFF = permission("newsroom.staff", {CONTRIBUTOR, EDITOR}, "Menulis dan menyunting naskah")
RESTORE = permission("newsroom.restore", {EDITOR}, "Memulihkan revisi")
FIGURES = permission("newsroom.figures", {EDITOR}, "Melihat angka tahunan")


def is_editor(principal: Principal | None) -> bool:
    return principal is not None and EDITOR in principal.roles


def sees(principal: Principal | None, opd: str) -> bool:
    """Whether this caller works on the items of ``opd``: an editor every OPD's, a contributor their own."""
    if principal is None:
        return False
    return is_editor(principal) or (CONTRIBUTOR in principal.roles and principal.opd == opd)


def opd_scope(principal: Principal) -> str | None:
    """The one OPD whose items this staff member works on, or None for every OPD (an editor)."""
    return None if is_editor(principal) else principal.opd


def writes_for(principal: Principal, opd: str) -> bool:
    """Whether this staff member may write a new item for ``opd``."""
    return is_editor(principal) or principal.opd == opd


def only_own_opd(principal: Principal, roles: frozenset[str]) -> bool:
    """Whether the caller holds ``roles`` (a move's) only as a contributor, so acts only on their own OPD's items."""
    held = roles & principal.roles
    return bool(held) and held <= OPD_ROLES
