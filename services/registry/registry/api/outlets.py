"""Press outlets: the verifier or the outlet's own account registers them; its staff join by invitation."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from chassis import pagination
from chassis.auth import current_principal, require_roles
from chassis.messaging import utcnow
from chassis.web import suite, unit_of_work
from registry import membership, schemas, services
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


@blp.get("/outlets/<int:outlet_id>/members")
@blp.doc(security=[{"bearer": []}])
@require_roles("registry:verifier", "registry:approver", "media:partner")
def members(outlet_id):
    """Staf perusahaan pers: undangan yang menunggu dan akun yang sudah bergabung."""
    who = current_principal()
    with suite().db.session() as session:
        rows = membership.members(session, outlet_id, who, who.has_any("registry:verifier", "registry:approver"))
    return {"items": rows}


@blp.post("/outlets/<int:outlet_id>/members")
@blp.arguments(schemas.InvitationIn)
@blp.alt_response(403, description="Hanya akun pengelola yang mengundang")
@blp.doc(security=[{"bearer": []}])
@require_roles("media:partner")
def invite(data, outlet_id):
    """Undang staf lewat surel: tautan undangan berlaku 7 hari dan mengikat akun mitra yang membukanya."""
    with unit_of_work() as uow:
        member, _link = membership.invite(uow, outlet_id, data["email"], current_principal(),
                                          suite().settings.public_base_url)  # fmt: skip
        return membership.view(member, utcnow()), 201


@blp.delete("/outlets/<int:outlet_id>/members/<int:member_id>")
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
@require_roles("media:partner")
def remove_member(outlet_id, member_id):
    """Keluarkan staf atau batalkan undangan (akun pengelola)."""
    with unit_of_work() as uow:
        membership.remove(uow, outlet_id, member_id, current_principal())


@blp.post("/invitations/<string:token>/accept")
@blp.alt_response(409, description="Akun sudah mengelola perusahaan pers lain")
@blp.alt_response(410, description="Undangan kedaluwarsa")
@blp.doc(security=[{"bearer": []}])
@require_roles("media:partner")
def accept_invitation(token):
    """Terima undangan: akun mitra yang masuk menjadi staf perusahaan pers pengundang."""
    with unit_of_work() as uow:
        member = membership.accept(uow, token, current_principal())
        return membership.view(member, utcnow())
