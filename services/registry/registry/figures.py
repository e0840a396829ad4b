"""The office's figures for one period, each from one grouped query: partners per media type and tier, their
journalists per UKW level, accepted proofs per release (top N), and the budget committed, used and paid.

A read model, not a use case module; ``of_period`` carries the staff's permission all the same."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chassis.messaging import UnitOfWork, utcnow
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import permissions as can
from registry.models import Application, Contract, Journalist, Outlet, Proof, Release
from registry.use_cases import payables

UKW_LEVELS = ("utama", "madya", "muda", "none")


@authorized(can.STAFF_WORK)
def of_period(uow: UnitOfWork, ctx: Context, period_id: int, top: int = 10) -> dict:
    session: Session = uow.session
    report = payables.payment_report(session, period_id)  # 404 for an unknown period
    partners = session.execute(
        select(Outlet.media_type, Application.tier, func.count(func.distinct(Outlet.id)))
        .join(Application, Application.outlet_id == Outlet.id)
        .join(Contract, Contract.application_id == Application.id)
        .where(Contract.period_id == period_id)
        .group_by(Outlet.media_type, Application.tier)
        .order_by(Outlet.media_type, Application.tier)
    ).all()
    partner_outlets = (
        select(Application.outlet_id)
        .join(Contract, Contract.application_id == Application.id)
        .where(Contract.period_id == period_id)
    )
    journalists = dict(
        session.execute(
            select(Journalist.ukw_level, func.count(Journalist.id))
            .where(Journalist.outlet_id.in_(partner_outlets), Journalist.on_staff(utcnow().date()))
            .group_by(Journalist.ukw_level)
        ).all()
    )
    proofs = func.count(Proof.id).label("proofs")
    releases = session.execute(
        select(Release.article_id, Release.title, Release.opd, proofs)
        .join(Proof, Proof.release_id == Release.article_id)
        .join(Contract, Contract.id == Proof.contract_id)
        .where(Contract.period_id == period_id, Proof.status == "accepted")
        .group_by(Release.article_id, Release.title, Release.opd)
        .order_by(proofs.desc(), Release.article_id.desc())
        .limit(top)
    ).all()
    return {
        "period_id": period_id,
        "partners": [{"media_type": m, "tier": t, "count": n} for m, t, n in partners],
        "partners_total": sum(n for _m, _t, n in partners),
        "journalists": [{"ukw_level": level, "count": journalists.get(level, 0)} for level in UKW_LEVELS],
        "releases": [
            {"release_id": r.article_id, "title": r.title, "opd": r.opd, "proofs": r.proofs} for r in releases
        ],
        "budget": {k: report[k] for k in ("budget", "committed", "used", "paid")},
    }
