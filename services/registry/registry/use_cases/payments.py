"""Payment records: each month of a contract, from the partner's SPJ to the office's payment (or hold); what the
office owes; the payment report computed with grouped SQL."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import extract, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from chassis import files, mail
from chassis.db import values as db_values
from chassis.errors import Conflict, Invalid, NotFound
from chassis.formats import rupiah
from chassis.messaging import UnitOfWork
from chassis.permissions import authorized
from registry import events, uploads
from registry.context import Context
from registry.domain import payments as rules
from registry.domain import permissions as can
from registry.domain.payments import PaymentStatus
from registry.models import Application, Contract, Outlet, PaymentDocument, PaymentRecord, Proof, mail_outbox
from registry.use_cases.common import field_error

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def accepted_counts(session: Session, *, period_id: int | None = None, contract_ids=None) -> dict[int, dict[str, int]]:
    """Accepted proofs per contract and month, counted by the database (never loading the proofs)."""
    year, month = extract("year", Proof.published_on), extract("month", Proof.published_on)
    # One release counts once per contract, even if two proofs of it were accepted before that was refused.
    query = select(Proof.contract_id, year, month, func.count(Proof.release_id.distinct())).where(
        Proof.status == "accepted"
    )
    if period_id is not None:
        query = query.join(Contract, Contract.id == Proof.contract_id).where(Contract.period_id == period_id)
    if contract_ids is not None:
        query = query.where(Proof.contract_id.in_(list(contract_ids)))
    counts: dict[int, dict[str, int]] = {}
    for contract_id, y, m, n in session.execute(query.group_by(Proof.contract_id, year, month)):
        counts.setdefault(contract_id, {})[f"{int(y):04d}-{int(m):02d}"] = n
    return counts


def recorded_terms(session: Session, contract_ids) -> dict[int, dict[str, tuple[int, int]]]:
    """What each recorded month was worth when its SPJ was submitted (contract -> month -> (billable, amount))."""
    rows = session.execute(
        select(
            PaymentRecord.contract_id,
            PaymentRecord.month,
            PaymentRecord.status,
            PaymentRecord.recorded_billable,
            PaymentRecord.recorded_amount,
        ).where(PaymentRecord.contract_id.in_(list(contract_ids)))
    ).mappings()
    return rules.recorded_terms(rows)


def _due(contract: Contract, counts: dict[str, int], recorded: dict[str, tuple[int, int]] | None) -> dict[str, dict]:
    terms = (contract.quota, contract.rate, contract.value)
    return {r["month"]: r for r in rules.monthly(counts, *terms, recorded)}


def due_of(session: Session, contract: Contract) -> dict[str, dict]:
    """The contract's months with what each is worth: accepted, billable, amount (recorded months as recorded)."""
    counts = accepted_counts(session, contract_ids=[contract.id]).get(contract.id, {})
    return _due(contract, counts, recorded_terms(session, [contract.id]).get(contract.id))


def _record_view(record: PaymentRecord | None, contract: Contract, month: str, due: dict, roles) -> dict:
    line = due.get(month) or {"month": month, "accepted": 0, "billable": 0, "amount": 0}
    status = PaymentStatus(record.status) if record else PaymentStatus.OPEN
    view = {
        "id": record.id if record else None,
        "contract_id": contract.id,
        **line,
        "amount_due": line["amount"],
        "status": str(status),
        "status_label": rules.STATUS_LABELS[status],
        "note": None,
        "documents": [],
        "allowed_actions": rules.PAYMENT_MOVES.allowed(status, roles),
    }
    if record is not None:
        view.update({k: v for k, v in db_values(record).items() if k not in ("id", "contract_id", "month", "status")})
        view["documents"] = [{k: v for k, v in db_values(d).items() if k != "record_id"} for d in record.documents]
    return view


def _month_problem(contract: Contract, month: str, today: dt.date) -> None:
    if not MONTH.match(month):
        raise field_error(NotFound, "month", "Format bulan YYYY-MM.")
    if not (rules.month_of(contract.starts_on) <= month <= rules.month_of(contract.ends_on)):
        raise field_error(NotFound, "month", "Di luar masa kontrak.")
    if month > rules.month_of(today):
        raise field_error(Conflict, "month", "Bulan ini belum tiba.")


def _contract(session: Session, ctx: Context, contract_id: int, *, lock: bool = False) -> Contract:
    from registry.use_cases.proofs import contract_of_partner  # proofs fill the months: no import cycle

    return contract_of_partner(session, contract_id, ctx.principal)


