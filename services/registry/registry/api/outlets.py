"""Press outlets: the verifier or the outlet's own account registers them; its staff join by invitation."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from chassis import pagination
from chassis.auth import current_principal, require_roles
from chassis.db import values as db_values
from chassis.messaging import utcnow
from chassis.openapi import json_answer
from chassis.web import suite, unit_of_work
from registry import schemas
from registry.models import Outlet
from registry.use_cases import applications, membership
from registry.use_cases import outlets as services

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


def outlet_detail(session, outlet: Outlet) -> dict:
    return {**db_values(outlet), "changes": [db_values(c) for c in services.changes(session, outlet.id)]}


@blp.get("/outlets/<int:outlet_id>")
@blp.response(200, schemas.OutletDetail)
@blp.doc(security=[{"bearer": []}])
@require_roles("registry:verifier", "registry:approver", "media:partner")
def show(outlet_id):
    """Profil perusahaan pers dengan riwayat perubahannya (siapa, kapan, isian mana)."""
    with suite().db.session() as session:
        return outlet_detail(session, applications.outlet_for(session, outlet_id, current_principal()))


@blp.patch("/outlets/<int:outlet_id>")
@blp.arguments(schemas.OutletPatch(partial=True))
@blp.response(200, schemas.OutletDetail)
@blp.alt_response(409, description="NPWP sudah dipakai perusahaan pers lain (errors: npwp)")
@blp.doc(security=[{"bearer": []}])
@require_roles("registry:verifier", "media:partner")
def update(data, outlet_id):
    """Ubah profil: akun perusahaan pers itu (pengelola atau staf) atau verifikator; isian yang dikirim saja, diperiksa
    seperti saat mendaftar. Perubahan dicatat (siapa, kapan, isian mana) dan diumumkan lewat
    `registry.outlet.updated.v1`."""
    with unit_of_work() as uow:
        outlet = services.update_outlet(uow, outlet_id, data, current_principal())
        return outlet_detail(uow.session, outlet)


@blp.get("/outlets/<int:outlet_id>/members")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@require_roles("registry:verifier", "registry:approver", "media:partner")
def members(outlet_id):
    """Staf perusahaan pers: undangan yang menunggu dan akun yang sudah bergabung."""
    who = current_principal()
    with suite().db.session() as session:
        rows = membership.members(session, outlet_id, who, who.has_any("registry:verifier", "registry:approver"))
    return {"items": rows}


@blp.post("/outlets/<int:outlet_id>/members")
@blp.doc(**json_answer(201))
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
@blp.doc(**json_answer())
@blp.alt_response(409, description="Akun sudah mengelola perusahaan pers lain")
@blp.alt_response(410, description="Undangan kedaluwarsa")
@blp.doc(security=[{"bearer": []}])
@require_roles("media:partner")
def accept_invitation(token):
    """Terima undangan: akun mitra yang masuk menjadi staf perusahaan pers pengundang."""
    with unit_of_work() as uow:
        member = membership.accept(uow, token, current_principal())
        return membership.view(member, utcnow())
