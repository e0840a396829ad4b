"""The office's figures of a period (staff only)."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis.auth import require_roles
from chassis.openapi import json_answer
from chassis.web import suite
from registry import figures, schemas
from registry.domain.applications import APPROVER, VERIFIER

blp = Blueprint("figures", __name__, url_prefix="/api/registry", description="Angka kemitraan media")


@blp.get("/figures")
@blp.doc(**json_answer())
@blp.arguments(schemas.FiguresQuery, location="query")
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER, APPROVER)
def of_period(query):
    """Mitra per jenis media dan tingkat, wartawan mitra per jenjang UKW, siaran pers yang paling banyak dimuat (`top`),
    dan anggaran: tersedia, terikat kontrak, terpakai, dibayar."""
    with suite().db.session() as session:
        return figures.of_period(session, query["period_id"], query["top"])
