"""The registry's long lists for staff consoles and partners: filters, keyset pagination, a stable order."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis.permissions import calls
from chassis.schemas import Schema
from chassis.web import unit_of_work
from registry import queries
from registry.context import context
from registry.domain.applications import Status
from registry.schemas import ListQuery

blp = Blueprint("lists", __name__, url_prefix="/api/registry", description="Daftar: antrean, bukti, kontrak, SK")

PROOF_STATUSES = ["pending", "accepted", "rejected"]
CONTRACT_STATUSES = ["active", "suspended", "ended"]


class ApplicationQuery(ListQuery):
    period_id = fields.Integer(metadata={"description": "Masa pendaftaran"})
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Bagian nama media (merek)"})


class ProofQuery(ListQuery):
    contract_id = fields.Integer()
    period_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(PROOF_STATUSES))


class ContractQuery(ListQuery):
    period_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(CONTRACT_STATUSES))


class DecreeQuery(ListQuery):
    period_id = fields.Integer()


class ApplicationRow(Schema):
    id = fields.Integer()
    period_id = fields.Integer()
    outlet_id = fields.Integer()
    outlet = fields.String(metadata={"description": "Nama media (merek)"})
    tier = fields.String(allow_none=True)
    status = fields.String()
    status_label = fields.String()
    created_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class ProofRow(Schema):
    id = fields.Integer()
    contract_id = fields.Integer()
    contract = fields.String(metadata={"description": "Nomor kontrak"})
    period_id = fields.Integer()
    release_id = fields.Integer()
    release = fields.String(metadata={"description": "Judul siaran pers"})
    outlet = fields.String()
    url = fields.String()
    published_on = fields.Date()
    status = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)
    screenshot = fields.Boolean(metadata={"description": "Ada tangkapan layar (GET /proofs/<id>/screenshot)"})
    release_notice = fields.String(allow_none=True, metadata={"description": "withdrawn/corrected sesudah bukti ini"})


class ContractRow(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    period_id = fields.Integer()
    outlet_id = fields.Integer()
    outlet = fields.String()
    number = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    value = fields.Integer(metadata={"description": "Rupiah"})
    quota = fields.Integer()
    rate = fields.Integer()
    status = fields.String()
    suspension_reason = fields.String(allow_none=True)


class DecreeRow(Schema):
    id = fields.Integer()
    period_id = fields.Integer()
    period = fields.String()
    number = fields.String()
    signed_on = fields.Date()
    signer = fields.String()
    applications = fields.Integer(metadata={"description": "Jumlah pendaftaran yang ditetapkan"})
    application_ids = fields.List(fields.Integer())


def _page(row: type[Schema]) -> Schema:
    return Schema.from_dict(
        {"items": fields.List(fields.Nested(row)), "next": fields.String(allow_none=True)},
        name=f"{row.__name__}Page",
    )()


@blp.get("/applications")
@blp.arguments(ApplicationQuery, location="query")
@blp.response(200, _page(ApplicationRow))
@blp.doc(security=[{"bearer": []}])
@calls(queries.applications)
def applications(query):
    """Antrean pendaftaran menurut waktu pengajuan (yang lebih dulu di atas); mitra: milik perusahaannya saja."""
    with unit_of_work() as uow:
        items, cursor = queries.applications(uow, context(), query)
    return {"items": items, "next": cursor}


@blp.get("/proofs")
@blp.arguments(ProofQuery, location="query")
@blp.response(200, _page(ProofRow))
@blp.doc(security=[{"bearer": []}])
@calls(queries.proofs)
def proofs(query):
    """Bukti tayang, yang lebih dulu di atas; mitra: milik perusahaannya saja."""
    with unit_of_work() as uow:
        items, cursor = queries.proofs(uow, context(), query)
    return {"items": items, "next": cursor}


@blp.get("/contracts")
@blp.arguments(ContractQuery, location="query")
@blp.response(200, _page(ContractRow))
@blp.doc(security=[{"bearer": []}])
@calls(queries.contracts)
def contracts(query):
    """Kontrak, terbaru dulu; mitra: milik perusahaannya saja."""
    with unit_of_work() as uow:
        items, cursor = queries.contracts(uow, context(), query)
    return {"items": items, "next": cursor}


@blp.get("/decrees")
@blp.arguments(DecreeQuery, location="query")
@blp.response(200, _page(DecreeRow))
@blp.doc(security=[{"bearer": []}])
@calls(queries.decrees)
def decrees(query):
    """SK penetapan, terbaru dulu."""
    with unit_of_work() as uow:
        items, cursor = queries.decrees(uow, context(), query)
    return {"items": items, "next": cursor}
