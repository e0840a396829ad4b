"""What the office owes and has paid: the list of payment records with each month's due and the totals, and the
payment report of a period, computed with grouped SQL. The read side of ``use_cases.payments``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chassis import pagination
from chassis.errors import NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import payments as rules
from registry.domain import permissions as can
from registry.domain.payments import PaymentStatus
from registry.models import Application, Contract, Outlet, PaymentRecord, Period
from registry.use_cases.common import field_error
from registry.use_cases.payments import _due, _record_view, accepted_counts, recorded_terms


def _contract_rows(session: Session, contract_ids) -> dict[int, tuple[Contract, Outlet]]:
    rows = session.execute(
        select(Contract, Outlet)
        .join(Application, Application.id == Contract.application_id)
        .join(Outlet, Outlet.id == Application.outlet_id)
        .where(Contract.id.in_(list(contract_ids)))
    ).all()
    return {c.id: (c, o) for c, o in rows}


@authorized(can.STAFF_WORK)
def owed(uow: UnitOfWork, ctx: Context, query: dict) -> dict:
    """The office's list: payment records (oldest month first), filtered by status and period, with what each is
    due; and totals over every matching record: due, paid, and unpaid (due of what is not paid yet)."""
    session, roles = uow.session, ctx.roles
    base = select(PaymentRecord)
    if query.get("status"):
        base = base.where(PaymentRecord.status == query["status"])
    if query.get("period_id"):
        base = base.join(Contract, Contract.id == PaymentRecord.contract_id).where(
            Contract.period_id == query["period_id"]
        )
    limit = query["limit"]
    statement = pagination.keyset(
        base.options(selectinload(PaymentRecord.documents)),
        [(PaymentRecord.month, False), (PaymentRecord.id, False)],
        query.get("after"),
        limit,
    )
    records, cursor = pagination.page(list(session.scalars(statement)), limit, lambda r: (r.month, r.id))
    # Totals over every matching record: each month's due needs its contract's earlier months (the caps).
    every = session.execute(
        base.with_only_columns(
            PaymentRecord.contract_id, PaymentRecord.month, PaymentRecord.status, PaymentRecord.paid_amount
        )
    ).all()
    contract_ids = {r.contract_id for r in every} | {r.contract_id for r in records}
    contracts = _contract_rows(session, contract_ids)
    counts = accepted_counts(session, contract_ids=contract_ids) if contract_ids else {}
    fixed = recorded_terms(session, contract_ids) if contract_ids else {}
    dues = {cid: _due(c, counts.get(cid, {}), fixed.get(cid)) for cid, (c, _o) in contracts.items()}
    due_total = paid_total = unpaid = 0
    for row in every:
        amount = (dues[row.contract_id].get(row.month) or {"amount": 0})["amount"]
        due_total += amount
        if row.status == PaymentStatus.PAID:
            paid_total += row.paid_amount or 0
        else:
            unpaid += amount
    items = []
    for record in records:
        contract, outlet = contracts[record.contract_id]
        view = _record_view(record, contract, record.month, dues[contract.id], roles)
        items.append({**view, "contract": contract.number, "outlet": outlet.name, "period_id": contract.period_id})
    totals = {"records": len(every), "amount_due": due_total, "paid": paid_total, "unpaid": unpaid}
    return {"items": items, "next": cursor, "totals": totals}


def payment_report(session: Session, period_id: int) -> dict:
    """Per contract and month of the period: accepted, billable, amount, paid, held; and the period's budget,
    committed, used and paid. Grouped SQL (three queries whatever the number of proofs)."""
    period = session.get(Period, period_id)
    if period is None:
        raise field_error(NotFound, "period_id", "Masa pendaftaran tidak ada.")
    contracts = [
        {
            "id": c.id,
            "number": c.number,
            "outlet": name,
            "value": c.value,
            "quota": c.quota,
            "rate": c.rate,
            "status": c.status,
        }
        for c, name in session.execute(
            select(Contract, Outlet.name)
            .join(Application, Application.id == Contract.application_id)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .where(Contract.period_id == period_id)
        )
    ]
    records = [
        {
            "contract_id": r.contract_id,
            "month": r.month,
            "status": r.status,
            "paid_amount": r.paid_amount,
            "recorded_billable": r.recorded_billable,
            "recorded_amount": r.recorded_amount,
        }
        for r in session.execute(
            select(
                PaymentRecord.contract_id,
                PaymentRecord.month,
                PaymentRecord.status,
                PaymentRecord.paid_amount,
                PaymentRecord.recorded_billable,
                PaymentRecord.recorded_amount,
            )
            .join(Contract, Contract.id == PaymentRecord.contract_id)
            .where(Contract.period_id == period_id)
        )
    ]
    figures = rules.report(contracts, accepted_counts(session, period_id=period_id), records, period.budget)
    return {"period_id": period_id, "period": period.title, **figures}
