"""Read side of the registry's long lists: applications, proofs, contracts and decrees, one keyset page at a time.

A read model, not a use case module: each list still takes ``(uow, ctx, filters)`` and carries its permission, so
the API and the console ask the same function. Staff (verifier, approver) see every row and may filter; a media
partner sees only its own outlet's rows.
Each list has one stable order whose columns an index covers (see the models' ``__table_args__``), so a page
deep in 100k rows costs what the first page costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from chassis import pagination
from chassis.auth import Principal
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import permissions as can
from registry.domain.applications import STATUS_LABELS
from registry.models import Application, Contract, Decree, Outlet, Period, Proof, Release
from registry.use_cases import membership

LABELS = {str(status): label for status, label in STATUS_LABELS.items()}


def _keyset(
    query: Select, order: Sequence[tuple[InstrumentedAttribute, bool]], after: str | None, limit: int
) -> Select:
    """``chassis.pagination.keyset`` plus a bound on the leading sort column that the database can seek to.

    The keyset condition is an OR over the sort columns, which an index cannot seek by; the redundant
    ``first >= v`` (or ``<=``) can, so a deep page starts where the cursor points instead of scanning to it.
    """
    if after:
        first, descending = order[0]
        value = pagination.decode_cursor(after, len(order))[0]
        query = query.where(first <= value if descending else first >= value)
    return pagination.keyset(query, order, after, limit)


def _like(text: str) -> str:
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _own(query: Select, who: Principal) -> Select:
    """Limit a query that joins Outlet to the partner's own outlet (staff see all)."""
    return query if can.sees_every_outlet(who) else query.where(membership.managed_by(who.username))


