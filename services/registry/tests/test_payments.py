"""Payments: the quota and the contract value cap what a partner is owed; months come in order."""

from registry.domain.payments import monthly


def test_billable_proofs_never_pass_the_quota_nor_the_amount_the_value():
    rows = monthly({"2027-03": 5, "2027-02": 10, "2027-04": 20}, quota=24, rate=1_000_000, value=20_000_000)
    assert rows == [
        {"month": "2027-02", "accepted": 10, "billable": 10, "amount": 10_000_000},
        {"month": "2027-03", "accepted": 5, "billable": 5, "amount": 5_000_000},
        {"month": "2027-04", "accepted": 20, "billable": 9, "amount": 5_000_000},
    ]
    assert monthly({}, quota=10, rate=1, value=10) == []
    assert monthly({"2027-01": 3}, quota=0, rate=5, value=100)[0]["billable"] == 0
