"""Decrees (SK) and contracts, with their PDF documents."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis.db import values as db_values
from chassis.openapi import file_answer
from chassis.permissions import calls
from chassis.web import download, unit_of_work
from registry import schemas
from registry.context import context
from registry.use_cases import contracts

blp = Blueprint("contracts", __name__, url_prefix="/api/registry", description="SK penetapan dan kontrak")


@blp.post("/decrees")
@blp.arguments(schemas.DecreeIn)
@blp.response(201, schemas.DecreeOut)
@blp.alt_response(409, description="Ada pendaftaran yang tidak terverifikasi pada masa itu (failing)")
@blp.doc(security=[{"bearer": []}])
@calls(contracts.issue_decree)
def issue(data):
    """Tetapkan SK atas pendaftaran terverifikasi yang disebut: semuanya menjadi disetujui, dalam satu transaksi."""
    with unit_of_work() as uow:
        return db_values(contracts.issue_decree(uow, context(), data))


@blp.get("/decrees/<int:decree_id>/attachment.pdf")
@blp.doc(**file_answer("application/pdf", description="PDF"))
@blp.doc(security=[{"bearer": []}])
@calls(contracts.decree_attachment)
def attachment(decree_id):
    """Lampiran SK: perusahaan pers dan wartawannya."""
    with unit_of_work() as uow:
        pdf = contracts.decree_attachment(uow, context(), decree_id)
    return download(pdf, f"lampiran-sk-{decree_id}.pdf", inline=True)


@blp.post("/contracts")
@blp.arguments(schemas.ContractIn)
@blp.response(201, schemas.ContractOut)
@blp.alt_response(409, description="Melebihi sisa anggaran masa (remaining_budget), atau belum disetujui")
@blp.doc(security=[{"bearer": []}])
@calls(contracts.create_contract)
def create(data):
    """Kontrak dengan mitra yang disetujui; jumlah nilai kontrak satu masa tidak melebihi anggarannya."""
    with unit_of_work() as uow:
        return db_values(contracts.create_contract(uow, context(), data))


@blp.post("/contracts/<int:contract_id>/<string:action>")
@blp.arguments(schemas.ContractMoveIn(), required=False)
@blp.response(200, schemas.ContractOut)
@blp.doc(security=[{"bearer": []}])
@calls(contracts.move_contract)
def move(data, contract_id, action):
    """suspend (dengan alasan), resume, end."""
    with unit_of_work() as uow:
        return db_values(contracts.move_contract(uow, context(), contract_id, action, (data or {}).get("reason")))


@blp.get("/contracts/<int:contract_id>/summary.pdf")
@blp.doc(**file_answer("application/pdf", description="PDF"))
@blp.doc(security=[{"bearer": []}])
@calls(contracts.contract_summary)
def summary(contract_id):
    with unit_of_work() as uow:
        contract, pdf = contracts.contract_summary(uow, context(), contract_id)
        number = contract.number
    return download(pdf, f"kontrak-{number.replace('/', '-')}.pdf", inline=True)
