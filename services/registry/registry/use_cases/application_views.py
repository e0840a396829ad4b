"""What the API and the pages show of applications: one application (for the API, for the outlet's page and for
the office's), its files, and the console's queue. Reads only; each carries its permission."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis.db import values as db_values
from chassis.errors import NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry.context import Context
from registry.domain import applications as rules
from registry.domain import permissions as can
from registry.domain.applications import Status
from registry.models import Application, ApplicationDocument, Journalist, Outlet, Period
from registry.use_cases import scoring
from registry.use_cases.appeals import appeal_view
from registry.use_cases.applications import failing, load
from registry.use_cases.periods import requirement_rows, requirements_of


@authorized(can.READ_PARTNERSHIP)
def show(uow: UnitOfWork, ctx: Context, application_id: int) -> dict:
    return detail(uow.session, ctx, load(uow.session, ctx, application_id))


@authorized(can.READ_PARTNERSHIP)
def document_file(uow: UnitOfWork, ctx: Context, application_id: int, code: str) -> ApplicationDocument:
    """One uploaded document: only for its outlet and the office."""
    doc = next((d for d in load(uow.session, ctx, application_id).documents if d.type_code == code), None)
    if doc is None:
        raise NotFound("Dokumen belum diunggah.")
    return doc


def detail(session: Session, ctx: Context, application: Application) -> dict:
    """The application as the API answers it: documents, requirements, failing rules, the caller's moves, appeal."""
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    requirements = requirements_of(session, period, outlet.media_type)
    return {
        **db_values(application),
        "status_label": rules.STATUS_LABELS[Status(application.status)],
        "documents": [db_values(d) for d in application.documents],
        "requirements": [{"code": r.code, "label": r.label, "required": r.required} for r in requirements],
        "failing": failing(session, application, ctx.today()),
        "allowed_actions": rules.TRANSITIONS.allowed(Status(application.status), ctx.roles),
        "log": [db_values(entry) for entry in application.log],
        "appeal": appeal_view(session, application, ctx.timezone),
    }


def summary(session: Session, ctx: Context, application: Application) -> dict:
    """What both the outlet and the staff see of one application on its page: per requirement its document and
    verdict, every point of its score explained, its appeal, and the moves the viewer may make now (from the same
    table the API enforces)."""
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    uploaded = {d.type_code: d for d in application.documents}
    wanted = {r.code for r in requirements_of(session, period, outlet.media_type)}
    requirements = [
        {**row, "document": uploaded.get(row["code"])}
        for row in requirement_rows(session, period)
        if row["code"] in wanted
    ]
    status = Status(application.status)
    counted = application.scored_tier or application.tier
    return {
        "application": application,
        "period": period,
        "outlet": outlet,
        "requirements": requirements,
        "tier": next((t for t in period.tiers or [] if t["code"] == counted), None),
        "failing": failing(session, application, ctx.today()),
        "editable": status in rules.EDITABLE,
        "allowed": rules.TRANSITIONS.allowed(status, ctx.roles),
        "score": scoring.explain(session, application) if scoring.criteria_for(session, application) else None,
        "appeal": appeal_view(session, application, ctx.timezone),
        "log": list(application.log),
    }


@authorized(can.READ_PARTNERSHIP)
def page_view(uow: UnitOfWork, ctx: Context, application_id: int) -> dict:
    """The outlet's page of its application (another outlet's is not found)."""
    return summary(uow.session, ctx, load(uow.session, ctx, application_id))


@authorized(can.STAFF_WORK)
def console_view(uow: UnitOfWork, ctx: Context, application_id: int) -> dict:
    """The office's page of one application: the summary, the outlet's journalists (current and former), its
    change log, its contract, the journalists' NIKs masked, and whether the viewer may reveal one."""
    from registry.domain.personal_data import masked
    from registry.models import Contract
    from registry.use_cases.outlets import changes

    session = uow.session
    application = load(session, ctx, application_id)
    people = list(
        session.scalars(select(Journalist).where(Journalist.outlet_id == application.outlet_id).order_by(Journalist.id))
    )
    today = ctx.today()
    return {
        **summary(session, ctx, application),
        "contract": session.scalars(select(Contract).where(Contract.application_id == application.id)).first(),
        "journalists": [j for j in people if j.left_on is None or j.left_on > today],
        "former": [j for j in people if j.left_on is not None and j.left_on <= today],
        "names": {j.id: j.name for j in people},
        "changes": changes(session, application.outlet_id),
        "masked": {j.id: masked("journalist", j) for j in people},
        "may_reveal": can.REVEAL_PERSONAL_DATA.allows(ctx.principal),
    }


@authorized(can.STAFF_WORK)
def queue(uow: UnitOfWork, ctx: Context, filters: dict) -> dict:
    """The console's queue: one page of applications in a status, and how many were submitted per status."""
    from sqlalchemy import func

    from registry import queries
    from registry.use_cases.periods import all_periods

    session = uow.session
    rows, cursor = queries.applications(uow, ctx, filters)
    counted = select(Application.status, func.count()).where(Application.submitted_at.is_not(None))
    if filters.get("period_id"):
        counted = counted.where(Application.period_id == filters["period_id"])
    counts = dict(session.execute(counted.group_by(Application.status)).all())
    return {"rows": rows, "next": cursor, "counts": counts, "periods": all_periods(session)}
