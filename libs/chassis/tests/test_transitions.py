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


def the_office_rule(action, state, roles):
    """The service's own statement: only a clerk finishes, only an open file; a note is a clerk's at any time."""
    return "clerk" in roles and (action == "note" or state == State.OPEN)


STEPS = [("finish", GUEST), ("note", CLERK), ("finish", CLERK), ("finish", CLERK), ("note", GUEST)]


def test_a_table_agreeing_with_the_services_own_rule_passes():
    assert walk_transitions(Table(MOVES), State.OPEN, STEPS, allowed=the_office_rule) == State.DONE


def test_a_wrong_role_in_a_services_table_passes_alone_but_not_against_its_own_rule():
    wrong = [move("finish", {State.OPEN}, State.DONE, {"guest"}), MOVES[1]]  # the guest may finish
    assert walk_transitions(Table(wrong), State.OPEN, STEPS) == State.DONE, "the table agrees with itself"
    with pytest.raises(AssertionError, match="the table allows"):
        walk_transitions(Table(wrong), State.OPEN, STEPS, allowed=the_office_rule)


def test_a_move_the_rule_allows_but_the_table_refuses_is_caught():
    narrow = [move("finish", {State.OPEN}, State.DONE, {"clerk"}), move("note", {State.OPEN}, None, {"clerk"})]
    with pytest.raises(AssertionError, match="the table refuses"):
        walk_transitions(Table(narrow), State.OPEN, [("finish", CLERK), ("note", CLERK)], allowed=the_office_rule)