def month_view(session: Session, ctx: Context, contract: Contract, month: str) -> dict:
    """One month of the contract as the API answers it, with the moves the caller may make now."""
    found = [r for r in contract_records(session, contract, ctx.today(), ctx.roles) if r["month"] == month]
    if not found:
        raise NotFound(f"Bulan {month} tidak ada pada kontrak ini.")
    return found[0]


@authorized(can.READ_PARTNERSHIP)
def show_month(uow: UnitOfWork, ctx: Context, contract_id: int, month: str) -> dict:
    """A month of the contract: proofs, amount due, SPJ documents, payment status; for its partner and the office."""
    return month_view(uow.session, ctx, _contract(uow.session, ctx, contract_id), month)


@authorized(can.READ_PARTNERSHIP)
def months(uow: UnitOfWork, ctx: Context, contract_id: int) -> dict:
    """Per month of the contract: proofs accepted, billable (quota cap), amount (value cap), and every month up to
    this one with where its payment is."""
    contract = _contract(uow.session, ctx, contract_id)
    due = [row for _month, row in sorted(due_of(uow.session, contract).items())]
    records = contract_records(uow.session, contract, ctx.today(), ctx.roles)
    return {"contract_id": contract.id, "months": due, "records": records}


def contract_records(session: Session, contract: Contract, today: dt.date, roles: frozenset[str]) -> list[dict]:
    """Every month of the contract up to this month (office time), with proofs, amount due and where the payment is."""
    records = {
        r.month: r
        for r in session.scalars(
            select(PaymentRecord)
            .options(selectinload(PaymentRecord.documents))
            .where(PaymentRecord.contract_id == contract.id)
        )
    }
    last = min(contract.ends_on, today)
    due = due_of(session, contract)
    months = sorted(set(rules.months_between(contract.starts_on, last)) | set(due) | set(records))
    return [_record_view(records.get(m), contract, m, due, roles) for m in months]


def ensure_record(session: Session, contract_id: int, month: str) -> PaymentRecord:
    """The month's record, created (open) when it does not exist yet; safe when two requests create it at once."""
    query = select(PaymentRecord).where(PaymentRecord.contract_id == contract_id, PaymentRecord.month == month)
    record = session.scalars(query.with_for_update()).first()
    if record is None:
        try:
            with session.begin_nested():
                record = PaymentRecord(contract_id=contract_id, month=month, status=PaymentStatus.OPEN)
                session.add(record)
        except IntegrityError:
            record = session.scalars(query.with_for_update()).one()
    return record


def _spj_fixed(record: PaymentRecord, month: str) -> Conflict:
    return Conflict(
        f"Pembayaran bulan {month} berstatus {record.status}; SPJ tidak dapat diubah.", current_state=record.status
    )


@authorized(can.PARTNER_WORK)
def add_document(uow: UnitOfWork, ctx: Context, contract_id: int, month: str, upload: files.Upload) -> Contract:
    """One SPJ document of a month while its payment is open; the file is kept only then."""
    contract = _contract(uow.session, ctx, contract_id)
    _month_problem(contract, month, ctx.today())
    record = ensure_record(uow.session, contract.id, month)
    if record.status not in rules.SPJ_EDITABLE:
        raise _spj_fixed(record, month)
    record.documents.append(PaymentDocument(uploaded_by=ctx.principal.username, **uploads.keep(uow, upload)))
    record.updated_at = ctx.now()
    uow.commit()
    return contract


@authorized(can.PARTNER_WORK)
def remove_document(uow: UnitOfWork, ctx: Context, contract_id: int, month: str, document_id: int) -> Contract:
    contract = _contract(uow.session, ctx, contract_id)
    record = ensure_record(uow.session, contract.id, month)
    document = next((d for d in record.documents if d.id == document_id), None)
    if document is None:
        raise NotFound("Dokumen SPJ tidak ada.")
    if record.status not in rules.SPJ_EDITABLE:
        raise _spj_fixed(record, month)
    record.documents.remove(document)
    uow.commit()
    return contract


@authorized(can.READ_PARTNERSHIP)
def document_file(uow: UnitOfWork, ctx: Context, contract_id: int, month: str, document_id: int) -> PaymentDocument:
    """An SPJ file: for the contract's partner and the office."""
    return document_of(uow.session, _contract(uow.session, ctx, contract_id), month, document_id)


def document_of(session: Session, contract: Contract, month: str, document_id: int) -> PaymentDocument:
    document = session.scalars(
        select(PaymentDocument)
        .join(PaymentRecord, PaymentRecord.id == PaymentDocument.record_id)
        .where(PaymentRecord.contract_id == contract.id, PaymentRecord.month == month)
        .where(PaymentDocument.id == document_id)
    ).first()
    if document is None:
        raise NotFound("Dokumen SPJ tidak ada.")
    return document


