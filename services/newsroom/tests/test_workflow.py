"""The newsroom's transition table: who may move an item where, and that nothing escapes it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.domain import workflow
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, SYSTEM, TRANSITIONS, Status

CALLERS = [
    (frozenset({EDITOR}), None),
    (frozenset({CONTRIBUTOR}), "dinkes"),
    (frozenset({CONTRIBUTOR}), "dishub"),
    (frozenset({SYSTEM}), None),
    (frozenset({"registry:verifier"}), None),
]


def test_every_state_is_reachable_and_a_withdrawn_item_stays_withdrawn():
    assert TRANSITIONS.reachable(Status.DRAFT) == set(Status)
    assert [a for a, m in TRANSITIONS.items() if Status.WITHDRAWN in m.sources] == []
    assert "release" not in workflow.allowed_actions(Status.SCHEDULED), "only the worker releases"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(range(len(CALLERS)))), max_size=40))
def test_no_sequence_of_actions_reaches_a_state_the_table_does_not_allow(steps):
    state = Status.DRAFT
    for action, caller in steps:
        roles, opd = CALLERS[caller]
        move = TRANSITIONS[action]
        try:
            made = workflow.check(action, state, roles, opd, "dinkes")
        except workflow.Forbidden:
            assert not (move.roles & roles) or (roles == {CONTRIBUTOR} and opd != "dinkes")
            continue
        except workflow.InvalidTransition:
            assert state not in move.sources
            continue
        assert state in made.sources and made.roles & roles
        assert not (roles == {CONTRIBUTOR} and opd != "dinkes"), "a contributor never moves another OPD's item"
        assert action not in {"publish", "approve", "return", "correct", "withdraw"} or EDITOR in roles
        state = made.target
