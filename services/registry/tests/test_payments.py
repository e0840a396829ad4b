"""Payments without a database: the quota and the contract value cap what a partner is owed; the payment record's
transition table; the reference payment report."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from chassis.testing import walk_transitions
from registry.domain import payments as rules
from registry.domain.payments import APPROVER, PARTNER, PAYMENT_MOVES, VERIFIER, PaymentStatus, monthly


def test_billable_proofs_never_pass_the_quota_nor_the_amount_the_value():
    rows = monthly({"2027-03": 5, "2027-02": 10, "2027-04": 20}, quota=24, rate=1_000_000, value=20_000_000)
    assert rows == [
        {"month": "2027-02", "accepted": 10, "billable": 10, "amount": 10_000_000},
        {"month": "2027-03", "accepted": 5, "billable": 5, "amount": 5_000_000},
        {"month": "2027-04", "accepted": 20, "billable": 9, "amount": 5_000_000},
    ]
    assert monthly({}, quota=10, rate=1, value=10) == []
    assert monthly({"2027-01": 3}, quota=0, rate=5, value=100)[0]["billable"] == 0


ROLES = [frozenset({PARTNER}), frozenset({VERIFIER}), frozenset({APPROVER}), frozenset({"admin"})]
MONTHS = st.sampled_from([f"2027-{m:02d}" for m in range(1, 13)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(PAYMENT_MOVES)), st.sampled_from(range(len(ROLES)))), max_size=30))
def test_no_sequence_of_actions_escapes_the_payment_table(steps):
    walk_transitions(PAYMENT_MOVES, PaymentStatus.OPEN, [(action, ROLES[who]) for action, who in steps])


def test_paid_is_final_only_the_partner_submits_and_only_staff_pay():
    assert [a for a, m in PAYMENT_MOVES.items() if PaymentStatus.PAID in m.sources] == []
    assert rules.PAYMENT_MOVES.allowed(PaymentStatus.OPEN, frozenset({VERIFIER, APPROVER})) == []
    assert rules.PAYMENT_MOVES.allowed(PaymentStatus.OPEN, frozenset({PARTNER})) == ["submit"]
    assert rules.PAYMENT_MOVES.allowed(PaymentStatus.CHECKED, frozenset({PARTNER})) == []
    assert rules.PAYMENT_MOVES.allowed(PaymentStatus.CHECKED, frozenset({APPROVER})) == ["pay", "hold"]
    assert PAYMENT_MOVES.reachable(PaymentStatus.OPEN) == set(PaymentStatus)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(MONTHS, st.integers(0, 50), max_size=12),
    st.integers(0, 100),
    st.integers(0, 5_000_000),
    st.integers(0, 200_000_000),
)
def test_the_caps_hold_for_any_months(accepted, quota, rate, value):
    rows = monthly(accepted, quota, rate, value)
    assert [r["month"] for r in rows] == sorted(accepted)
    assert sum(r["billable"] for r in rows) <= quota
    assert sum(r["amount"] for r in rows) <= value
    for row in rows:
        assert 0 <= row["billable"] <= row["accepted"]
        assert 0 <= row["amount"] <= row["billable"] * rate
    if sum(accepted.values()) <= quota and sum(accepted.values()) * rate <= value:
        assert all(r["billable"] == r["accepted"] and r["amount"] == r["accepted"] * rate for r in rows)


def test_a_payment_is_never_more_than_due_nor_its_tax_more_than_the_payment():
    assert rules.payment_problem(1_000_000, 20_000, 1_000_000) is None
    assert rules.payment_problem(1_000_001, 0, 1_000_000)[0] == "amount"
    assert rules.payment_problem(500_000, 500_001, 1_000_000)[0] == "tax_withheld"


def test_months_between_crosses_the_year_and_is_empty_backwards():
    assert rules.months_between(dt.date(2026, 11, 15), dt.date(2027, 2, 1)) == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]
    assert rules.months_between(dt.date(2027, 2, 1), dt.date(2027, 1, 31)) == []


def test_the_reference_report_counts_only_accepted_proofs_and_marks_paid_and_held():
    contracts = [
        {"id": 1, "number": "K-1", "outlet": "A", "value": 5, "quota": 10, "rate": 2, "status": "active"},
        {"id": 2, "number": "K-2", "outlet": "B", "value": 7, "quota": 1, "rate": 3, "status": "ended"},
    ]
    proofs = [
        {"contract_id": 1, "release_id": d, "published_on": dt.date(2027, 1, d), "status": s}
        for d, s in ((1, "accepted"), (2, "accepted"), (3, "rejected"), (4, "pending"))
    ]
    proofs += [
        {"contract_id": 1, "release_id": 5, "published_on": dt.date(2027, 2, 1), "status": "accepted"},
        {"contract_id": 2, "release_id": 1, "published_on": dt.date(2027, 1, 9), "status": "accepted"},
    ]
    records = [
        {"contract_id": 1, "month": "2027-01", "status": "paid", "paid_amount": 4},
        {"contract_id": 2, "month": "2027-01", "status": "held", "paid_amount": None},
    ]
    report = rules.report_reference(contracts, proofs, records, budget=100)
    assert [
        (r["contract"], r["month"], r["accepted"], r["billable"], r["amount"], r["paid"], r["held"])
        for r in report["rows"]
    ] == [("K-1", "2027-01", 2, 2, 4, 4, 0), ("K-1", "2027-02", 1, 1, 1, 0, 0), ("K-2", "2027-01", 1, 1, 3, 0, 3)]
    assert (report["budget"], report["committed"], report["used"], report["paid"]) == (100, 5, 8, 4)
