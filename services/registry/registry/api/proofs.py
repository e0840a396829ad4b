"""Publication proofs and payments."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from chassis import files
from chassis.db import values as db_values
from chassis.openapi import file_answer, json_answer
from chassis.permissions import calls
from chassis.problems import Problem
from chassis.web import DOWNLOAD_TYPES, download, unit_of_work
from registry import report_files, schemas, uploads
from registry.context import context
from registry.schemas import load_form
from registry.use_cases import payments as money
from registry.use_cases import proofs, reminders

blp = Blueprint("proofs", __name__, url_prefix="/api/registry", description="Bukti tayang dan pembayaran")


PROOF_FIELDS = {
    "type": "object",
    "required": ["contract_id", "release_id", "url", "published_on", "screenshot"],
    "properties": {
        "contract_id": {"type": "integer", "minimum": 1},
        "release_id": {"type": "integer", "minimum": 1},
        "url": {"type": "string", "format": "uri", "maxLength": 500},
        "published_on": {"type": "string", "format": "date"},
        "screenshot": {"type": "string", "format": "binary", "description": "Tangkapan layar halaman (PNG/JPEG)"},
    },
}


@blp.post("/proofs")
@blp.response(201, schemas.ProofOut)
@blp.alt_response(
    409,
    description="Siaran sudah dibuktikan (first_proof_id), tautan sudah dipakai, kontrak tidak "
    "berjalan, atau siaran ditarik",
)
@blp.alt_response(413, description="Tangkapan layar terlalu besar")
@blp.alt_response(415, description="Tangkapan layar bukan PNG atau JPEG (diperiksa dari isinya)")
@blp.doc(
    security=[{"bearer": []}],
    requestBody={"required": True, "content": {"multipart/form-data": {"schema": PROOF_FIELDS}}},
)
@calls(proofs.submit_proof)
def submit():
    """Bukti tayang: tautan pemuatan satu siaran pers pemerintah, tanggal tayangnya, dan tangkapan layar halamannya
    (multipart `screenshot`). Satu bukti per siaran per kontrak; bukti kedua ditolak 409 dengan bukti pertamanya."""
    ctx = context()
    # A JSON body (as before screenshots) is read too, so its caller learns the one thing missing: the screenshot.
    multipart = request.mimetype == "multipart/form-data"
    fields = request.form if multipart else (request.get_json(silent=True) or {})
    data = load_form(schemas.ProofIn, fields if isinstance(fields, dict) or multipart else {})
    screenshot = files.accept_image(request.files.get("screenshot"), ctx.settings.document_max_bytes, "screenshot")
    with unit_of_work() as uow:
        return db_values(proofs.submit_proof(uow, ctx, data, screenshot))


@blp.get("/proofs/<int:proof_id>/screenshot")
@blp.doc(**file_answer("image/jpeg", "image/png", description="Gambar (JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@calls(proofs.screenshot_of)
def screenshot(proof_id):
    """Tangkapan layar satu bukti tayang: untuk perusahaan pers itu dan petugas."""
    with unit_of_work() as uow:
        proof = proofs.screenshot_of(uow, context(), proof_id)
        return uploads.response(proof.file_sha256, proof.file_type, proof.file_name, shown=True)


@blp.post("/proofs/<int:proof_id>/review")
@blp.arguments(schemas.ProofReviewIn)
@blp.response(200, schemas.ProofOut)
@blp.doc(security=[{"bearer": []}])
@calls(proofs.review_proof)
def review(data, proof_id):
    with unit_of_work() as uow:
        return db_values(proofs.review_proof(uow, context(), proof_id, data))


@blp.get("/contracts/<int:contract_id>/payments")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(money.months)
def payments(contract_id):
    """Per bulan: bukti diterima, yang dapat ditagih (tidak melebihi kuota), dan jumlahnya (tidak melebihi nilai);
    `records`: setiap bulan kontrak sampai bulan ini dengan status pembayarannya (SPJ, diperiksa, dibayar, ditahan)."""
    with unit_of_work() as uow:
        return money.months(uow, context(), contract_id)


@blp.get("/reports/payments")
@blp.doc(**json_answer(**DOWNLOAD_TYPES))
@blp.arguments(schemas.PaymentQuery, location="query")
@blp.doc(security=[{"bearer": []}])
@calls(proofs.payment_report)
def report(query):
    """Laporan pembayaran satu masa: per kontrak dan bulan (bukti diterima, dapat ditagih, jumlah, dibayar,
    ditahan); anggaran, yang terikat kontrak, yang terpakai dan yang dibayar. `format`: json, csv, xlsx, pdf."""
    ctx = context()
    with unit_of_work() as uow:
        figures = proofs.payment_report(uow, ctx, query["period_id"])
    kind = query["format"]
    if kind == "json":
        return figures
    content = {
        "csv": report_files.as_csv,
        "xlsx": report_files.as_xlsx,
        "pdf": lambda f: report_files.as_pdf(f, ctx.settings),
    }[kind](figures)
    return download(content, f"pembayaran-masa-{query['period_id']}.{kind}")


@blp.get("/reminders")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(reminders.upcoming)
def reminders_view():
    """Dokumen yang kedaluwarsa dan kontrak yang berakhir dalam `days` hari (bawaan 30)."""
    try:
        days = max(0, min(365, int(request.args.get("days", 30))))
    except ValueError:
        raise Problem(422, "days: bukan angka.", errors=[{"field": "days", "message": "Bukan angka."}]) from None
    with unit_of_work() as uow:
        found = reminders.upcoming(uow, context(), days)
    return {
        k: [{**i, **{f: i[f].isoformat() for f in ("expires_on", "ends_on") if f in i}} for i in v]
        for k, v in found.items()
    }
