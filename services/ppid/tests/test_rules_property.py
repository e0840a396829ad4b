"""PPID's own rules, stated here from UU 14/2008, Perki 1/2021 and the offices' procedure (DOMAIN.md), not read
from the tables: random walks and random callers must never find the tables, or the use cases' scoping, disagree.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chassis.auth import Principal
from chassis.errors import Forbidden
from chassis.testing import walk_transitions
from ppid.context import Context
from ppid.domain import objections
from ppid.domain.calendar import WorkingCalendar
from ppid.domain.workflow import TRANSITIONS, Status
from ppid.models import Disposition, Request
from ppid.settings import PpidSettings
from ppid.use_cases.reports import report_scope
from ppid.use_cases.requests import visible_to

OFFICER, SUPERIOR, OPD = "ppid:officer", "ppid:superior", "ppid:opd_officer"
REQUESTER, WORKER, STRANGER = "requester", "system", "newsroom:editor"
ROLES = [OFFICER, SUPERIOR, OPD, REQUESTER, WORKER, STRANGER]
CLOCK_RUNS = {Status.RECEIVED, Status.DISPOSED, Status.EXAMINING, Status.NOTICE_DRAFTED}
FINISHED = {Status.DELIVERED, Status.CLOSED}
OPDS = ["dinkes", "dishub", "disdik", "bappeda"]


def may(action: str, state: Status, roles: frozenset[str]) -> bool:
    """Who may take which step, from where, as the offices work (the desk officer checks completeness, the PPID
    routes to the OPD holding the information, the OPD's liaison answers, the PPID examines and drafts, the PPID or
    its superior signs, the PPID hands over; the requester only completes what was returned)."""
    officer, superior, opd = OFFICER in roles, SUPERIOR in roles, OPD in roles
    if state in FINISHED:
        return False  # a delivered or closed request is over: no step, not even a note
    if action == "mark_incomplete":
        return officer and state == Status.RECEIVED
    if action == "complete":
        return REQUESTER in roles and state == Status.INCOMPLETE
    if action == "close_incomplete":
        return (officer or WORKER in roles) and state == Status.INCOMPLETE
    if action == "dispose":
        return officer and state in (Status.RECEIVED, Status.EXAMINING)
    if action == "answer":
        return opd and state == Status.DISPOSED
    if action == "collect":
        return (officer or WORKER in roles) and state == Status.DISPOSED
    if action == "examine":
        return officer and state == Status.RECEIVED
    if action == "extend":
        return officer and state in CLOCK_RUNS  # once, with reasons, while the 10 days run
    if action == "draft_notice":
        return officer and state == Status.EXAMINING
    if action in ("return_notice", "sign_notice"):
        return (officer or superior) and state == Status.NOTICE_DRAFTED
    if action == "deliver":
        return officer and state == Status.DECIDED
    if action == "mark_duplicate":  # a request asked before is answered once: closed while still open
        return officer and state != Status.DECIDED
    if action == "note":
        return officer or superior or opd
    raise AssertionError(f"a step the rules do not know: {action}")


callers = st.frozensets(st.sampled_from(ROLES), min_size=1, max_size=2)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TRANSITIONS)), callers), max_size=40))
def test_every_step_of_a_request_agrees_with_the_offices_rules(steps):
    walk_transitions(TRANSITIONS, Status.RECEIVED, steps, allowed=may)


@given(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(list(Status)), callers)
def test_the_requester_only_completes_and_a_stranger_does_nothing(action, state, roles):
    allowed = TRANSITIONS.allowed(state, roles)
    if roles <= {REQUESTER}:
        assert set(allowed) <= {"complete"}
    if roles == {STRANGER}:
        assert allowed == []


def decide(state, roles) -> bool:
    """Pasal 36 ayat 2: the superior answers an objection, once."""
    return SUPERIOR in roles and state == objections.Status.FILED


@given(st.lists(st.tuples(st.just("decide"), callers), max_size=6))
def test_only_the_superior_answers_an_objection_and_only_once(steps):
    walk_transitions(
        objections.OBJECTIONS, objections.Status.FILED, steps, allowed=lambda a, state, roles: decide(state, roles)
    )


MEDIATION = {"mediation_reached", "mediation_failed"}
ADJUDICATION = {"granted", "partly_granted", "refused"}


def dispute_step(action: str, stage, roles) -> bool:
    """Perki 1/2013: the office records the requester's dispute once; the Komisi mediates first (or adjudicates at
    once); a failed mediation goes on to adjudication; an agreement or a decision ends it."""
    if not roles & {OFFICER, SUPERIOR}:
        return False
    if action == "dispute":
        return stage == objections.DisputeStage.NONE
    if action in MEDIATION:
        return stage == objections.DisputeStage.PENDING
    return stage in (objections.DisputeStage.PENDING, objections.DisputeOutcome.MEDIATION_FAILED)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(objections.DISPUTES)), callers), max_size=12))
def test_a_dispute_goes_from_mediation_to_adjudication_and_never_back(steps):
    walk_transitions(objections.DISPUTES, objections.DisputeStage.NONE, steps, allowed=dispute_step)


def principals():
    return st.builds(
        Principal,
        username=st.just("seseorang"),
        roles=st.frozensets(st.sampled_from([OFFICER, SUPERIOR, OPD, STRANGER]), max_size=2),
        opd=st.sampled_from([None, *OPDS]),
    )


@given(principals(), st.lists(st.sampled_from(OPDS), unique=True, max_size=3))
def test_an_opd_officer_never_sees_another_opds_request(who, disposed_to):
    request = Request(dispositions=[Disposition(opd=opd) for opd in disposed_to])
    whole_office = bool(who.roles & {OFFICER, SUPERIOR})
    own = OPD in who.roles and who.opd is not None and who.opd in disposed_to
    assert visible_to(request, who) == (whole_office or own)


CONTEXT = Context.of(WorkingCalendar(), PpidSettings())


@given(principals(), st.sampled_from([None, "ppid", *OPDS]))
def test_an_opd_officer_reads_no_other_opds_report(who, asked):
    ctx = CONTEXT.with_principal(who)
    if who.roles & {OFFICER, SUPERIOR}:
        assert report_scope(ctx, asked) == asked
        return
    if asked is not None and asked != who.opd:
        with pytest.raises(Forbidden):
            report_scope(ctx, asked)
    else:
        assert report_scope(ctx, asked) == who.opd
