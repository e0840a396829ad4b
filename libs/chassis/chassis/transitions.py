"""A transition table: the one place a service says who may move a record from which states to which.

Services declare their ``Move`` rows (action, source states, target state or None to stay, roles) and ask
``Table.check`` before a move; nothing else decides. Plumbing only: the states and roles are the service's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from enum import StrEnum

from chassis.errors import Conflict, Forbidden

__all__ = ["Forbidden", "InvalidTransition", "Move", "Table", "move"]


@dataclasses.dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset
    target: StrEnum | None
    roles: frozenset[str]
    label: str = ""


def move(action: str, sources: Iterable, target, roles: Iterable[str], label: str = "") -> Move:
    return Move(action, frozenset(sources), target, frozenset(roles), label)


class InvalidTransition(Conflict):
    """The record's current state does not allow this move (a 409 naming the state and what it allows)."""

    def __init__(self, action: str, current, detail: str | None = None, **extra):
        super().__init__(detail or f"Tindakan {action} tidak dapat dilakukan pada status {_value(current)}.", **extra)
        self.action = action
        self.current = current


def _value(state) -> str:
    return getattr(state, "value", str(state))


class Table(dict):
    """``action -> Move``, with the checks every service needs.

    ``noun`` names the record in refusals ("Permohonan", "Naskah"); ``state_labels`` gives each state's words, so
    a refusal reads "Permohonan berstatus received (Diterima); tindakan close tidak dapat dilakukan." and carries
    ``current_state`` and the ``allowed_actions`` of the caller, the same everywhere.
    """

    def __init__(self, moves: Iterable[Move], *, noun: str = "Data", state_labels: dict | None = None):
        super().__init__((m.action, m) for m in moves)
        self.noun = noun
        self.state_labels = dict(state_labels or {})

    def check(self, action: str, current, roles: frozenset[str]) -> Move:
        found = self.get(action)
        if found is not None and not found.roles & roles:
            required = sorted(found.roles)
            raise Forbidden(f"Memerlukan salah satu peran: {', '.join(required)}.", required_roles=required)
        if found is None or current not in found.sources:
            label = self.state_labels.get(current)
            state = f"{_value(current)} ({label})" if label else _value(current)
            raise InvalidTransition(
                action,
                current,
                f"{self.noun} berstatus {state}; tindakan {action} tidak dapat dilakukan.",
                current_state=_value(current),
                allowed_actions=self.allowed(current, roles),
            )
        return found

    def label(self, action: str) -> str:
        found = self.get(action)
        return (found.label or action) if found is not None else action

    def offered(self, current, roles: frozenset[str]) -> list[Move]:
        """The moves a page offers this caller now: exactly those ``check`` would allow."""
        return [self[a] for a in self.allowed(current, roles)]

    def allowed(self, current, roles: frozenset[str]) -> list[str]:
        return [a for a, m in self.items() if current in m.sources and m.roles & roles]

    def reachable(self, start) -> set:
        seen, frontier = {start}, [start]
        while frontier:
            state = frontier.pop()
            for m in self.values():
                if state in m.sources and m.target is not None and m.target not in seen:
                    seen.add(m.target)
                    frontier.append(m.target)
        return seen
