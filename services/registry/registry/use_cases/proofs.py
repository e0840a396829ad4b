"""Publication proofs against the releases read model, and what each contract is owed per month."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis import files
from chassis.auth import Principal
from chassis.errors import Conflict, Invalid, NotFound
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import events, uploads
from registry.context import Context
from registry.domain import payments
from registry.domain import permissions as can
from registry.domain import proofs as proof_rules
from registry.domain.payments import PaymentStatus
from registry.models import Application, Contract, Outlet, Proof, Release
from registry.use_cases import membership, payables
from registry.use_cases import payments as money
from registry.use_cases.common import field_error


def contract_of_partner(session, contract_id: int, who: Principal) -> Contract:
    """The contract if the caller is staff or works for its outlet; otherwise not found (a partner never learns of
    another's contract)."""
    contract = session.get(Contract, contract_id)
    outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id) if contract else None
    if contract is None or not (can.sees_every_outlet(who) or membership.manages(session, outlet, who.username)):
        raise field_error(NotFound, "contract_id", "Kontrak tidak ada.")
    return contract


def proof_of(session, proof_id: int, who: Principal) -> Proof:
    """The proof if the caller is staff or works for its outlet; otherwise not found."""
    proof = session.get(Proof, proof_id)
    if proof is None:
        raise NotFound("Bukti tidak ada.")
    try:
        contract_of_partner(session, proof.contract_id, who)
    except NotFound:
        raise NotFound("Bukti tidak ada.") from None
    return proof


@authorized(can.READ_PARTNERSHIP)
def screenshot_of(uow: UnitOfWork, ctx: Context, proof_id: int) -> Proof:
    """The proof with its capture, for its outlet and staff; not found when there is none."""
    proof = proof_of(uow.session, proof_id, ctx.principal)
    if not proof.file_sha256:
        raise NotFound("Bukti ini tidak memiliki tangkapan layar.")
    return proof


@authorized(can.PARTNER_WORK)
def submit_proof(uow: UnitOfWork, ctx: Context, data: dict, screenshot: files.Upload | None) -> Proof:
    """One proof per (contract, release): the same release under a second URL is refused naming the first proof
    (a rejected proof does not count, the partner may prove again). The screenshot of the published page is kept
    only when every check passed."""
    session = uow.session
    who = ctx.principal
    contract = contract_of_partner(session, data["contract_id"], who)
    # Two proofs of the same release filed at once: the second waits for the first and then sees it.
    session.execute(select(Contract.id).where(Contract.id == contract.id).with_for_update())
    if contract.status != "active":
        raise Conflict(
            f"Kontrak berstatus {contract.status}; bukti hanya untuk kontrak yang berjalan.",
            current_state=contract.status,
        )
    release = session.get(Release, data["release_id"])
    if release is None or release.state == "withdrawn":
        kind = NotFound if release is None else Conflict
        raise field_error(kind, "release_id", "Siaran pers tidak ada atau sudah ditarik.")
    released_on = release.published_at.astimezone(ctx.timezone).date()
    if data["published_on"] < released_on:
        raise Invalid("published_on", f"Sebelum siaran pers terbit ({released_on.isoformat()}).")
    if not (contract.starts_on <= data["published_on"] <= contract.ends_on):
        raise Invalid("published_on", "Di luar masa kontrak.")
    first = session.scalars(
        select(Proof)
        .where(Proof.contract_id == contract.id, Proof.release_id == release.article_id, Proof.status != "rejected")
        .order_by(Proof.id)
    ).first()
    if first is not None:
        raise Conflict(
            f"Siaran pers ini sudah dibuktikan dengan bukti #{first.id} ({first.url}); satu siaran "
            "satu bukti per kontrak.",
            first_proof_id=first.id,
            first_proof_url=first.url,
            errors=[{"field": "release_id", "message": f"Sudah dibuktikan (#{first.id})."}],
        )
    if screenshot is None:
        raise Invalid("screenshot", "Unggah tangkapan layar halaman yang memuat siaran (PNG atau JPEG).")
    proof = Proof(created_by=who.username, **data, **uploads.keep(uow, screenshot))
    session.add(proof)
    try:
        session.flush()
    except IntegrityError:
        raise field_error(Conflict, "url", "Tautan ini sudah dipakai sebagai bukti.") from None
    uow.commit()
    return proof


@authorized(can.VERIFY)
def review_proof(uow: UnitOfWork, ctx: Context, proof_id: int, data: dict) -> Proof:
    proof = uow.session.get(Proof, proof_id, with_for_update=True)
    if proof is None:
        raise NotFound("Bukti tidak ada.")
    verdict = "accept" if data["accepted"] else "reject"
    move = proof_rules.TRANSITIONS.check(verdict, proof_rules.ProofStatus(proof.status), ctx.roles)
    if not data["accepted"] and not (data.get("note") or "").strip():
        raise Invalid("note", "Sebutkan alasan penolakan.")
    if data["accepted"]:
        # The month the proof belongs to takes it while its payment is open; a recorded month never changes.
        month = payments.month_of(proof.published_on)
        record = money.ensure_record(uow.session, proof.contract_id, month)
        if not payments.takes_proofs(PaymentStatus(record.status)):
            label = payments.STATUS_LABELS[PaymentStatus(record.status)]
            raise Conflict(
                f"Pembayaran bulan {month} sudah tercatat ({label}); bukti bulan itu tidak dapat "
                "diterima lagi. Tolak bukti ini dengan catatan, atau kembalikan SPJ bulan itu lebih dulu.",
                month=month,
                current_state=record.status,
            )
    proof.status = move.target.value
    proof.note = data.get("note")
    proof.reviewed_by = ctx.principal.username
    proof.reviewed_at = ctx.now()
    uow.session.flush()
    if proof.status == "accepted":
        # The month now has something due: its payment record (made above) appears on the office's list.
        uow.emit(
            events.PROOF_ACCEPTED,
            {
                "id": proof.id,
                "contract_id": proof.contract_id,
                "release_id": proof.release_id,
                "published_on": proof.published_on.isoformat(),
            },
            subject=str(proof.id),
        )
    uow.commit()
    return proof


@authorized(can.STAFF_WORK)
def payment_report(uow: UnitOfWork, ctx: Context, period_id: int) -> dict:
    """Per contract and month of a period: proofs accepted and billable, amounts, paid, held; the budget."""
    return payables.payment_report(uow.session, period_id)


@authorized(can.READ_PARTNERSHIP)
def contract_page(uow: UnitOfWork, ctx: Context, contract_id: int) -> dict:
    """The partner's page of its contract: its proofs, the releases it may prove (latest 100 not withdrawn), and every
    month with where its payment is and the moves the partner may make."""
    from chassis.db import values as db_values
    from registry.models import Period

    session = uow.session
    contract = contract_of_partner(session, contract_id, ctx.principal)
    mine = session.execute(
        select(Proof, Release.title)
        .join(Release, Release.article_id == Proof.release_id)
        .where(Proof.contract_id == contract.id)
        .order_by(Proof.id.desc())
    ).all()
    releases = list(
        session.scalars(
            select(Release)
            .where(Release.state != "withdrawn")
            .order_by(Release.published_at.desc(), Release.article_id.desc())
            .limit(100)
        )
    )
    return {
        "contract": db_values(contract),
        "application": session.get(Application, contract.application_id),
        "period": session.get(Period, contract.period_id),
        "proofs": mine,
        "releases": releases,
        "months": money.contract_records(session, contract, ctx.today(), ctx.roles),
        "today": ctx.today(),
    }
