"""KIM (Kelompok Informasi Masyarakat): the public list and page of each group; verifiers manage groups, members
(whose phones only verifiers see) and activities."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from chassis import files
from chassis.openapi import file_answer, json_answer
from chassis.permissions import calls
from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from registry import schemas, uploads
from registry.context import context
from registry.use_cases import kim

blp = Blueprint("kim", __name__, url_prefix="/api/registry", description="Kelompok Informasi Masyarakat (KIM)")


def _show(uow, group_id: int) -> dict:
    return kim.show(uow, context(), group_id)


@blp.get("/kim")
@blp.doc(**json_answer())
@blp.arguments(schemas.KimListQuery, location="query")
def listing(query):
    """Daftar KIM (publik), urut kode wilayah; `region`: awalan kode Kemendagri (mis. 71.74 atau 71.74.01).
    Tanpa data pribadi: nama ketua dan anggota hanya untuk verifikator."""
    with suite().db.session() as session:
        return kim.listing(session, query)


@blp.post("/kim")
@blp.doc(**json_answer(201))
@blp.arguments(schemas.KimIn)
@blp.doc(security=[{"bearer": []}])
@calls(kim.create)
def create(data):
    """Daftarkan KIM sebuah desa/kelurahan (71.74.01.2001) atau kecamatan (71.74.01)."""
    with unit_of_work() as uow:
        group = kim.create(uow, context(), data)
        return kim.view(group, True), 201


@blp.get("/kim/<int:group_id>")
@blp.doc(**json_answer())
def show(group_id):
    """Satu KIM dengan kegiatannya (publik); verifikator juga melihat ketua dan anggota dengan nomor teleponnya."""
    with unit_of_work() as uow:
        return _show(uow, group_id)


@blp.put("/kim/<int:group_id>")
@blp.doc(**json_answer())
@blp.arguments(schemas.KimIn)
@blp.doc(security=[{"bearer": []}])
@calls(kim.update)
def update(data, group_id):
    with unit_of_work() as uow:
        return kim.view(kim.update(uow, context(), group_id, data), True)


@blp.post("/kim/<int:group_id>/members")
@blp.doc(**json_answer(201))
@blp.arguments(schemas.KimMemberIn)
@blp.doc(security=[{"bearer": []}])
@calls(kim.add_member)
def add_member(data, group_id):
    with unit_of_work() as uow:
        kim.add_member(uow, context(), group_id, data)
        return _show(uow, group_id), 201


@blp.delete("/kim/<int:group_id>/members/<int:member_id>")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(kim.remove_member)
def remove_member(group_id, member_id):
    with unit_of_work() as uow:
        kim.remove_member(uow, context(), group_id, member_id)
        return _show(uow, group_id)


@blp.post("/kim/<int:group_id>/activities")
@blp.doc(**json_answer(201))
@blp.alt_response(413, description="Foto terlalu besar")
@blp.alt_response(415, description="Foto bukan JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}])
@calls(kim.add_activity)
def add_activity(group_id):
    """Kegiatan: JSON `{"held_on","title","description","url"}`, atau multipart dengan kolom yang sama dan `photo`
    (JPEG/PNG) bila ada."""
    multipart = request.mimetype == "multipart/form-data"
    raw = request.form.to_dict() if multipart else (request.get_json(silent=True) or {})
    try:
        data = schemas.KimActivityIn().load({k: v for k, v in raw.items() if v != "" or k in ("held_on", "title")})
    except ValidationError as exc:
        raise Problem(422, "Isian kegiatan tidak valid.", errors=flatten_errors(exc.messages)) from None
    upload = request.files.get("photo") if multipart else None
    photo = files.accept_image(upload, suite().settings.document_max_bytes, "photo")
    with unit_of_work() as uow:
        kim.add_activity(uow, context(), group_id, data, photo)
        return _show(uow, group_id), 201


@blp.delete("/kim/<int:group_id>/activities/<int:activity_id>")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(kim.remove_activity)
def remove_activity(group_id, activity_id):
    with unit_of_work() as uow:
        kim.remove_activity(uow, context(), group_id, activity_id)
        return _show(uow, group_id)


@blp.get("/kim/activities/<int:activity_id>/photo")
@blp.doc(**file_answer("image/jpeg", "image/png", description="Gambar (JPEG, PNG)"))
def photo(activity_id):
    """Foto kegiatan (publik), disimpan menurut checksum: tidak berubah, boleh di-cache lama."""
    with suite().db.session() as session:
        activity = kim.photo_of(session, activity_id)
    return uploads.response(
        activity.photo_sha256, activity.photo_type, f"kegiatan-{activity.id}", shown=True, public=True
    )
