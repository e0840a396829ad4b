"""The transition table itself: who may move a request where (random walks against the rules: test_rules_property)."""

from __future__ import annotations

from ppid.domain import workflow
from ppid.domain.workflow import OFFICER, OPD_OFFICER, SUPERIOR, TRANSITIONS, Status


def test_every_state_is_reachable_and_final_states_have_no_way_out():
    assert workflow.TRANSITIONS.reachable(Status.RECEIVED) == set(Status)
    for final in (Status.DELIVERED, Status.CLOSED):
        assert [m.action for m in TRANSITIONS.values() if final in m.sources and m.target] == []


def test_roles_per_step_follow_the_office_practice():
    assert workflow.TRANSITIONS.check("dispose", Status.RECEIVED, frozenset({OFFICER})).target == Status.DISPOSED
    assert workflow.TRANSITIONS.allowed(Status.DISPOSED, frozenset({OPD_OFFICER})) == ["answer", "note"]
    assert "sign_notice" in workflow.TRANSITIONS.allowed(Status.NOTICE_DRAFTED, frozenset({SUPERIOR}))
    try:
        workflow.TRANSITIONS.check("dispose", Status.RECEIVED, frozenset({OPD_OFFICER}))
        raise AssertionError("an OPD officer must not dispose")
    except workflow.Forbidden:
        pass
