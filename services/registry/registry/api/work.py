"""``GET /api/registry/work``: the counts of the caller's waiting work, for the gateway's start page."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis import caching
from chassis.permissions import calls
from chassis.schemas import WorkList
from chassis.web import unit_of_work
from registry.context import context
from registry.use_cases import work

blp = Blueprint("work", __name__, url_prefix="/api/registry", description="Pekerjaan yang menunggu")


@blp.get("/work")
@blp.response(200, WorkList)
@blp.doc(security=[{"bearer": []}])
@calls(work.waiting)
def waiting():
    """Jumlah pekerjaan yang menunggu pemanggil, per perannya, dengan halaman daftarnya."""
    with unit_of_work() as uow:
        return {"items": work.waiting(uow, context())}, 200, caching.PRIVATE
