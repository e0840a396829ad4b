"""Partners' data-subject requests: an outlet's account files one for its own outlet's people; the data protection
officer reads and answers it within 3 x 24 hours, and the answer does what was asked (a copy made available, the
NIKs erased, processing restricted) or says why not. Every copy, erasure and restriction is in the access log."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chassis.db import values as db_values
from chassis.errors import Conflict, Forbidden, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from chassis.privacy import PRIVACY_OFFICER
from registry.context import Context
from registry.domain import permissions as can
from registry.domain import privacy as rules
from registry.models import Application, Contract, Journalist, Outlet, OutletMember, PaymentRecord
from registry.privacy_records import PrivacyRequest
from registry.retention import ERASED
from registry.use_cases import personal_data
from registry.use_cases.outlets import my_outlet


def open_requests():
    """The count of requests still waiting for an answer (the start page's)."""
    received = PrivacyRequest.status == rules.Status.RECEIVED.value
    return select(func.count()).select_from(PrivacyRequest).where(received)


def is_restricted(session: Session, outlet_id: int) -> bool:
    restricted = select(PrivacyRequest.id).where(PrivacyRequest.outlet_id == outlet_id, PrivacyRequest.restricted)
    return session.scalar(restricted.limit(1)) is not None


def refuse_if_restricted(session: Session, ctx: Context, outlet_id: int) -> None:
    """A reveal of a restricted outlet's people serves the data protection officer only."""
    if PRIVACY_OFFICER not in ctx.principal.roles and is_restricted(session, outlet_id):
        raise Forbidden(
            "Pemrosesan data pribadi perusahaan pers ini dibatasi atas permintaannya; hanya pejabat pelindungan data "
            "pribadi yang dapat membukanya."
        )


@authorized(can.PARTNER_WORK)
def file_request(uow: UnitOfWork, ctx: Context, data: dict) -> PrivacyRequest:
    session = uow.session
    outlet = my_outlet(session, ctx.principal)
    now = ctx.now()
    year = now.astimezone(ctx.timezone).year
    taken = session.scalar(select(func.count()).where(PrivacyRequest.number.startswith(f"PDP-{year}-")))
    record = PrivacyRequest(
        number=rules.number(year, int(taken or 0) + 1),
        outlet_id=outlet.id,
        filed_by=ctx.principal.username,
        kind=data["kind"],
        status=rules.Status.RECEIVED.value,
        detail=(data.get("detail") or "").strip(),
        filed_at=now,
        due_at=rules.due_at(now),
        restricted=rules.restricted_at_filing(data["kind"]),
        outcome={},
    )
    session.add(record)
    uow.commit()
    return record


def _find(session: Session, ctx: Context, number: str) -> PrivacyRequest:
    """The request by number: the DPO's every one; a partner's only its own outlet's (another's is not found)."""
    record = session.scalars(select(PrivacyRequest).where(PrivacyRequest.number == number.strip().upper())).first()
    if record is not None and PRIVACY_OFFICER not in ctx.principal.roles:
        outlet = session.get(Outlet, record.outlet_id)
        if not can.PARTNER_WORK.allows(ctx.principal) or my_outlet(session, ctx.principal).id != outlet.id:
            record = None
    if record is None:
        raise NotFound(f"Permintaan {number} tidak ada.")
    return record


@authorized(can.READ_PRIVACY_REQUESTS)
def privacy_request(uow: UnitOfWork, ctx: Context, number: str) -> PrivacyRequest:
    return _find(uow.session, ctx, number)


@authorized(can.ANSWER_PRIVACY_REQUESTS)
def privacy_requests(uow: UnitOfWork, ctx: Context, status: str | None = None) -> list[PrivacyRequest]:
    query = select(PrivacyRequest).order_by(PrivacyRequest.due_at, PrivacyRequest.id)
    if status:
        query = query.where(PrivacyRequest.status == status)
    return list(uow.session.scalars(query))


@authorized(can.PARTNER_WORK)
def my_requests(uow: UnitOfWork, ctx: Context) -> list[PrivacyRequest]:
    outlet = my_outlet(uow.session, ctx.principal)
    query = select(PrivacyRequest).where(PrivacyRequest.outlet_id == outlet.id).order_by(PrivacyRequest.id.desc())
    return list(uow.session.scalars(query))


def view(record: PrivacyRequest, ctx: Context) -> dict:
    return {
        **db_values(record),
        "kind_label": rules.KIND_LABELS[rules.Kind(record.kind)],
        "status_label": rules.STATUS_LABELS[rules.Status(record.status)],
        "due_rule": rules.CLOCK_RULE,
        "overdue": record.status == rules.Status.RECEIVED.value and ctx.now() > record.due_at,
    }


def held(session: Session, outlet_id: int) -> bool:
    """Whether a contract of the outlet still runs or a month of one is not settled: its people's data is kept."""
    contracts = select(Contract.id).join(Application, Application.id == Contract.application_id)
    contracts = contracts.where(Application.outlet_id == outlet_id)
    running = contracts.where(Contract.status.in_(rules.CONTRACT_RUNNING))
    unpaid = select(PaymentRecord.id).where(
        PaymentRecord.contract_id.in_(contracts), PaymentRecord.status.in_(rules.PAYMENT_OPEN)
    )
    return session.scalar(running.limit(1)) is not None or session.scalar(unpaid.limit(1)) is not None


def _journalists(session: Session, outlet_id: int) -> list[Journalist]:
    return list(session.scalars(select(Journalist).where(Journalist.outlet_id == outlet_id).order_by(Journalist.id)))


def _copy(uow, ctx, record) -> dict:
    personal_data.record(
        uow, ctx, "copy", "outlet", record.outlet_id, ["name", "nik", "email", "phone"], "data_subject", record.number
    )
    return {"copy": True}


def _correct(uow, ctx, record) -> dict:
    return {"corrected": True}


def _erase(uow, ctx, record) -> dict:
    session = uow.session
    if held(session, record.outlet_id):
        record.restricted = True
        personal_data.record(uow, ctx, "restrict", "outlet", record.outlet_id, ["nik"], "data_subject", record.number)
        return {"refused_erasure": rules.ERASE_REFUSED, "restricted": True}
    erased = [j for j in _journalists(session, record.outlet_id) if j.nik != ERASED]
    for journalist in erased:
        journalist.nik = ERASED
        personal_data.record(uow, ctx, "erase", "journalist", journalist.id, ["nik"], "data_subject", record.number)
    return {"erased": [j.id for j in erased]}


def _restrict(uow, ctx, record) -> dict:
    record.restricted = True
    personal_data.record(uow, ctx, "restrict", "outlet", record.outlet_id, ["nik"], "data_subject", record.number)
    return {"restricted": True}


# What answering each kind does; every kind has one (checked at import).
ANSWERS = {
    rules.Kind.COPY: _copy,
    rules.Kind.CORRECT: _correct,
    rules.Kind.ERASE: _erase,
    rules.Kind.RESTRICT: _restrict,
}
assert set(ANSWERS) == set(rules.Kind)


@authorized(can.ANSWER_PRIVACY_REQUESTS)
def answer(uow: UnitOfWork, ctx: Context, number: str, note: str) -> PrivacyRequest:
    """Answer once: do what the kind asks (or, for an erasure the law forbids yet, restrict and say why)."""
    note = (note or "").strip()
    if not note:
        raise Invalid("note", "Tulis jawaban untuk perusahaan pers.")
    record = _find(uow.session, ctx, number)
    if record.status != rules.Status.RECEIVED.value:
        raise Conflict("Permintaan ini sudah dijawab.", current_state=record.status)
    outcome = ANSWERS[rules.Kind(record.kind)](uow, ctx, record)
    record.outcome = outcome
    record.answer = f"{note}\n\n{outcome['refused_erasure']}" if "refused_erasure" in outcome else note
    record.status = rules.Status.ANSWERED.value
    record.answered_by, record.answered_at = ctx.principal.username, ctx.now()
    uow.commit()
    return record


@authorized(can.READ_PRIVACY_REQUESTS)
def copy_of(uow: UnitOfWork, ctx: Context, number: str) -> dict:
    """The answered copy request's data: what the registry holds about the outlet's people, and nothing else's."""
    session = uow.session
    record = _find(session, ctx, number)
    if record.kind != rules.Kind.COPY or record.status != rules.Status.ANSWERED.value:
        raise Conflict("Salinan tersedia setelah permintaan salinan dijawab.", current_state=record.status)
    outlet = session.get(Outlet, record.outlet_id)
    members = session.scalars(select(OutletMember.email).where(OutletMember.outlet_id == outlet.id))
    keys = ("name", "nik", "role", "ukw_level", "ukw_certificate", "ukw_certified_on", "press_card", "left_on")
    return {
        "number": record.number,
        "outlet": {k: getattr(outlet, k) for k in ("name", "legal_name", "address", "city", "email", "phone")},
        "accounts": [outlet.account, *members],
        "journalists": [{k: getattr(j, k) for k in keys} for j in _journalists(session, outlet.id)],
    }
