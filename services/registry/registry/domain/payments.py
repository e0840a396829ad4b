"""What a partner is owed: accepted proofs per month, capped by the contract's quota and value."""

from __future__ import annotations


def monthly(accepted: dict[str, int], quota: int, rate: int, value: int) -> list[dict]:
    """``accepted``: month ("2027-02") -> accepted proofs. Billable proofs never exceed the quota in total, and the
    amount (billable x rate) never exceeds the contract value in total; months come in order."""
    rows = []
    billed = paid = 0
    for month in sorted(accepted):
        billable = max(0, min(accepted[month], quota - billed))
        amount = max(0, min(billable * rate, value - paid))
        billed += billable
        paid += amount
        rows.append({"month": month, "accepted": accepted[month], "billable": billable, "amount": amount})
    return rows
