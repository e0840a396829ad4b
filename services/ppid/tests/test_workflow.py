"""The transition table itself: who may move a request where, and that nothing escapes it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chassis.testing import walk_transitions
from ppid.domain import workflow
from ppid.domain.workflow import OFFICER, OPD_OFFICER, SUPERIOR, TRANSITIONS, Status

ALL_ROLES = [OFFICER, OPD_OFFICER, SUPERIOR, workflow.REQUESTER, workflow.SYSTEM, "newsroom:editor"]


def test_every_state_is_reachable_and_final_states_have_no_way_out():
    assert workflow.reachable() == set(Status)
    for final in (Status.DELIVERED, Status.CLOSED):
        assert [m.action for m in TRANSITIONS.values() if final in m.sources and m.target] == []


def test_roles_per_step_follow_the_office_practice():
    assert workflow.check("dispose", Status.RECEIVED, frozenset({OFFICER})).target == Status.DISPOSED
    assert workflow.allowed_actions(Status.DISPOSED, frozenset({OPD_OFFICER})) == ["answer", "note"]
    assert "sign_notice" in workflow.allowed_actions(Status.NOTICE_DRAFTED, frozenset({SUPERIOR}))
    try:
        workflow.check("dispose", Status.RECEIVED, frozenset({OPD_OFFICER}))
        raise AssertionError("an OPD officer must not dispose")
    except workflow.Forbidden:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(ALL_ROLES)), max_size=40))
def test_no_sequence_of_actions_reaches_a_state_the_table_does_not_allow(steps):
    walk_transitions(TRANSITIONS, Status.RECEIVED, [(action, frozenset({role})) for action, role in steps])
