"""Decrees (SK) over verified applications, and contracts within the period's budget."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chassis.errors import Conflict, Invalid, NotFound
from chassis.formats import rupiah
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import documents, events
from registry.context import Context
from registry.domain import contracts as rules
from registry.domain import permissions as can
from registry.domain.applications import Status
from registry.models import Application, Contract, Decree, Journalist, Outlet, Period
from registry.use_cases import applications
from registry.use_cases.proofs import contract_of_partner


@authorized(can.APPROVE)
def issue_decree(uow: UnitOfWork, ctx: Context, data: dict) -> Decree:
    session = uow.session
    period_id = data["period_id"]
    if session.get(Period, period_id) is None:
        raise NotFound("Masa pendaftaran tidak ada.", errors=[{"field": "period_id", "message": "Tidak ada."}])
    wanted = sorted(set(data["application_ids"]))
    found = {a.id: a for a in session.scalars(select(Application).where(Application.id.in_(wanted)).with_for_update())}
    failing = [
        {"application_id": i, "status": found[i].status if i in found else None}
        for i in wanted
        if i not in found or found[i].period_id != period_id or found[i].status != Status.VERIFIED
    ]
    if failing:
        raise Conflict("SK hanya menetapkan pendaftaran terverifikasi pada masa ini.", failing=failing)
    verified = [found[i] for i in wanted]
    decree = Decree(
        period_id=period_id,
        number=data["number"],
        signed_on=data["signed_on"],
        signer=data.get("signer") or "",  # never a login name: the letter falls back to DECREE_SIGNER_NAME
        application_ids=wanted,
        created_by=ctx.principal.username,
    )
    session.add(decree)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            f"Nomor SK {data['number']} sudah dipakai.", errors=[{"field": "number", "message": "Sudah dipakai."}]
        ) from None
    for application in verified:
        loaded = applications.load(session, ctx, application.id)
        applications.act_in(uow, ctx, loaded, "approve", f"Ditetapkan dengan SK {decree.number}")
    uow.emit(
        events.DECREE_ISSUED,
        {
            "id": decree.id,
            "period_id": period_id,
            "number": decree.number,
            "signed_on": decree.signed_on.isoformat(),
            "application_ids": wanted,
            "outlet_ids": sorted({a.outlet_id for a in verified}),
        },
        subject=str(decree.id),
    )
    uow.commit()
    return decree


def budget_left(session, period: Period) -> int:
    used = session.scalar(
        select(func.coalesce(func.sum(Contract.value), 0)).where(
            Contract.period_id == period.id, Contract.status != "ended"
        )
    )
    return period.budget - int(used or 0)


def _with_tier_terms(data: dict, application: Application, period: Period) -> dict:
    """Quota and rate default to the tier that counts for the application, and the value to quota x rate."""
    code = application.scored_tier or application.tier
    tier = next((t for t in period.tiers if t.get("code") == code), {})
    data = dict(data)
    for name in ("quota", "rate"):
        if not data.get(name):
            if not tier.get(name):
                raise Invalid(
                    None,
                    f"{name}: wajib diisi (tingkatan pendaftaran tidak menentukannya).",
                    errors=[{"field": name, "message": "Wajib diisi."}],
                )
            data[name] = int(tier[name])
    data.setdefault("value", data["quota"] * data["rate"])
    return data


@authorized(can.VERIFY)
def create_contract(uow: UnitOfWork, ctx: Context, data: dict) -> Contract:
    session = uow.session
    application = session.get(Application, data["application_id"], with_for_update=True)
    if application is None or application.status != Status.APPROVED:
        raise Conflict(
            "Kontrak hanya untuk pendaftaran yang disetujui dengan SK.",
            current_state=application.status if application else None,
        )
    period = session.get(Period, application.period_id, with_for_update=True)
    if data["ends_on"] < data["starts_on"]:
        raise Invalid(
            None, "ends_on: sebelum tanggal mulai.", errors=[{"field": "ends_on", "message": "Sebelum mulai."}]
        )
    data = _with_tier_terms(data, application, period)
    left = budget_left(session, period)
    if data["value"] > left:
        raise Conflict(f"Nilai kontrak melebihi sisa anggaran ({rupiah(left)}).", remaining_budget=left)
    contract = Contract(period_id=period.id, created_by=ctx.principal.username, **data)
    session.add(contract)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Pendaftaran ini sudah berkontrak, atau nomor kontrak sudah dipakai.") from None
    uow.emit(
        events.CONTRACT_STARTED,
        {
            "id": contract.id,
            "application_id": application.id,
            "period_id": period.id,
            "outlet_id": application.outlet_id,
            "number": contract.number,
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": contract.ends_on.isoformat(),
            "value": contract.value,
            "quota": contract.quota,
            "rate": contract.rate,
            "tier": application.scored_tier or application.tier,
        },
        subject=str(contract.id),
    )
    uow.commit()
    return contract


@authorized(can.STAFF_WORK)
def move_contract(uow: UnitOfWork, ctx: Context, contract_id: int, action: str, reason: str | None = None) -> Contract:
    if action not in rules.TRANSITIONS:
        raise NotFound(f"Tindakan {action} tidak dikenal.")
    contract = uow.session.get(Contract, contract_id, with_for_update=True)
    if contract is None:
        raise NotFound("Kontrak tidak ada.")
    target = rules.TRANSITIONS.check(action, rules.ContractStatus(contract.status), ctx.roles).target
    if action == "suspend" and not (reason or "").strip():
        raise Invalid(None, "reason: wajib diisi.", errors=[{"field": "reason", "message": "Sebutkan alasannya."}])
    contract.status = target.value
    contract.suspension_reason = reason if action == "suspend" else contract.suspension_reason
    outlet_id = uow.session.scalar(select(Application.outlet_id).where(Application.id == contract.application_id))
    # The suspension's reason is free text the outlet sees: it stays in this service.
    uow.emit(
        events.CONTRACT_STEPS[action],
        {
            "id": contract.id,
            "period_id": contract.period_id,
            "outlet_id": outlet_id,
            "status": contract.status,
            "at": ctx.now().isoformat(),
        },
        subject=str(contract.id),
    )
    uow.commit()
    return contract


@authorized(can.STAFF_WORK)
def decree_attachment(uow: UnitOfWork, ctx: Context, decree_id: int) -> bytes:
    """The decree's attachment (PDF): each outlet it approves, with the journalists on its staff on the signing day."""
    session = uow.session
    decree = session.get(Decree, decree_id)
    if decree is None:
        raise NotFound("SK tidak ada.")
    rows = []
    for application_id in decree.application_ids:
        outlet = session.get(Outlet, session.get(Application, application_id).outlet_id)
        people = session.scalars(
            select(Journalist)
            .where(Journalist.outlet_id == outlet.id, Journalist.on_staff(decree.signed_on))
            .order_by(Journalist.id)
        )
        rows.append(
            {
                "outlet": outlet.name,
                "legal_name": outlet.legal_name,
                "media_type": outlet.media_type,
                "journalists": [(j.name, j.role, j.ukw_level) for j in people],
            }
        )
    return documents.decree_attachment(ctx.settings, decree, session.get(Period, decree.period_id), rows)


