"""Decrees (SK) over verified applications, and contracts within the period's budget."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem
from registry import events
from registry.domain.applications import Status
from registry.models import Application, Contract, Decree, Period
from registry.use_cases import applications

CONTRACT_STATES = {"active": "Berjalan", "suspended": "Ditangguhkan", "ended": "Berakhir"}
CONTRACT_MOVES = {"suspend": ({"active"}, "suspended"), "resume": ({"suspended"}, "active"),
                  "end": ({"active", "suspended"}, "ended")}  # fmt: skip


def issue_decree(uow: UnitOfWork, data: dict, who: Principal, today) -> Decree:
    session = uow.session
    period_id = data["period_id"]
    if session.get(Period, period_id) is None:
        raise Problem(404, "Masa pendaftaran tidak ada.", title="Not Found",
                      errors=[{"field": "period_id", "message": "Tidak ada."}])  # fmt: skip
    wanted = sorted(set(data["application_ids"]))
    found = {a.id: a for a in session.scalars(
        select(Application).where(Application.id.in_(wanted)).with_for_update()
    )}  # fmt: skip
    failing = [{"application_id": i, "status": found[i].status if i in found else None} for i in wanted
               if i not in found or found[i].period_id != period_id or found[i].status != Status.VERIFIED]  # fmt: skip
    if failing:
        raise Problem(409, "SK hanya menetapkan pendaftaran terverifikasi pada masa ini.", title="Conflict",
                      failing=failing)  # fmt: skip
    verified = [found[i] for i in wanted]
    decree = Decree(
        period_id=period_id,
        number=data["number"],
        signed_on=data["signed_on"],
        signer=data.get("signer") or "",  # never a login name: the letter falls back to DECREE_SIGNER_NAME
        application_ids=wanted,
        created_by=who.username,
    )
    session.add(decree)
    try:
        session.flush()
    except IntegrityError:
        raise Problem(409, f"Nomor SK {data['number']} sudah dipakai.", title="Conflict",
                      errors=[{"field": "number", "message": "Sudah dipakai."}]) from None  # fmt: skip
    for application in verified:
        loaded = applications.load(session, application.id, who)
        applications.act_in(uow, loaded, "approve", who, f"Ditetapkan dengan SK {decree.number}", today)
    uow.emit(events.DECREE_ISSUED, {
        "id": decree.id, "period_id": period_id, "number": decree.number, "signed_on": decree.signed_on.isoformat(),
        "application_ids": wanted, "outlet_ids": sorted({a.outlet_id for a in verified}),
    }, subject=str(decree.id))  # fmt: skip
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
                raise Problem(422, f"{name}: wajib diisi (tingkatan pendaftaran tidak menentukannya).",
                              errors=[{"field": name, "message": "Wajib diisi."}])  # fmt: skip
            data[name] = int(tier[name])
    data.setdefault("value", data["quota"] * data["rate"])
    return data


def create_contract(uow: UnitOfWork, data: dict, who: Principal) -> Contract:
    session = uow.session
    application = session.get(Application, data["application_id"], with_for_update=True)
    if application is None or application.status != Status.APPROVED:
        raise Problem(409, "Kontrak hanya untuk pendaftaran yang disetujui dengan SK.", title="Conflict",
                      current_state=application.status if application else None)  # fmt: skip
    period = session.get(Period, application.period_id, with_for_update=True)
    if data["ends_on"] < data["starts_on"]:
        raise Problem(
            422, "ends_on: sebelum tanggal mulai.", errors=[{"field": "ends_on", "message": "Sebelum mulai."}]
        )
    data = _with_tier_terms(data, application, period)
    left = budget_left(session, period)
    if data["value"] > left:
        raise Problem(409, f"Nilai kontrak melebihi sisa anggaran (Rp {left:,}).".replace(",", "."), title="Conflict",
                      remaining_budget=left)  # fmt: skip
    contract = Contract(period_id=period.id, created_by=who.username, **data)
    session.add(contract)
    try:
        session.flush()
    except IntegrityError:
        raise Problem(
            409, "Pendaftaran ini sudah berkontrak, atau nomor kontrak sudah dipakai.", title="Conflict"
        ) from None
    uow.emit(events.CONTRACT_STARTED, {
        "id": contract.id, "application_id": application.id, "period_id": period.id, "outlet_id": application.outlet_id,
        "number": contract.number, "starts_on": contract.starts_on.isoformat(), "ends_on": contract.ends_on.isoformat(),
        "value": contract.value, "quota": contract.quota, "rate": contract.rate,
        "tier": application.scored_tier or application.tier,
    }, subject=str(contract.id))  # fmt: skip
    uow.commit()
    return contract


def move_contract(uow: UnitOfWork, contract_id: int, action: str, reason: str | None) -> Contract:
    contract = uow.session.get(Contract, contract_id, with_for_update=True)
    if contract is None:
        raise Problem(404, "Kontrak tidak ada.", title="Not Found")
    sources, target = CONTRACT_MOVES[action]
    if contract.status not in sources:
        raise Problem(409, f"Kontrak berstatus {contract.status}.", title="Conflict", current_state=contract.status)
    if action == "suspend" and not (reason or "").strip():
        raise Problem(422, "reason: wajib diisi.", errors=[{"field": "reason", "message": "Sebutkan alasannya."}])
    contract.status = target
    contract.suspension_reason = reason if action == "suspend" else contract.suspension_reason
    outlet_id = uow.session.scalar(select(Application.outlet_id).where(Application.id == contract.application_id))
    # The suspension's reason is free text the outlet sees: it stays in this service.
    uow.emit(events.CONTRACT_STEPS[action], {"id": contract.id, "period_id": contract.period_id, "outlet_id": outlet_id,
             "status": contract.status, "at": utcnow().isoformat()}, subject=str(contract.id))  # fmt: skip
    uow.commit()
    return contract
