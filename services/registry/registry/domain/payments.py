"""What a partner is owed, and where its money is: accepted proofs per month capped by the contract's quota and
value, the payment record's one transition table, and the payment report computed without a database."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from chassis.formats import rupiah
from chassis.transitions import Table, move
from registry.domain.permissions import APPROVER, PARTNER, VERIFIER  # noqa: F401 - re-exported


def monthly(
    accepted: dict[str, int], quota: int, rate: int, value: int, recorded: dict[str, tuple[int, int]] | None = None
) -> list[dict]:
    """``accepted``: month ("2027-02") -> accepted proofs. Billable proofs never exceed the quota in total, and the
    amount (billable x rate) never exceeds the contract value in total; months come in order.

    ``recorded``: month -> (billable, amount) of the months whose SPJ was submitted (see ``PaymentRecord``). Those
    keep what they were worth when recorded, whatever is accepted later for an earlier month: the open months share
    what the recorded ones left of the quota and the value, in order."""
    recorded = recorded or {}
    billed = sum(b for b, _a in recorded.values())
    paid = sum(a for _b, a in recorded.values())
    rows = []
    for month in sorted(set(accepted) | {m for m, r in recorded.items() if any(r)}):
        if month in recorded:
            billable, amount = recorded[month]
        else:
            billable = max(0, min(accepted[month], quota - billed))
            amount = max(0, min(billable * rate, value - paid))
            billed += billable
            paid += amount
        rows.append({"month": month, "accepted": accepted.get(month, 0), "billable": billable, "amount": amount})
    return rows


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Every month from ``first``'s to ``last``'s, both included (none when ``last`` is before ``first``)."""
    found, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


class PaymentStatus(enum.StrEnum):
    OPEN = "open"
    SPJ_SUBMITTED = "spj_submitted"
    CHECKED = "checked"
    PAID = "paid"
    HELD = "held"


STATUS_LABELS = {
    PaymentStatus.OPEN: "Menunggu SPJ",
    PaymentStatus.SPJ_SUBMITTED: "SPJ diajukan",
    PaymentStatus.CHECKED: "SPJ diperiksa, menunggu bayar",
    PaymentStatus.PAID: "Dibayar",
    PaymentStatus.HELD: "Ditahan",
}

PAYMENT_MOVES = Table(
    (
        # The partner submits its accountability documents (SPJ) for the month.
        move("submit", {PaymentStatus.OPEN}, PaymentStatus.SPJ_SUBMITTED, {PARTNER}, "Ajukan SPJ"),
        # The verifier checks them, or returns them with a note.
        move("check", {PaymentStatus.SPJ_SUBMITTED}, PaymentStatus.CHECKED, {VERIFIER}, "SPJ lengkap"),
        move("return", {PaymentStatus.SPJ_SUBMITTED}, PaymentStatus.OPEN, {VERIFIER}, "Kembalikan SPJ"),
        # The office pays what was checked, or holds it with a reason until it is released for a new check.
        move("pay", {PaymentStatus.CHECKED}, PaymentStatus.PAID, {VERIFIER, APPROVER}, "Catat pembayaran"),
        move(
            "hold",
            {PaymentStatus.SPJ_SUBMITTED, PaymentStatus.CHECKED},
            PaymentStatus.HELD,
            {VERIFIER, APPROVER},
            "Tahan pembayaran",
        ),
        move("release", {PaymentStatus.HELD}, PaymentStatus.SPJ_SUBMITTED, {VERIFIER, APPROVER}, "Lepas penahanan"),
    ),
    noun="Pembayaran bulan ini",
    state_labels=STATUS_LABELS,
)
# While open, the partner may still add or replace its SPJ documents, and proofs of the month may be accepted.
SPJ_EDITABLE = frozenset({PaymentStatus.OPEN})
# From the SPJ on, the month is recorded: its amount is fixed (``monthly``'s ``recorded``).
RECORDED = frozenset(PaymentStatus) - SPJ_EDITABLE


