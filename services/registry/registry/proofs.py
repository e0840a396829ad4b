"""Publication proofs against the releases read model, and what each contract is owed per month."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from registry import events, membership
from registry import payments as money
from registry.domain import payments
from registry.models import Application, Contract, Outlet, Proof, Release


def contract_of_partner(session, contract_id: int, who: Principal) -> Contract:
    contract = session.get(Contract, contract_id)
    outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id) if contract else None
    staff = who.has_any("registry:verifier", "registry:approver")
    if contract is None or not (staff or membership.manages(session, outlet, who.username)):
        raise field_problem("contract_id", "Kontrak tidak ada.", 404)
    return contract


def submit_proof(uow: UnitOfWork, data: dict, who: Principal, settings) -> Proof:
    session = uow.session
    contract = contract_of_partner(session, data["contract_id"], who)
    if contract.status != "active":
        raise Problem(409, f"Kontrak berstatus {contract.status}; bukti hanya untuk kontrak yang berjalan.",
                      title="Conflict", current_state=contract.status)  # fmt: skip
    release = session.get(Release, data["release_id"])
    if release is None or release.state == "withdrawn":
        raise field_problem("release_id", "Siaran pers tidak ada atau sudah ditarik.", 404 if release is None else 409)
    released_on = settings.local_date(release.published_at)
    if data["published_on"] < released_on:
        raise field_problem("published_on", f"Sebelum siaran pers terbit ({released_on.isoformat()}).")
    if not (contract.starts_on <= data["published_on"] <= contract.ends_on):
        raise field_problem("published_on", "Di luar masa kontrak.")
    proof = Proof(created_by=who.username, **data)
    session.add(proof)
    try:
        session.flush()
    except IntegrityError:
        raise field_problem("url", "Tautan ini sudah dipakai sebagai bukti.", 409) from None
    uow.commit()
    return proof


def review_proof(uow: UnitOfWork, proof_id: int, data: dict, who: Principal) -> Proof:
    proof = uow.session.get(Proof, proof_id, with_for_update=True)
    if proof is None:
        raise Problem(404, "Bukti tidak ada.", title="Not Found")
    if proof.status != "pending":
        raise Problem(409, "Bukti sudah diperiksa.", title="Conflict", current_state=proof.status)
    if not data["accepted"] and not (data.get("note") or "").strip():
        raise field_problem("note", "Sebutkan alasan penolakan.")
    proof.status = "accepted" if data["accepted"] else "rejected"
    proof.note = data.get("note")
    proof.reviewed_by = who.username
    proof.reviewed_at = utcnow()
    uow.session.flush()
    if proof.status == "accepted":
        # The month now has something due: its payment record appears on the office's list.
        money.ensure_record(uow.session, proof.contract_id, payments.month_of(proof.published_on))
        uow.emit(events.PROOF_ACCEPTED, {"id": proof.id, "contract_id": proof.contract_id,
                 "release_id": proof.release_id, "published_on": proof.published_on.isoformat()},
                 subject=str(proof.id))  # fmt: skip
    uow.commit()
    return proof


def contract_payments(session, contract: Contract) -> list[dict]:
    """Months with accepted proofs: accepted, billable (quota cap) and amount (value cap), counted by the database."""
    accepted = money.accepted_counts(session, contract_ids=[contract.id]).get(contract.id, {})
    return payments.monthly(accepted, contract.quota, contract.rate, contract.value)


def payment_report(session, period_id: int) -> dict:
    return money.payment_report(session, period_id)
