"""The press outlet's contract pages (``media:partner``): the contract, its publication proofs, and each month's
SPJ (the accountability documents) and what is owed for it."""

from __future__ import annotations

from flask import redirect, request, url_for

from chassis import files
from chassis.errors import Invalid, NotFound
from chassis.forms import attempt, form_values
from registry import schemas, uploads
from registry.use_cases import payments, proofs
from registry.web import page, pages, perform, shown, working
from registry.web.partner import partner


def _contract_page(who, contract_id: int, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = proofs.contract_page(uow, ctx, contract_id)
        return page(
            "registry/partner_contract.html", status, who=who, message=request.args.get("pesan"), **found, **context
        )


def _to_contract(contract_id: int, message: str, anchor: str):
    return redirect(
        url_for("registry_pages.partner_contract", contract_id=contract_id, pesan=message) + anchor, code=303
    )


@pages.get("/mitra/bukti/<int:proof_id>/tangkapan-layar")
@partner
def proof_screenshot(who, proof_id):
    with working(who) as (uow, ctx):
        proof = proofs.screenshot_of(uow, ctx, proof_id)
        return uploads.response(proof.file_sha256, proof.file_type, proof.file_name, shown=True)


@pages.get("/mitra/kontrak/<int:contract_id>")
@partner
def partner_contract(who, contract_id):
    return _contract_page(who, contract_id)


@pages.post("/mitra/kontrak/<int:contract_id>/bukti")
@partner
def submit_proof(who, contract_id):
    values = {**form_values(), "contract_id": contract_id}

    def run():
        data = schemas.ProofIn().load({k: v for k, v in values.items() if k in schemas.ProofIn().fields})
        with working(who) as (_uow, ctx):
            screenshot = files.accept_image(
                request.files.get("screenshot"), ctx.settings.document_max_bytes, "screenshot"
            )
        return perform(who, proofs.submit_proof, data, screenshot)

    _done, refused = attempt(run)
    if refused and refused.status == 404 and "release_id" not in refused.fields:
        raise NotFound(refused.message)  # the contract is not this outlet's
    if refused:
        return _contract_page(
            who, contract_id, refused.status, values=values, errors=shown(refused), problem=refused.general
        )
    return _to_contract(contract_id, "Bukti tayang dikirim untuk diperiksa.", "#bukti")


def _month_refused(who, contract_id: int, month: str, refused):
    """The contract page again with the month's errors."""
    errors = shown(refused)
    return _contract_page(
        who,
        contract_id,
        refused.status,
        spj_month=month,
        spj_errors=errors,
        problem=refused.general or "; ".join(m for found in errors.values() for m in found),
    )


@pages.post("/mitra/kontrak/<int:contract_id>/bulan/<string:month>/spj")
@partner
def upload_spj(who, contract_id, month):
    """One accountability document (SPJ) of a month, while the month's payment is still open."""

    def accepted():
        with working(who) as (_uow, ctx):
            stored = files.accept_upload(request.files.get("file"), ctx.settings.document_max_bytes)
        if stored is None:
            raise Invalid("file", "Pilih berkas.")
        return stored

    stored, refused = attempt(accepted)
    if refused:
        errors = shown(refused)
        return _contract_page(
            who, contract_id, refused.status, spj_month=month, spj_errors=errors, problem=refused.general
        )
    _done, refused = attempt(lambda: perform(who, payments.add_document, contract_id, month, stored), reraise=(404,))
    if refused:
        return _month_refused(who, contract_id, month, refused)
    return _to_contract(contract_id, f"Dokumen SPJ {month} diunggah.", "#pembayaran")


@pages.post("/mitra/kontrak/<int:contract_id>/bulan/<string:month>/ajukan")
@partner
def submit_spj(who, contract_id, month):
    _done, refused = attempt(lambda: perform(who, payments.move, contract_id, month, "submit", {}), reraise=(404,))
    if refused:
        return _month_refused(who, contract_id, month, refused)
    return _to_contract(contract_id, f"SPJ {month} diajukan.", "#pembayaran")
