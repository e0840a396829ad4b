"""Decrees (SK) and contracts, with their PDF documents."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from chassis.auth import current_principal, require_roles
from chassis.db import values as db_values
from chassis.openapi import file_answer
from chassis.problems import Problem
from chassis.web import download, suite, unit_of_work
from registry import documents, schemas
from registry.api.applications import _today
from registry.domain.applications import APPROVER, VERIFIER
from registry.models import Application, Decree, Journalist, Outlet, Period
from registry.use_cases import contracts, proofs

blp = Blueprint("contracts", __name__, url_prefix="/api/registry", description="SK penetapan dan kontrak")


@blp.post("/decrees")
@blp.arguments(schemas.DecreeIn)
@blp.response(201, schemas.DecreeOut)
@blp.alt_response(409, description="Ada pendaftaran yang tidak terverifikasi pada masa itu (failing)")
@blp.doc(security=[{"bearer": []}])
@require_roles(APPROVER)
def issue(data):
    """Tetapkan SK atas pendaftaran terverifikasi yang disebut: semuanya menjadi disetujui, dalam satu transaksi."""
    with unit_of_work() as uow:
        return db_values(contracts.issue_decree(uow, data, current_principal(), _today()))


@blp.get("/decrees/<int:decree_id>/attachment.pdf")
@blp.doc(**file_answer("application/pdf", description="PDF"))
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER, APPROVER)
def attachment(decree_id):
    """Lampiran SK: perusahaan pers dan wartawannya."""
    with suite().db.session() as session:
        decree = session.get(Decree, decree_id)
        if decree is None:
            raise Problem(404, "SK tidak ada.", title="Not Found")
        rows = []
        for application_id in decree.application_ids:
            outlet = session.get(Outlet, session.get(Application, application_id).outlet_id)
            people = session.scalars(
                select(Journalist)
                .where(Journalist.outlet_id == outlet.id, Journalist.on_staff(decree.signed_on))
                .order_by(Journalist.id)
            )
            rows.append({"outlet": outlet.name, "legal_name": outlet.legal_name, "media_type": outlet.media_type,
                         "journalists": [(j.name, j.role, j.ukw_level) for j in people]})  # fmt: skip
        pdf = documents.decree_attachment(suite().settings, decree, session.get(Period, decree.period_id), rows)
    return download(pdf, f"lampiran-sk-{decree_id}.pdf", inline=True)


@blp.post("/contracts")
@blp.arguments(schemas.ContractIn)
@blp.response(201, schemas.ContractOut)
@blp.alt_response(409, description="Melebihi sisa anggaran masa (remaining_budget), atau belum disetujui")
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER)
def create(data):
    """Kontrak dengan mitra yang disetujui; jumlah nilai kontrak satu masa tidak melebihi anggarannya."""
    with unit_of_work() as uow:
        return db_values(contracts.create_contract(uow, data, current_principal()))


@blp.post("/contracts/<int:contract_id>/<string:action>")
@blp.arguments(schemas.ContractMoveIn(), required=False)
@blp.response(200, schemas.ContractOut)
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER, APPROVER)
def move(data, contract_id, action):
    """suspend (dengan alasan), resume, end."""
    if action not in contracts.CONTRACT_MOVES:
        raise Problem(404, f"Tindakan {action} tidak dikenal.", title="Not Found")
    with unit_of_work() as uow:
        return db_values(contracts.move_contract(uow, contract_id, action, (data or {}).get("reason")))


@blp.get("/contracts/<int:contract_id>/summary.pdf")
@blp.doc(**file_answer("application/pdf", description="PDF"))
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER, APPROVER, "media:partner")
def summary(contract_id):
    who = current_principal()
    with suite().db.session() as session:
        contract = proofs.contract_of_partner(session, contract_id, who)
        outlet = session.get(Outlet, session.get(Application, contract.application_id).outlet_id)
        pdf = documents.contract_summary(suite().settings, contract, outlet,
                                         session.get(Period, contract.period_id))  # fmt: skip
    return download(pdf, f"kontrak-{contract.number.replace('/', '-')}.pdf", inline=True)