def _submit(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    if not record.documents:
        raise field_error(Conflict, "documents", "Unggah dokumen SPJ dulu.")
    record.spj_submitted_at = ctx.now()
    # From here on the month is worth what it is worth now (a later proof of an earlier month changes nothing).
    record.recorded_billable, record.recorded_amount = line["billable"], line["amount"]


def _return(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    record.recorded_billable = record.recorded_amount = None
    record.note = data["note"]


def _check(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    record.checked_by, record.checked_at = ctx.principal.username, ctx.now()


def _pay(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    for field in ("paid_on", "amount"):
        if data.get(field) is None:
            raise Invalid(field, "Wajib diisi.")
    tax = data.get("tax_withheld") or 0
    if problem := rules.payment_problem(data["amount"], tax, line["amount"]):
        raise Invalid(*problem)
    record.paid_on, record.paid_amount, record.tax_withheld = data["paid_on"], data["amount"], tax
    record.net_amount, record.paid_by = data["amount"] - tax, ctx.principal.username


def _hold(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    record.held_reason = record.note = data["note"]


def _release(ctx: Context, record: PaymentRecord, data: dict, line: dict) -> None:
    record.note = data["note"]


# What each move of the payment table checks and records before the status changes.
STEPS = {"submit": _submit, "return": _return, "check": _check, "pay": _pay, "hold": _hold, "release": _release}
if set(STEPS) != set(rules.PAYMENT_MOVES):
    raise RuntimeError("every move of the payment table needs its step")


@authorized(can.MOVE)
def move(uow: UnitOfWork, ctx: Context, contract_id: int, month: str, action: str, data: dict) -> Contract:
    """One step of the month's payment, as the table allows; emails the partner when returned, paid or held."""
    session = uow.session
    contract = _contract(session, ctx, contract_id)
    if action not in rules.PAYMENT_MOVES:
        raise NotFound(f"Tindakan {action} tidak dikenal.")
    _month_problem(contract, month, ctx.today())
    record = ensure_record(session, contract.id, month)
    made = rules.PAYMENT_MOVES.check(action, PaymentStatus(record.status), ctx.roles)
    note = (data.get("note") or "").strip() or None
    if action in rules.NEEDS_NOTE and not note:
        raise Invalid("note", "Sebutkan alasannya.")
    line = due_of(session, contract).get(month) or {"billable": 0, "amount": 0}
    STEPS[action](ctx, record, {**data, "note": note}, line)
    record.status = made.target
    record.updated_at = ctx.now()
    session.flush()
    outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id)
    base = {"id": record.id, "contract_id": contract.id, "period_id": contract.period_id, "month": month}
    if action == "pay":
        uow.emit(
            events.PAYMENT_PAID,
            {
                **base,
                "amount": record.paid_amount,
                "tax_withheld": record.tax_withheld,
                "net_amount": record.net_amount,
                "paid_on": record.paid_on.isoformat(),
            },
            subject=str(record.id),
        )
    elif action == "hold":
        uow.emit(events.PAYMENT_HELD, {**base, "amount_due": line["amount"]}, subject=str(record.id))
    _mail(session, outlet, contract, record, action)
    uow.commit()
    return contract


def _mail(session: Session, outlet: Outlet, contract: Contract, record: PaymentRecord, action: str) -> None:
    if not outlet.email or action not in ("return", "pay", "hold"):
        return
    about = f"kontrak {contract.number} bulan {record.month}"
    if action == "return":
        subject, body = (
            f"[Pembayaran] SPJ {about} dikembalikan",
            f"SPJ {about} dikembalikan untuk diperbaiki:\n\n{record.note}\n\n"
            "Perbaiki dokumennya lalu ajukan lagi di aplikasi kemitraan.",
        )
    elif action == "pay":
        subject, body = (
            f"[Pembayaran] {about} dibayar",
            f"Pembayaran {about} dicatat dibayar pada {record.paid_on.isoformat()}:\n"
            f"Jumlah {rupiah(record.paid_amount)}, PPh dipotong {rupiah(record.tax_withheld)}, "
            f"diterima {rupiah(record.net_amount)}.",
        )
    else:
        subject, body = (
            f"[Pembayaran] {about} ditahan",
            f"Pembayaran {about} ditahan dengan alasan:\n\n{record.held_reason}",
        )
    mail.queue(session, mail_outbox, outlet.email, subject, body)