def takes_proofs(status: PaymentStatus) -> bool:
    """An accepted proof may still count for a month only while its payment is open (nothing recorded yet)."""
    return status not in RECORDED


def recorded_terms(records: Iterable[dict]) -> dict[int, dict[str, tuple[int, int]]]:
    """Contract id -> month -> (billable, amount) fixed when the month was recorded, from rows {"contract_id",
    "month", "status", "recorded_billable", "recorded_amount"}."""
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for r in records:
        if r["status"] in RECORDED and r.get("recorded_amount") is not None:
            found.setdefault(r["contract_id"], {})[r["month"]] = (r.get("recorded_billable") or 0, r["recorded_amount"])
    return found


# Moves that need a note (why it is returned or held).
NEEDS_NOTE = frozenset({"return", "hold"})


def payment_problem(amount: int, tax_withheld: int, due: int) -> tuple[str, str] | None:
    """(field, message) when a payment cannot be recorded: more than is due, or more tax than the amount."""
    if amount > due:
        return "amount", f"Melebihi jumlah yang harus dibayar ({rupiah(due)})."
    if tax_withheld > amount:
        return "tax_withheld", "Pajak yang dipotong melebihi jumlah yang dibayar."
    return None


def count_by_month(proofs: Iterable[dict]) -> dict[int, dict[str, int]]:
    """Accepted proofs per contract and month, from plain rows {"contract_id", "release_id", "published_on",
    "status"}: one release counts once per contract and month."""
    seen: dict[int, dict[str, set]] = {}
    for proof in proofs:
        if proof["status"] == "accepted":
            months = seen.setdefault(proof["contract_id"], {})
            months.setdefault(month_of(proof["published_on"]), set()).add(proof["release_id"])
    return {c: {m: len(r) for m, r in months.items()} for c, months in seen.items()}


def report(contracts: Iterable[dict], counts: dict[int, dict[str, int]], records: Iterable[dict], budget: int) -> dict:
    """The payment report of a period: per contract and month what is due (quota and value caps), paid and held.

    ``contracts``: {"id", "number", "outlet", "value", "quota", "rate", "status"}; ``counts``: contract id -> month
    -> accepted proofs; ``records``: {"contract_id", "month", "status", "paid_amount",
    "recorded_billable", "recorded_amount"}. Committed counts the value
    of every contract not ended; used the amounts due; paid what was recorded as paid."""
    records = list(records)
    by_month = {(r["contract_id"], r["month"]): r for r in records}
    fixed = recorded_terms(records)
    rows, committed, used, paid = [], 0, 0, 0
    for contract in sorted(contracts, key=lambda c: c["id"]):
        committed += contract["value"] if contract["status"] != "ended" else 0
        accepted = counts.get(contract["id"], {})
        terms = (contract["quota"], contract["rate"], contract["value"])
        for line in monthly(accepted, *terms, fixed.get(contract["id"])):
            record = by_month.get((contract["id"], line["month"])) or {}
            status = record.get("status") or PaymentStatus.OPEN
            line_paid = (record.get("paid_amount") or 0) if status == PaymentStatus.PAID else 0
            used += line["amount"]
            paid += line_paid
            rows.append(
                {
                    "contract_id": contract["id"],
                    "contract": contract["number"],
                    "outlet": contract["outlet"],
                    **line,
                    "status": str(status),
                    "paid": line_paid,
                    "held": line["amount"] if status == PaymentStatus.HELD else 0,
                }
            )
    return {"budget": budget, "committed": committed, "used": used, "paid": paid, "rows": rows}


def report_reference(contracts: list[dict], proofs: Iterable[dict], records: Iterable[dict], budget: int) -> dict:
    """The same report from every proof row, the slow obvious way (the grouped SQL version is checked against it)."""
    return report(contracts, count_by_month(proofs), records, budget)
