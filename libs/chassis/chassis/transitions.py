"""A transition table: the one place a service says who may move a record from which states to which.

Services declare their ``Move`` rows (action, source states, target state or None to stay, roles) and ask
``Table.check`` before a move; nothing else decides. Plumbing only: the states and roles are the service's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from enum import StrEnum


@dataclasses.dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset
    target: StrEnum | None
    roles: frozenset[str]
    label: str = ""


def move(action: str, sources: Iterable, target, roles: Iterable[str], label: str = "") -> Move:
    return Move(action, frozenset(sources), target, frozenset(roles), label)


class Forbidden(Exception):
    """The caller's roles do not allow this move."""


class InvalidTransition(Exception):
    """The record's current state does not allow this move."""

    def __init__(self, action: str, current):
        super().__init__(action, current)
        self.action = action
        self.current = current


class Table(dict):
    """``action -> Move``, with the checks every service needs."""

    def __init__(self, moves: Iterable[Move]):
        super().__init__((m.action, m) for m in moves)

    def check(self, action: str, current, roles: frozenset[str]) -> Move:
        found = self.get(action)
        if found is None:
            raise InvalidTransition(action, current)
        if not found.roles & roles:
            raise Forbidden(f"Memerlukan salah satu peran: {', '.join(sorted(found.roles))}.")
        if current not in found.sources:
            raise InvalidTransition(action, current)
        return found

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
