"""Press outlets: the verifier registers them; verifiers and admins list them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from chassis import pagination
from chassis.auth import current_principal, require_roles
from chassis.web import suite, unit_of_work
from registry import schemas, services
from registry.models import Outlet

blp = Blueprint("outlets", __name__, url_prefix="/api/registry", description="Perusahaan pers")


@blp.route("/outlets")
class Outlets(MethodView):
    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.OutletPage)
    @blp.doc(security=[{"bearer": []}])
    @require_roles("registry:verifier", "registry:approver", "admin")
    def get(self, query):
        """Perusahaan pers terdaftar, terbaru dulu."""
        limit = query["limit"]
        statement = pagination.newest_first(select(Outlet), Outlet.registered_at, Outlet.id, query.get("after"), limit)
        with suite().db.session() as session:
            rows, cursor = pagination.page(list(session.scalars(statement)), limit, lambda o: (o.registered_at, o.id))
        return {"items": rows, "next": cursor}

    @blp.arguments(schemas.OutletInput)
    @blp.response(201, schemas.Outlet)
    @blp.alt_response(409, description="NPWP sudah terdaftar")
    @blp.doc(security=[{"bearer": []}])
    @require_roles("registry:verifier", "media:partner")
    def post(self, data):
        """Daftarkan perusahaan pers: verifikator, atau akun mitra media untuk perusahaannya sendiri (satu per akun)."""
        with unit_of_work() as uow:
            outlet = services.register_outlet(uow, data, current_principal())
        return outlet