@authorized(can.READ_PARTNERSHIP)
def contract_summary(uow: UnitOfWork, ctx: Context, contract_id: int) -> tuple[Contract, bytes]:
    """The contract's summary (PDF) for its partner and the office."""
    session = uow.session
    contract = contract_of_partner(session, contract_id, ctx.principal)
    outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id)
    pdf = documents.contract_summary(ctx.settings, contract, outlet, session.get(Period, contract.period_id))
    return contract, pdf


@authorized(can.STAFF_WORK)
def decree_console(uow: UnitOfWork, ctx: Context, period_id: int | None) -> dict:
    """The console's decree page: the period's verified applications (what a decree may approve) and its decrees."""
    from registry.use_cases.periods import all_periods, chosen

    session = uow.session
    periods = all_periods(session)
    period = chosen(periods, period_id)
    verified, decrees = [], []
    if period is not None:
        verified = session.execute(
            select(Application, Outlet.name, Outlet.media_type)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .where(Application.period_id == period.id, Application.status == Status.VERIFIED)
            .order_by(Outlet.name, Application.id)
        ).all()
        decrees = list(session.scalars(select(Decree).where(Decree.period_id == period.id).order_by(Decree.id.desc())))
    return {"periods": periods, "period": period, "verified": verified, "decrees": decrees, "today": ctx.today()}


@authorized(can.STAFF_WORK)
def contract_console(uow: UnitOfWork, ctx: Context, period_id: int | None) -> dict:
    """The console's contracts page: approved applications still without a contract, the contracts made, the tiers'
    terms, the budget left, and the moves of the contract table (with their labels)."""
    from registry.use_cases.periods import all_periods, chosen

    session = uow.session
    periods = all_periods(session)
    period = chosen(periods, period_id)
    waiting, made = [], []
    if period is not None:
        waiting = session.execute(
            select(Application, Outlet.name)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .outerjoin(Contract, Contract.application_id == Application.id)
            .where(Application.period_id == period.id, Application.status == Status.APPROVED, Contract.id.is_(None))
            .order_by(Outlet.name, Application.id)
        ).all()
        made = session.execute(
            select(Contract, Outlet.name)
            .join(Application, Application.id == Contract.application_id)
            .join(Outlet, Outlet.id == Application.outlet_id)
            .where(Contract.period_id == period.id)
            .order_by(Contract.id.desc())
        ).all()
    return {
        "periods": periods,
        "period": period,
        "waiting": waiting,
        "made": made,
        "tiers": {t["code"]: t for t in (period.tiers or [])} if period else {},
        "budget_left": budget_left(session, period) if period else 0,
        "offered": {str(status): rules.TRANSITIONS.offered(status, ctx.roles) for status in rules.ContractStatus},
    }