@authorized(can.READ_PARTNERSHIP)
def applications(uow: UnitOfWork, ctx: Context, filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """The verifier's queue: submitted applications in order of submission (first come, first served).

    Staff never see drafts (an outlet's own work until it submits); a partner sees its own, drafts included,
    in the order it created them.
    """
    session, who = uow.session, ctx.principal
    limit = filters["limit"]
    query = select(Application, Outlet.name).join(Outlet, Outlet.id == Application.outlet_id)
    if can.sees_every_outlet(who):
        order = [(Application.submitted_at, False), (Application.id, False)]
        query = query.where(Application.submitted_at.is_not(None))
        key = lambda row: (row[0].submitted_at, row[0].id)  # noqa: E731
    else:
        order = [(Application.created_at, False), (Application.id, False)]
        key = lambda row: (row[0].created_at, row[0].id)  # noqa: E731
    query = _own(query, who)
    if filters.get("period_id") is not None:
        query = query.where(Application.period_id == filters["period_id"])
    if filters.get("status"):
        query = query.where(Application.status == filters["status"])
    if (filters.get("q") or "").strip():
        query = query.where(Outlet.name.ilike(_like(filters["q"]), escape="\\"))
    rows, cursor = pagination.page(
        list(session.execute(_keyset(query, order, filters.get("after"), limit))), limit, key
    )
    items = [
        {
            "id": a.id,
            "period_id": a.period_id,
            "outlet_id": a.outlet_id,
            "outlet": brand,
            "tier": a.tier,
            "status": a.status,
            "status_label": LABELS.get(a.status, a.status),
            "created_at": a.created_at,
            "submitted_at": a.submitted_at,
            "decided_at": a.decided_at,
        }
        for a, brand in rows
    ]
    return items, cursor


@authorized(can.READ_PARTNERSHIP)
def proofs(uow: UnitOfWork, ctx: Context, filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """Publication proofs, oldest first (the verifier's queue); a partner sees its own outlet's."""
    session, who = uow.session, ctx.principal
    limit = filters["limit"]
    query = (
        select(Proof, Contract.number, Contract.period_id, Release.title, Outlet.name)
        .join(Contract, Contract.id == Proof.contract_id)
        .join(Release, Release.article_id == Proof.release_id)
        .join(Application, Application.id == Contract.application_id)
        .join(Outlet, Outlet.id == Application.outlet_id)
    )
    query = _own(query, who)
    if filters.get("contract_id") is not None:
        query = query.where(Proof.contract_id == filters["contract_id"])
    if filters.get("status"):
        query = query.where(Proof.status == filters["status"])
    if filters.get("period_id") is not None:
        query = query.where(Contract.period_id == filters["period_id"])
    order = [(Proof.created_at, False), (Proof.id, False)]
    statement = _keyset(query, order, filters.get("after"), limit)
    rows, cursor = pagination.page(list(session.execute(statement)), limit, lambda r: (r[0].created_at, r[0].id))
    items = [
        {
            "id": p.id,
            "contract_id": p.contract_id,
            "contract": number,
            "period_id": period_id,
            "release_id": p.release_id,
            "release": title,
            "outlet": brand,
            "url": p.url,
            "published_on": p.published_on,
            "status": p.status,
            "note": p.note,
            "created_at": p.created_at,
            "reviewed_at": p.reviewed_at,
            "screenshot": bool(p.file_sha256),
            "release_notice": p.release_notice,
        }
        for p, number, period_id, title, brand in rows
    ]
    return items, cursor


@authorized(can.READ_PARTNERSHIP)
def contracts(uow: UnitOfWork, ctx: Context, filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """Contracts, newest first; a partner sees its own outlet's."""
    session, who = uow.session, ctx.principal
    limit = filters["limit"]
    query = (
        select(Contract, Outlet.id, Outlet.name)
        .join(Application, Application.id == Contract.application_id)
        .join(Outlet, Outlet.id == Application.outlet_id)
    )
    query = _own(query, who)
    if filters.get("period_id") is not None:
        query = query.where(Contract.period_id == filters["period_id"])
    if filters.get("status"):
        query = query.where(Contract.status == filters["status"])
    statement = _keyset(query, [(Contract.created_at, True), (Contract.id, True)], filters.get("after"), limit)
    rows, cursor = pagination.page(list(session.execute(statement)), limit, lambda r: (r[0].created_at, r[0].id))
    items = [
        {
            "id": c.id,
            "application_id": c.application_id,
            "period_id": c.period_id,
            "outlet_id": outlet_id,
            "outlet": brand,
            "number": c.number,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "value": c.value,
            "quota": c.quota,
            "rate": c.rate,
            "status": c.status,
            "suspension_reason": c.suspension_reason,
        }
        for c, outlet_id, brand in rows
    ]
    return items, cursor


@authorized(can.STAFF_WORK)
def decrees(uow: UnitOfWork, ctx: Context, filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """Decrees (SK), newest first, with their period's title (staff only)."""
    session = uow.session
    limit = filters["limit"]
    query = select(Decree, Period.title).join(Period, Period.id == Decree.period_id)
    if filters.get("period_id") is not None:
        query = query.where(Decree.period_id == filters["period_id"])
    statement = _keyset(query, [(Decree.created_at, True), (Decree.id, True)], filters.get("after"), limit)
    rows, cursor = pagination.page(list(session.execute(statement)), limit, lambda r: (r[0].created_at, r[0].id))
    items = [
        {
            "id": d.id,
            "period_id": d.period_id,
            "period": title,
            "number": d.number,
            "signed_on": d.signed_on,
            "signer": d.signer,
            "applications": len(d.application_ids),
            "application_ids": d.application_ids,
        }
        for d, title in rows
    ]
    return items, cursor


def active_partners(session: Session, day) -> list[Outlet]:
    """Outlets with a contract running on ``day`` (the office's local date), by name: who is mailed each release and
    listed as a partner on the public page. The rule is ``domain.contracts.is_running``; SQL only narrows by state."""
    from registry.domain.contracts import RUNNING_STATES, is_running

    rows = session.execute(
        select(Outlet, Contract.status, Contract.starts_on, Contract.ends_on)
        .join(Application, Application.outlet_id == Outlet.id)
        .join(Contract, Contract.application_id == Application.id)
        .where(Contract.status.in_(RUNNING_STATES), Contract.ends_on >= day)
        .order_by(Outlet.name, Outlet.id)
    ).all()
    found = {outlet.id: outlet for outlet, *terms in rows if is_running(*terms, day)}
    return list(found.values())
