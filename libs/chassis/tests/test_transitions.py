"""The transition table and its property-test harness: the harness passes a table that alone decides, and fails
one whose check lets a move through that the table forbids."""

from __future__ import annotations

from enum import StrEnum

import pytest

from chassis.testing import walk_transitions
from chassis.transitions import Table, move


class State(StrEnum):
    OPEN = "open"
    DONE = "done"


MOVES = [move("finish", {State.OPEN}, State.DONE, {"clerk"}), move("note", {State.OPEN, State.DONE}, None, {"clerk"})]
CLERK, GUEST = frozenset({"clerk"}), frozenset({"guest"})


def test_a_table_that_decides_alone_passes_and_stay_moves_keep_the_state():
    steps = [("finish", GUEST), ("note", CLERK), ("finish", CLERK), ("finish", CLERK), ("note", CLERK)]
    assert walk_transitions(Table(MOVES), State.OPEN, steps) == State.DONE


class Lenient(Table):
    """A check that forgets the roles."""

    def check(self, action, current, roles):
        return super().check(action, current, roles | {"clerk"})


def test_a_check_that_lets_a_forbidden_role_through_is_caught():
    with pytest.raises(AssertionError):
        walk_transitions(Lenient(MOVES), State.OPEN, [("finish", GUEST)])
