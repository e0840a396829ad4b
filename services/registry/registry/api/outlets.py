"""Press outlets: the verifier or the outlet's own account registers them; its staff join by invitation."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from chassis.openapi import json_answer
from chassis.permissions import calls
from chassis.web import unit_of_work
from registry import schemas
from registry.context import context
from registry.use_cases import membership, outlets

blp = Blueprint("outlets", __name__, url_prefix="/api/registry", description="Perusahaan pers")


@blp.route("/outlets")
class Outlets(MethodView):
    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.OutletPage)
    @blp.doc(security=[{"bearer": []}])
    @calls(outlets.list_outlets)
    def get(self, query):
        """Perusahaan pers terdaftar, terbaru dulu."""
        with unit_of_work() as uow:
            return outlets.list_outlets(uow, context(), query)

    @blp.arguments(schemas.OutletInput)
    @blp.response(201, schemas.Outlet)
    @blp.alt_response(409, description="NPWP sudah terdaftar")
    @blp.doc(security=[{"bearer": []}])
    @calls(outlets.register_outlet)
    def post(self, data):
        """Daftarkan perusahaan pers: verifikator, atau akun mitra media untuk perusahaannya sendiri (satu per akun)."""
        with unit_of_work() as uow:
            outlet = outlets.register_outlet(uow, context(), data)
        return outlet


@blp.get("/outlets/<int:outlet_id>")
@blp.response(200, schemas.OutletDetail)
@blp.doc(security=[{"bearer": []}])
@calls(outlets.show_outlet)
def show(outlet_id):
    """Profil perusahaan pers dengan riwayat perubahannya (siapa, kapan, isian mana)."""
    with unit_of_work() as uow:
        return outlets.show_outlet(uow, context(), outlet_id)


@blp.patch("/outlets/<int:outlet_id>")
@blp.arguments(schemas.OutletPatch(partial=True))
@blp.response(200, schemas.OutletDetail)
@blp.alt_response(409, description="NPWP sudah dipakai perusahaan pers lain (errors: npwp)")
@blp.doc(security=[{"bearer": []}])
@calls(outlets.update_outlet)
def update(data, outlet_id):
    """Ubah profil: akun perusahaan pers itu (pengelola atau staf) atau verifikator; isian yang dikirim saja, diperiksa
    seperti saat mendaftar. Perubahan dicatat (siapa, kapan, isian mana) dan diumumkan lewat
    `registry.outlet.updated.v1`."""
    with unit_of_work() as uow:
        return outlets.detail(uow.session, outlets.update_outlet(uow, context(), outlet_id, data))


@blp.get("/outlets/<int:outlet_id>/members")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(membership.members)
def members(outlet_id):
    """Staf perusahaan pers: undangan yang menunggu dan akun yang sudah bergabung."""
    with unit_of_work() as uow:
        return {"items": membership.members(uow, context(), outlet_id)}


@blp.post("/outlets/<int:outlet_id>/members")
@blp.doc(**json_answer(201))
@blp.arguments(schemas.InvitationIn)
@blp.alt_response(403, description="Hanya akun pengelola yang mengundang")
@blp.doc(security=[{"bearer": []}])
@calls(membership.invite)
def invite(data, outlet_id):
    """Undang staf lewat surel: tautan undangan berlaku 7 hari dan mengikat akun mitra yang membukanya."""
    ctx = context()
    with unit_of_work() as uow:
        member, _link = membership.invite(uow, ctx, outlet_id, data["email"])
        return membership.view(member, ctx.now()), 201


@blp.delete("/outlets/<int:outlet_id>/members/<int:member_id>")
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
@calls(membership.remove)
def remove_member(outlet_id, member_id):
    """Keluarkan staf atau batalkan undangan (akun pengelola)."""
    with unit_of_work() as uow:
        membership.remove(uow, context(), outlet_id, member_id)


@blp.post("/invitations/<string:token>/accept")
@blp.doc(**json_answer())
@blp.alt_response(409, description="Akun sudah mengelola perusahaan pers lain")
@blp.alt_response(410, description="Undangan kedaluwarsa")
@blp.doc(security=[{"bearer": []}])
@calls(membership.accept)
def accept_invitation(token):
    """Terima undangan: akun mitra yang masuk menjadi staf perusahaan pers pengundang."""
    ctx = context()
    with unit_of_work() as uow:
        return membership.view(membership.accept(uow, ctx, token), ctx.now())
