"""Objections (keberatan): filed by the requester, answered by the PPID's superior, disputes recorded."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from chassis.auth import current_principal, require_roles
from chassis.web import suite, unit_of_work
from ppid import schemas, services
from ppid.api.requests import context, objection_view
from ppid.domain.workflow import OFFICER, SUPERIOR
from ppid.models import Objection

blp = Blueprint("objections", __name__, url_prefix="/api/ppid", description="Keberatan dan sengketa informasi")


@blp.route("/objections")
class Objections(MethodView):
    @blp.arguments(schemas.ObjectionInput)
    @blp.response(201, schemas.ObjectionOut)
    @blp.alt_response(409, description="Belum ada dasar keberatan, atau batas 30 hari kerja sudah lewat")
    def post(self, data):
        """Ajukan keberatan kepada atasan PPID (nomor pendaftaran dan kode pelacakan, alasan a-g Pasal 35)."""
        with unit_of_work() as uow:
            objection = services.file_objection(uow, data, context(uow.session))
            return objection_view(objection)

    @blp.response(200, schemas.ObjectionList)
    @blp.doc(security=[{"bearer": []}])
    @require_roles(OFFICER, SUPERIOR)
    def get(self):
        """Keberatan, yang belum ditanggapi dulu, urut tenggat."""
        with suite().db.session() as session:
            rows = session.scalars(
                select(Objection)
                .options(selectinload(Objection.request))
                .order_by(Objection.status, Objection.due_date, Objection.id)
            ).all()
            return {"items": [objection_view(o) for o in rows]}


@blp.post("/objections/<string:number>/decide")
@blp.arguments(schemas.ObjectionDecision)
@blp.response(200, schemas.ObjectionOut)
@blp.doc(security=[{"bearer": []}])
@require_roles(SUPERIOR)
def decide(data, number):
    """Tanggapan tertulis atasan PPID atas keberatan (paling lambat 30 hari kerja)."""
    with unit_of_work() as uow:
        objection = services.decide_objection(uow, number, data, current_principal(), context(uow.session))
        return objection_view(objection)


@blp.post("/objections/<string:number>/dispute")
@blp.arguments(schemas.DisputeInput)
@blp.response(200, schemas.ObjectionOut)
@blp.doc(security=[{"bearer": []}])
@require_roles(OFFICER, SUPERIOR)
def dispute(data, number):
    """Catat sengketa informasi yang diajukan pemohon ke Komisi Informasi."""
    with unit_of_work() as uow:
        objection = services.record_dispute(uow, number, data, current_principal(), context(uow.session))
        return objection_view(objection)


@blp.post("/objections/<string:number>/dispute/outcome")
@blp.arguments(schemas.DisputeOutcomeInput)
@blp.response(200, schemas.ObjectionOut)
@blp.alt_response(409, description="Belum ada sengketa, atau hasilnya sudah final")
@blp.doc(security=[{"bearer": []}])
@require_roles(OFFICER, SUPERIOR)
def dispute_outcome(data, number):
    """Catat hasil sengketa di Komisi Informasi: mediasi (berhasil/gagal) atau putusan ajudikasi, tanggal dan nomor."""
    with unit_of_work() as uow:
        objection = services.record_dispute_outcome(uow, number, data, current_principal(), context(uow.session))
        return objection_view(objection)
