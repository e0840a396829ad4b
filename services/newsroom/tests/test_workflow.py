"""The newsroom's workflow rules, stated here again from DOMAIN.md and checked against the domain table.

``EXPECTED`` is written from the domain's own words, not read from ``TRANSITIONS``: a wrong role, source or
target in a row of the table fails here. The Hypothesis walk then asserts what must never happen, whatever the
order of moves and callers.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chassis.auth import Principal
from chassis.errors import Forbidden
from chassis.transitions import InvalidTransition
from newsroom.domain import workflow
from newsroom.domain.permissions import CONTRIBUTOR, EDITOR, SCHEDULER, SYSTEM
from newsroom.domain.states import PUBLIC, Status
from newsroom.domain.workflow import TRANSITIONS

S = Status
# "Contributors write for their OPD; editors edit and approve; publication is by an editor", and the worker
# publishes what an editor scheduled: (action) -> (who, from which states, to which state).
EXPECTED = {
    "submit": ({CONTRIBUTOR, EDITOR}, {S.DRAFT}, S.SUBMITTED),
    "return": ({EDITOR}, {S.SUBMITTED, S.APPROVED, S.SCHEDULED}, S.DRAFT),
    "approve": ({EDITOR}, {S.SUBMITTED}, S.APPROVED),
    "publish": ({EDITOR}, {S.DRAFT, S.SUBMITTED, S.APPROVED, S.SCHEDULED}, S.PUBLISHED),
    "schedule": ({EDITOR}, {S.DRAFT, S.SUBMITTED, S.APPROVED, S.SCHEDULED}, S.SCHEDULED),
    "release": ({SYSTEM}, {S.SCHEDULED}, S.PUBLISHED),
    "correct": ({EDITOR}, {S.PUBLISHED, S.CORRECTED}, S.CORRECTED),
    "withdraw": ({EDITOR}, {S.PUBLISHED, S.CORRECTED, S.SCHEDULED}, S.WITHDRAWN),
}

EDITOR_ANY = Principal("redaktur", frozenset({EDITOR}))
HUMAS_DINKES = Principal("humas.dinkes", frozenset({CONTRIBUTOR}), opd="dinkes")
HUMAS_DISHUB = Principal("humas.dishub", frozenset({CONTRIBUTOR}), opd="dishub")
STRANGER = Principal("verifikator", frozenset({"registry:verifier"}))
CALLERS = [EDITOR_ANY, HUMAS_DINKES, HUMAS_DISHUB, SCHEDULER, STRANGER]
ITEM_OPD = "dinkes"


def may(action: str, state: Status, who: Principal) -> bool:
    """The rule in words: the row's roles and states, and a contributor only on their own OPD's items."""
    roles, sources, _ = EXPECTED[action]
    if not roles & who.roles or state not in sources:
        return False
    return EDITOR in who.roles or SYSTEM in who.roles or who.opd == ITEM_OPD


def test_the_table_says_what_the_domain_says():
    assert {a: (set(m.roles), set(m.sources), m.target) for a, m in TRANSITIONS.items()} == EXPECTED
    assert all(m.label for m in TRANSITIONS.values()), "every move has the words a page shows"


@pytest.mark.parametrize("state, who", list(itertools.product(Status, CALLERS)))
def test_a_page_offers_exactly_what_check_allows_and_the_rule_says(state, who):
    offered = workflow.allowed_actions(state, who, ITEM_OPD)
    assert offered == [a for a in TRANSITIONS if may(a, state, who)]
    for action in TRANSITIONS:
        if action in offered:
            assert workflow.check(action, state, who, ITEM_OPD).target == EXPECTED[action][2]
        else:
            with pytest.raises((Forbidden, InvalidTransition)):
                workflow.check(action, state, who, ITEM_OPD)


def test_only_the_worker_releases_and_the_staff_actions_leave_it_out():
    assert workflow.allowed_actions(S.SCHEDULED, SCHEDULER, ITEM_OPD) == ["release"]
    assert "release" not in workflow.allowed_actions(S.SCHEDULED, EDITOR_ANY, ITEM_OPD)
    assert set(workflow.STAFF_ACTIONS) == set(EXPECTED) - {"release"}
    assert workflow.allowed_actions(S.PUBLISHED, None, ITEM_OPD) == [], "the public is offered nothing"


def test_a_refusal_names_the_state_in_words_and_what_the_caller_may_do():
    with pytest.raises(InvalidTransition) as refused:
        workflow.check("approve", S.DRAFT, EDITOR_ANY, ITEM_OPD)
    assert str(refused.value) == "Naskah berstatus draft (Draf); tindakan approve tidak dapat dilakukan."
    assert refused.value.extra == {"current_state": "draft", "allowed_actions": ["submit", "publish", "schedule"]}
    with pytest.raises(Forbidden) as other_opd:
        workflow.check("submit", S.DRAFT, HUMAS_DISHUB, ITEM_OPD)
    assert str(other_opd.value) == "Hanya untuk naskah OPD Anda sendiri."


@pytest.mark.parametrize("state", list(Status))
def test_who_may_edit_follows_the_domain(state):
    assert workflow.may_edit(EDITOR_ANY, state, ITEM_OPD) == (state != S.WITHDRAWN)
    assert workflow.may_edit(HUMAS_DINKES, state, ITEM_OPD) == (state == S.DRAFT)
    assert not workflow.may_edit(HUMAS_DISHUB, state, ITEM_OPD), "another OPD's item is never a contributor's"
    assert not workflow.may_edit(None, state, ITEM_OPD) and not workflow.may_edit(STRANGER, state, ITEM_OPD)
    assert workflow.may_read(None, state, ITEM_OPD) == (state in {S.PUBLISHED, S.CORRECTED})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(range(len(CALLERS)))), max_size=40))
def test_what_must_never_happen_whatever_the_order_of_moves(steps):
    state = Status.DRAFT
    was_withdrawn = False
    for action, caller in steps:
        who = CALLERS[caller]
        try:
            made = workflow.check(action, state, who, ITEM_OPD)
        except (Forbidden, InvalidTransition):
            assert not may(action, state, who)
            continue
        assert may(action, state, who)
        assert not was_withdrawn, "a withdrawn item never moves again, so never comes back public"
        if who.roles == {CONTRIBUTOR}:
            assert made.target == S.SUBMITTED, "a contributor only submits: never approves, schedules or publishes"
            assert who.opd == ITEM_OPD, "a contributor never moves another OPD's item"
        if made.target in PUBLIC:
            assert EDITOR in who.roles or (action == "release" and who == SCHEDULER), "publication is by an editor"
        state = made.target
        was_withdrawn = state == S.WITHDRAWN
