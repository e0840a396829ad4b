"""``GET /api/ppid/work``: the counts of the caller's waiting work, for the gateway's start page."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis import caching
from chassis.permissions import calls
from chassis.schemas import WorkList
from ppid.context import context, reading
from ppid.use_cases import work

blp = Blueprint("work", __name__, url_prefix="/api/ppid", description="Pekerjaan yang menunggu")


@blp.get("/work")
@blp.response(200, WorkList)
@blp.doc(security=[{"bearer": []}])
@calls(work.waiting)
def waiting():
    """Jumlah pekerjaan yang menunggu pemanggil, per perannya, dengan halaman daftarnya."""
    with reading() as uow:
        return {"items": work.waiting(uow, context(uow.session))}, 200, caching.PRIVATE
