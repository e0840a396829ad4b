"""The registry's rules without a database: the application table, the window's edges, verification rules."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chassis.testing import walk_transitions
from registry.domain import applications as rules
from registry.domain.applications import APPROVER, PARTNER, TRANSITIONS, VERIFIER, DocumentStatus, Status

ROLES = [frozenset({PARTNER}), frozenset({VERIFIER}), frozenset({APPROVER}), frozenset({"admin"})]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(TRANSITIONS)), st.sampled_from(range(len(ROLES)))), max_size=30))
def test_no_sequence_of_actions_escapes_the_table(steps):
    walk_transitions(TRANSITIONS, Status.DRAFT, [(action, ROLES[who]) for action, who in steps])


def test_approved_is_final_rejected_only_appealed_and_only_partners_submit():
    assert [a for a, m in TRANSITIONS.items() if Status.APPROVED in m.sources] == []
    assert [a for a, m in TRANSITIONS.items() if Status.REJECTED in m.sources] == ["appeal"]
    assert rules.TRANSITIONS.allowed(Status.REJECTED, frozenset({PARTNER})) == ["appeal"]
    assert rules.TRANSITIONS.allowed(Status.REJECTED, frozenset({VERIFIER, APPROVER})) == []
    assert rules.TRANSITIONS.allowed(Status.APPEALED, frozenset({APPROVER})) == ["grant_appeal", "dismiss_appeal"]
    assert rules.TRANSITIONS.allowed(Status.APPEALED, frozenset({PARTNER, VERIFIER})) == []
    assert TRANSITIONS["grant_appeal"].target == Status.SUBMITTED, "granted: back to the verifier"
    assert Status.APPEALED in rules.EDITABLE, "new documents may come with an appeal"
    assert rules.TRANSITIONS.allowed(Status.DRAFT, frozenset({VERIFIER})) == []
    assert rules.TRANSITIONS.allowed(Status.SUBMITTED, frozenset({VERIFIER})) == ["revise", "verify", "reject"]


def test_the_window_edges_in_the_office_time_zone():
    wita = ZoneInfo("Asia/Makassar")
    opens = dt.datetime(2027, 1, 4, 8, 0, tzinfo=wita)
    closes = dt.datetime(2027, 1, 29, 16, 0, tzinfo=wita)
    assert rules.window_problem(opens, closes, opens - dt.timedelta(seconds=1)) == "opens"
    assert rules.window_problem(opens, closes, opens) is None
    assert rules.window_problem(opens, closes, closes - dt.timedelta(seconds=1)) is None
    assert rules.window_problem(opens, closes, closes) == "closed"
    # 16:00 WITA is 08:00 UTC: a partner in Jakarta (WIB) at 15:30 is already too late.
    assert (
        rules.window_problem(opens, closes, dt.datetime(2027, 1, 29, 15, 30, tzinfo=ZoneInfo("Asia/Jakarta")))
        == "closed"
    )


def test_every_requirement_rule():
    reqs = [
        rules.Requirement("akta", "Akta", True),
        rules.Requirement("ukw", "UKW", True),
        rules.Requirement("foto", "Foto", False),
    ]
    today = dt.date(2027, 1, 10)
    docs = {
        "akta": rules.Uploaded("akta", DocumentStatus.REJECTED, None, "buram"),
        "ukw": rules.Uploaded("ukw", DocumentStatus.ACCEPTED, dt.date(2027, 1, 9)),
    }
    assert [(f["rule"], f["document"]) for f in rules.failing_rules(reqs, docs, today)] == [
        ("rejected", "akta"),
        ("expired", "ukw"),
    ]
    assert [f["rule"] for f in rules.failing_rules(reqs, {}, today)] == ["missing", "missing"], "optional not missing"
    fine = {c: rules.Uploaded(c, DocumentStatus.ACCEPTED, None) for c in ("akta", "ukw")}
    assert rules.failing_rules(reqs, fine, today) == []
    assert [f["rule"] for f in rules.outlet_rules(True, True, "administrative", ["madya"])] == [
        "dewan_pers",
        "ukw_utama",
    ]
    assert rules.outlet_rules(True, True, "factual", ["utama"]) == []


def test_an_appeal_is_once_and_within_the_periods_days():
    rejected = dt.date(2027, 3, 1)
    assert rules.appeal_deadline(rejected, 14) == dt.date(2027, 3, 15)
    assert rules.appeal_problem(rejected, 14, dt.date(2027, 3, 15), 0) is None, "the last day still counts"
    assert "lewat" in rules.appeal_problem(rejected, 14, dt.date(2027, 3, 16), 0)
    assert "sekali" in rules.appeal_problem(rejected, 14, dt.date(2027, 3, 2), 1)
    assert "tidak membuka" in rules.appeal_problem(rejected, 0, rejected, 0)


@given(
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=90),
    st.integers(min_value=0, max_value=2),
)
def test_an_appeal_is_allowed_exactly_once_up_to_the_last_day(rejected_on, appeal_days, days_after, filed):
    problem = rules.appeal_problem(rejected_on, appeal_days, rejected_on + dt.timedelta(days=days_after), filed)
    assert (problem is None) == (filed == 0 and appeal_days > 0 and days_after <= appeal_days)
