"""Payment records: the partner's SPJ for a month of its contract, the office's check, payment or hold; what the
office owes."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from chassis import files
from chassis.auth import current_principal, require_roles
from chassis.openapi import file_answer, json_answer
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from registry import schemas, uploads
from registry.domain.payments import APPROVER, PARTNER, VERIFIER
from registry.use_cases import payments, proofs

blp = Blueprint("payments", __name__, url_prefix="/api/registry", description="Pembayaran per bulan kontrak")

RECORD = "/contracts/<int:contract_id>/payments/<string:month>"


def _view(session, contract, month: str, roles) -> dict:
    found = [r for r in payments.contract_records(session, contract, suite().settings.local_date(), roles)
             if r["month"] == month]  # fmt: skip
    if not found:
        raise Problem(404, f"Bulan {month} tidak ada pada kontrak ini.", title="Not Found")
    return found[0]


@blp.get("/payments")
@blp.doc(**json_answer())
@blp.arguments(schemas.PaymentListQuery, location="query")
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER, APPROVER)
def owed(query):
    """Yang harus dibayar kantor: catatan pembayaran per bulan kontrak (bulan terlama dulu), disaring `status` dan
    `period_id`, dengan jumlah terutang; `totals`: jumlah terutang, dibayar, dan belum dibayar atas semua yang cocok."""
    with suite().db.session() as session:
        return payments.owed(session, query, current_principal().roles)


@blp.get(RECORD)
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def show(contract_id, month):
    """Satu bulan kontrak: bukti, jumlah terutang, dokumen SPJ, status pembayaran dan tindakan yang boleh."""
    who = current_principal()
    with suite().db.session() as session:
        contract = proofs.contract_of_partner(session, contract_id, who)
        return _view(session, contract, month, who.roles)


@blp.post(f"{RECORD}/documents")
@blp.doc(**json_answer(201))
@blp.alt_response(413, description="Berkas terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER)
def upload(contract_id, month):
    """Unggah satu dokumen SPJ (multipart `file`: PDF, JPEG atau PNG) selama pembayaran bulan itu masih terbuka."""
    who = current_principal()
    settings = suite().settings
    stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes)
    if stored is None:
        raise Problem(422, "Pilih berkas.", errors=[{"field": "file", "message": "Wajib diisi."}])
    with unit_of_work() as uow:
        contract = proofs.contract_of_partner(uow.session, contract_id, who)
        payments.add_document(uow, contract, month, stored, who, settings.local_date())
        return _view(uow.session, contract, month, who.roles), 201


@blp.delete(f"{RECORD}/documents/<int:document_id>")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER)
def remove(contract_id, month, document_id):
    """Hapus dokumen SPJ selama pembayaran bulan itu masih terbuka."""
    who = current_principal()
    with unit_of_work() as uow:
        contract = proofs.contract_of_partner(uow.session, contract_id, who)
        payments.remove_document(uow, contract, month, document_id)
        return _view(uow.session, contract, month, who.roles)


@blp.get(f"{RECORD}/documents/<int:document_id>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def download(contract_id, month, document_id):
    """Berkas SPJ: hanya untuk mitra pemilik kontrak dan petugas."""
    with suite().db.session() as session:
        contract = proofs.contract_of_partner(session, contract_id, current_principal())
        document = payments.document_of(session, contract, month, document_id)
    return uploads.response(document.file_sha256, document.file_type, document.file_name)


@blp.post(f"{RECORD}/<string:action>")
@blp.doc(**json_answer())
@blp.arguments(schemas.PaymentMoveIn(), required=False)
@blp.alt_response(409, description="Status pembayaran tidak mengizinkan tindakan ini (current_state)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def act(data, contract_id, month, action):
    """submit (mitra: ajukan SPJ), check / return (verifikator, return dengan `note`), pay (`paid_on`, `amount`,
    `tax_withheld`), hold (`note`: alasan), release."""
    who = current_principal()
    with unit_of_work() as uow:
        contract = proofs.contract_of_partner(uow.session, contract_id, who)
        payments.move(uow, contract, month, action, data or {}, who, suite().settings.local_date())
        return _view(uow.session, contract, month, who.roles)
