"""Publication proofs against the releases read model, and what each contract is owed per month."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis import files
from chassis.auth import Principal
from chassis.messaging import UnitOfWork, utcnow
from chassis.problems import Problem, field_problem
from registry import events, uploads
from registry.domain import payments
from registry.domain.payments import PaymentStatus
from registry.models import Application, Contract, Outlet, Proof, Release
from registry.use_cases import membership
from registry.use_cases import payments as money


def contract_of_partner(session, contract_id: int, who: Principal) -> Contract:
    contract = session.get(Contract, contract_id)
    outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id) if contract else None
    staff = who.has_any("registry:verifier", "registry:approver")
    if contract is None or not (staff or membership.manages(session, outlet, who.username)):
        raise field_problem("contract_id", "Kontrak tidak ada.", 404)
    return contract


def proof_of(session, proof_id: int, who: Principal) -> Proof:
    """The proof if the caller is staff or works for its outlet; otherwise not found."""
    proof = session.get(Proof, proof_id)
    if proof is None:
        raise Problem(404, "Bukti tidak ada.", title="Not Found")
    try:
        contract_of_partner(session, proof.contract_id, who)
    except Problem:
        raise Problem(404, "Bukti tidak ada.", title="Not Found") from None
    return proof


def screenshot_of(session, proof_id: int, who: Principal) -> Proof:
    """The proof with its capture, for its outlet and staff; not found when there is none."""
    proof = proof_of(session, proof_id, who)
    if not proof.file_sha256:
        raise Problem(404, "Bukti ini tidak memiliki tangkapan layar.", title="Not Found")
    return proof


def submit_proof(uow: UnitOfWork, data: dict, screenshot: files.Upload | None, who: Principal, settings) -> Proof:
    """One proof per (contract, release): the same release under a second URL is refused naming the first proof
    (a rejected proof does not count, the partner may prove again). The screenshot of the published page is kept
    only when every check passed."""
    session = uow.session
    contract = contract_of_partner(session, data["contract_id"], who)
    # Two proofs of the same release filed at once: the second waits for the first and then sees it.
    session.execute(select(Contract.id).where(Contract.id == contract.id).with_for_update())
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
    first = session.scalars(
        select(Proof).where(Proof.contract_id == contract.id, Proof.release_id == release.article_id,
                            Proof.status != "rejected").order_by(Proof.id)
    ).first()  # fmt: skip
    if first is not None:
        raise Problem(409, f"Siaran pers ini sudah dibuktikan dengan bukti #{first.id} ({first.url}); satu siaran "
                      "satu bukti per kontrak.", title="Conflict", first_proof_id=first.id, first_proof_url=first.url,
                      errors=[{"field": "release_id", "message": f"Sudah dibuktikan (#{first.id})."}])  # fmt: skip
    if screenshot is None:
        raise field_problem("screenshot", "Unggah tangkapan layar halaman yang memuat siaran (PNG atau JPEG).")
    proof = Proof(created_by=who.username, **data, **uploads.keep(uow, screenshot))
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
    if data["accepted"]:
        # The month the proof belongs to takes it while its payment is open; a recorded month never changes.
        month = payments.month_of(proof.published_on)
        record = money.ensure_record(uow.session, proof.contract_id, month)
        if not payments.takes_proofs(PaymentStatus(record.status)):
            label = payments.STATUS_LABELS[PaymentStatus(record.status)]
            raise Problem(409, f"Pembayaran bulan {month} sudah tercatat ({label}); bukti bulan itu tidak dapat "
                          "diterima lagi. Tolak bukti ini dengan catatan, atau kembalikan SPJ bulan itu lebih dulu.",
                          title="Conflict", month=month, current_state=record.status)  # fmt: skip
    proof.status = "accepted" if data["accepted"] else "rejected"
    proof.note = data.get("note")
    proof.reviewed_by = who.username
    proof.reviewed_at = utcnow()
    uow.session.flush()
    if proof.status == "accepted":
        # The month now has something due: its payment record (made above) appears on the office's list.
        uow.emit(events.PROOF_ACCEPTED, {"id": proof.id, "contract_id": proof.contract_id,
                 "release_id": proof.release_id, "published_on": proof.published_on.isoformat()},
                 subject=str(proof.id))  # fmt: skip
    uow.commit()
    return proof


def contract_payments(session, contract: Contract) -> list[dict]:
    """Months with accepted proofs: accepted, billable (quota cap) and amount (value cap), counted by the database;
    a recorded month as it was recorded."""
    return [row for _month, row in sorted(money.due_of(session, contract).items())]


def payment_report(session, period_id: int) -> dict:
    return money.payment_report(session, period_id)
