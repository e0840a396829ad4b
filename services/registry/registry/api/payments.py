"""Payment records: the partner's SPJ for a month of its contract, the office's check, payment or hold; what the
office owes."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from chassis import files
from chassis.openapi import file_answer, json_answer
from chassis.permissions import calls
from chassis.problems import Problem
from chassis.web import unit_of_work
from registry import schemas, uploads
from registry.context import context
from registry.use_cases import payables, payments

blp = Blueprint("payments", __name__, url_prefix="/api/registry", description="Pembayaran per bulan kontrak")

RECORD = "/contracts/<int:contract_id>/payments/<string:month>"


@blp.get("/payments")
@blp.doc(**json_answer())
@blp.arguments(schemas.PaymentListQuery, location="query")
@blp.doc(security=[{"bearer": []}])
@calls(payables.owed)
def owed(query):
    """Yang harus dibayar kantor: catatan pembayaran per bulan kontrak (bulan terlama dulu), disaring `status` dan
    `period_id`, dengan jumlah terutang; `totals`: jumlah terutang, dibayar, dan belum dibayar atas semua yang cocok."""
    with unit_of_work() as uow:
        return payables.owed(uow, context(), query)


@blp.get(RECORD)
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(payments.show_month)
def show(contract_id, month):
    """Satu bulan kontrak: bukti, jumlah terutang, dokumen SPJ, status pembayaran dan tindakan yang boleh."""
    with unit_of_work() as uow:
        return payments.show_month(uow, context(), contract_id, month)


@blp.post(f"{RECORD}/documents")
@blp.doc(**json_answer(201))
@blp.alt_response(413, description="Berkas terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}])
@calls(payments.add_document)
def upload(contract_id, month):
    """Unggah satu dokumen SPJ (multipart `file`: PDF, JPEG atau PNG) selama pembayaran bulan itu masih terbuka."""
    ctx = context()
    stored = files.accept_upload(request.files.get("file"), ctx.settings.document_max_bytes)
    if stored is None:
        raise Problem(422, "Pilih berkas.", errors=[{"field": "file", "message": "Wajib diisi."}])
    with unit_of_work() as uow:
        contract = payments.add_document(uow, ctx, contract_id, month, stored)
        return payments.month_view(uow.session, ctx, contract, month), 201


@blp.delete(f"{RECORD}/documents/<int:document_id>")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(payments.remove_document)
def remove(contract_id, month, document_id):
    """Hapus dokumen SPJ selama pembayaran bulan itu masih terbuka."""
    ctx = context()
    with unit_of_work() as uow:
        contract = payments.remove_document(uow, ctx, contract_id, month, document_id)
        return payments.month_view(uow.session, ctx, contract, month)


@blp.get(f"{RECORD}/documents/<int:document_id>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@calls(payments.document_file)
def download(contract_id, month, document_id):
    """Berkas SPJ: hanya untuk mitra pemilik kontrak dan petugas."""
    with unit_of_work() as uow:
        document = payments.document_file(uow, context(), contract_id, month, document_id)
        return uploads.response(document.file_sha256, document.file_type, document.file_name)


@blp.post(f"{RECORD}/<string:action>")
@blp.doc(**json_answer())
@blp.arguments(schemas.PaymentMoveIn(), required=False)
@blp.alt_response(409, description="Status pembayaran tidak mengizinkan tindakan ini (current_state)")
@blp.doc(security=[{"bearer": []}])
@calls(payments.move)
def act(data, contract_id, month, action):
    """submit (mitra: ajukan SPJ), check / return (verifikator, return dengan `note`), pay (`paid_on`, `amount`,
    `tax_withheld`), hold (`note`: alasan), release."""
    ctx = context()
    with unit_of_work() as uow:
        contract = payments.move(uow, ctx, contract_id, month, action, data or {})
        return payments.month_view(uow.session, ctx, contract, month)
