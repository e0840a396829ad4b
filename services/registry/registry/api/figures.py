"""The office's figures of a period (staff only)."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis.openapi import json_answer
from chassis.permissions import calls
from chassis.web import unit_of_work
from registry import figures, schemas
from registry.context import context

blp = Blueprint("figures", __name__, url_prefix="/api/registry", description="Angka kemitraan media")


@blp.get("/figures")
@blp.doc(**json_answer())
@blp.arguments(schemas.FiguresQuery, location="query")
@blp.doc(security=[{"bearer": []}])
@calls(figures.of_period)
def of_period(query):
    """Mitra per jenis media dan tingkat, wartawan mitra per jenjang UKW, siaran pers yang paling banyak dimuat (`top`),
    dan anggaran: tersedia, terikat kontrak, terpakai, dibayar."""
    with unit_of_work() as uow:
        return figures.of_period(uow, context(), query["period_id"], query["top"])
