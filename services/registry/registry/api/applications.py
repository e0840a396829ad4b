"""Application periods, the document catalogue, and outlets' applications with per-document review."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError, fields
from sqlalchemy import select

from chassis import caching, files
from chassis.db import values as db_values
from chassis.messaging import utcnow
from chassis.openapi import file_answer, json_answer
from chassis.permissions import calls
from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from registry import schemas, uploads
from registry.context import context
from registry.domain import applications as rules
from registry.models import DocumentType, Period
from registry.use_cases import appeals, application_views, applications, outlets, scoring
from registry.use_cases import periods as period_cases

blp = Blueprint("applications", __name__, url_prefix="/api/registry", description="Pendaftaran kemitraan media")


def period_view(period: Period) -> dict:
    now = utcnow()
    is_open = rules.window_problem(period.opens_at, period.closes_at, now) is None
    return {
        **db_values(period),
        "open": is_open,
        "seconds_left": int((period.closes_at - now).total_seconds()) if is_open else None,
    }


def _answer(uow, ctx, application) -> dict:
    return application_views.detail(uow.session, ctx, application)


@blp.get("/document-types")
@blp.response(200, schemas.DocumentTypeOut(many=True))
def document_types():
    """Katalog jenis dokumen persyaratan."""
    with suite().db.session() as session:
        return list(session.scalars(select(DocumentType).order_by(DocumentType.code)))


@blp.post("/document-types")
@blp.arguments(schemas.DocumentTypeIn)
@blp.response(201, schemas.DocumentTypeOut)
@blp.doc(security=[{"bearer": []}])
@calls(period_cases.add_document_type)
def add_document_type(data):
    with unit_of_work() as uow:
        return period_cases.add_document_type(uow, context(), data)


@blp.get("/periods")
@blp.response(200, schemas.PeriodList)
def periods():
    """Masa pendaftaran, yang sedang dibuka ditandai dengan sisa waktunya (publik)."""
    with suite().db.session() as session:
        rows = session.scalars(select(Period).order_by(Period.opens_at.desc())).all()
        return {"items": [period_view(p) for p in rows]}, 200, caching.public(30)


@blp.post("/periods")
@blp.arguments(schemas.PeriodIn)
@blp.response(201, schemas.PeriodOut)
@blp.doc(security=[{"bearer": []}])
@calls(period_cases.create_period)
def create_period(data):
    """Buka masa pendaftaran (satu per jenis pada satu waktu) dengan daftar dokumen yang diminta."""
    with unit_of_work() as uow:
        return period_view(period_cases.create_period(uow, context(), data))


@blp.post("/applications")
@blp.arguments(schemas.ApplicationIn)
@blp.response(201, schemas.ApplicationDetail)
@blp.alt_response(409, description="Belum dibuka (kapan dibuka), sudah ditutup, atau sudah mendaftar")
@blp.doc(security=[{"bearer": []}])
@calls(applications.apply)
def apply(data):
    """Daftar pada satu masa (satu pendaftaran per perusahaan pers per masa), dengan tingkatan yang dipilih."""
    ctx = context()
    with unit_of_work() as uow:
        return _answer(uow, ctx, applications.apply(uow, ctx, data))


@blp.get("/applications/<int:application_id>")
@blp.response(200, schemas.ApplicationDetail)
@blp.doc(security=[{"bearer": []}])
@calls(application_views.show)
def show(application_id):
    with unit_of_work() as uow:
        return application_views.show(uow, context(), application_id)


@blp.put("/applications/<int:application_id>/documents/<string:code>")
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(413, description="Berkas terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}])
@calls(applications.upload)
def upload(application_id, code):
    """Unggah dokumen satu persyaratan (multipart `file`, `expires_on` bila berlaku sampai tanggal tertentu)."""
    ctx = context()
    try:
        expires_on = fields.Date(allow_none=True).deserialize(request.form.get("expires_on") or None)
    except ValidationError:
        message = "Tanggal tidak valid."
        raise Problem(422, message, errors=[{"field": "expires_on", "message": message}]) from None
    stored = files.accept_upload(request.files.get("file"), ctx.settings.document_max_bytes)
    if stored is None:
        raise Problem(422, "Pilih berkas.", errors=[{"field": "file", "message": "Wajib diisi."}])
    with unit_of_work() as uow:
        return _answer(uow, ctx, applications.upload(uow, ctx, application_id, code, stored, expires_on))


@blp.get("/applications/<int:application_id>/documents/<string:code>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@calls(application_views.document_file)
def download(application_id, code):
    """Berkas dokumen: hanya untuk perusahaan pers itu dan verifikator."""
    with unit_of_work() as uow:
        doc = application_views.document_file(uow, context(), application_id, code)
        return uploads.response(doc.file_sha256, doc.file_type, doc.file_name)


@blp.post("/applications/<int:application_id>/review")
@blp.arguments(schemas.ReviewIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Bukan diajukan, atau aturan verifikasi belum terpenuhi (failing)")
@blp.doc(security=[{"bearer": []}])
@calls(applications.review)
def review(data, application_id):
    """Periksa dokumen satu per satu (diterima, atau ditolak dengan catatan), lalu: revise, verify atau reject."""
    ctx = context()
    with unit_of_work() as uow:
        return _answer(uow, ctx, applications.review(uow, ctx, application_id, data))


@blp.post("/applications/<int:application_id>/<string:action>")
@blp.arguments(schemas.ActionIn(), required=False)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Status tidak memungkinkan, atau aturan verifikasi belum terpenuhi (failing)")
@blp.doc(security=[{"bearer": []}])
@calls(applications.act)
def act(data, application_id, action):
    """submit (mitra), reject (approver, setelah terverifikasi); keputusan verifikator lewat /review."""
    ctx = context()
    with unit_of_work() as uow:
        return _answer(uow, ctx, applications.act(uow, ctx, application_id, action, (data or {}).get("note")))


@blp.route("/outlets/<int:outlet_id>/journalists", methods=["GET"])
@blp.response(200, schemas.JournalistOut(many=True))
@blp.doc(security=[{"bearer": []}])
@calls(outlets.journalists)
def journalists(outlet_id):
    """Wartawan perusahaan pers; NIK lengkap hanya untuk perusahaan itu dan verifikator."""
    with unit_of_work() as uow:
        return outlets.journalists(uow, context(), outlet_id)


@blp.route("/outlets/<int:outlet_id>/journalists", methods=["POST"])
@blp.arguments(schemas.JournalistIn)
@blp.response(201, schemas.JournalistOut)
@blp.doc(security=[{"bearer": []}])
@calls(outlets.add_journalist)
def add_journalist(data, outlet_id):
    with unit_of_work() as uow:
        return db_values(outlets.add_journalist(uow, context(), outlet_id, data))


@blp.route("/outlets/<int:outlet_id>/dewan-pers", methods=["PUT"])
@blp.doc(**json_answer())
@blp.arguments(schemas.DewanPersIn)
@blp.doc(security=[{"bearer": []}])
@calls(outlets.set_dewan_pers)
def dewan_pers(data, outlet_id):
    """Status verifikasi Dewan Pers perusahaan pers (dicatat verifikator, masuk riwayat perubahannya)."""
    with unit_of_work() as uow:
        outlet = outlets.set_dewan_pers(uow, context(), outlet_id, data)
        return {
            "id": outlet.id,
            "dewan_pers_status": outlet.dewan_pers_status,
            "dewan_pers_on": outlet.dewan_pers_on.isoformat() if outlet.dewan_pers_on else None,
        }


@blp.route("/outlets/<int:outlet_id>/journalists/<int:journalist_id>", methods=["PATCH"])
@blp.arguments(schemas.JournalistPatch)
@blp.response(200, schemas.JournalistOut)
@blp.alt_response(409, description="Wartawan sudah keluar (left_on)")
@blp.doc(security=[{"bearer": []}])
@calls(outlets.update_journalist)
def update_journalist(data, outlet_id, journalist_id):
    """Ubah jabatan, jenjang UKW (dengan nomor sertifikat), tanggal sertifikat atau kartu pers seorang wartawan."""
    with unit_of_work() as uow:
        return db_values(outlets.update_journalist(uow, context(), outlet_id, journalist_id, data))


@blp.route("/outlets/<int:outlet_id>/journalists/<int:journalist_id>", methods=["DELETE"])
@blp.arguments(schemas.JournalistLeave, location="query")
@blp.response(200, schemas.JournalistOut)
@blp.alt_response(409, description="Wartawan sudah keluar (left_on)")
@blp.doc(security=[{"bearer": []}])
@calls(outlets.remove_journalist)
def remove_journalist(query, outlet_id, journalist_id):
    """Wartawan keluar (`left_on`, bawaan hari ini): tetap tercatat, tidak dihitung lagi untuk aturan masa dan
    angka-angka sejak hari itu."""
    with unit_of_work() as uow:
        return db_values(outlets.remove_journalist(uow, context(), outlet_id, journalist_id, query.get("left_on")))


# --- scoring -----------------------------------------------------------------------------------------------

CLAIM_FIELDS = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "value": {"type": "string", "description": "Kode pilihan, atau angka untuk ukuran"},
        "evidence_url": {"type": "string", "format": "uri"},
        "evidence_text": {"type": "string"},
    },
}


@blp.put("/applications/<int:application_id>/claims/<string:code>")
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Pendaftaran tidak dalam draf, perbaikan atau banding (current_state)")
@blp.alt_response(413, description="Berkas bukti terlalu besar")
@blp.doc(
    security=[{"bearer": []}],
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": CLAIM_FIELDS},
            "multipart/form-data": {
                "schema": {
                    **CLAIM_FIELDS,
                    "properties": {**CLAIM_FIELDS["properties"], "file": {"type": "string", "format": "binary"}},
                }
            },
        },
    },
)
@calls(scoring.claim)
def claim(application_id, code):
    """Klaim skor satu kriteria dengan buktinya: JSON `{"value","evidence_url","evidence_text"}`, atau multipart
    dengan `file` (PDF, JPEG, PNG) sebagai bukti."""
    ctx = context()
    settings = ctx.settings
    multipart = request.mimetype == "multipart/form-data"
    payload = dict(request.form) if multipart else (request.get_json(silent=True) or {})
    try:
        data = schemas.ClaimIn().load({k: v for k, v in payload.items() if k in schemas.ClaimIn().fields})
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        raise Problem(422, f"{errors[0]['field']}: {errors[0]['message']}", errors=errors) from None
    stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes) if multipart else None
    with unit_of_work() as uow:
        return _answer(uow, ctx, scoring.claim(uow, ctx, application_id, code, data, stored))


@blp.get("/applications/<int:application_id>/claims/<string:code>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@calls(scoring.claim_file)
def claim_file(application_id, code):
    """Berkas bukti satu klaim skor: hanya untuk perusahaan pers itu dan petugas."""
    with unit_of_work() as uow:
        row = scoring.claim_file(uow, context(), application_id, code)
        return uploads.response(row.file_sha256, row.file_type, row.file_name)


@blp.get("/applications/<int:application_id>/score")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@calls(scoring.score)
def score(application_id):
    """Rincian skor: per kriteria, poin yang diklaim dan yang dikonfirmasi (oleh siapa, catatan, pilihan/rentang
    yang memberi poin), jumlahnya, dan tingkatan yang ditetapkannya."""
    with unit_of_work() as uow:
        return scoring.score(uow, context(), application_id)


@blp.post("/applications/<int:application_id>/score/review")
@blp.doc(**json_answer())
@blp.arguments(schemas.ScoreReviewIn)
@blp.doc(security=[{"bearer": []}])
@calls(scoring.review)
def review_score(data, application_id):
    """Verifikator mengonfirmasi tiap klaim, atau mengoreksi nilainya dengan catatan (saat diajukan)."""
    with unit_of_work() as uow:
        return scoring.explain(uow.session, scoring.review(uow, context(), application_id, data["criteria"]))


# --- appeal ------------------------------------------------------------------------------------------------


@blp.post("/applications/<int:application_id>/appeal")
@blp.arguments(schemas.AppealIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Bukan ditolak, sudah pernah banding, atau lewat batas waktu")
@blp.doc(security=[{"bearer": []}])
@calls(appeals.appeal)
def appeal(data, application_id):
    """Banding atas penolakan, sekali, dalam batas hari masa itu; dokumen baru boleh diunggah selama menunggu."""
    ctx = context()
    with unit_of_work() as uow:
        return _answer(uow, ctx, appeals.appeal(uow, ctx, application_id, data["reason"]))


@blp.post("/applications/<int:application_id>/appeal/decision")
@blp.arguments(schemas.AppealDecisionIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Tidak ada banding yang menunggu (current_state)")
@blp.doc(security=[{"bearer": []}])
@calls(appeals.decide_appeal)
def decide_appeal(data, application_id):
    """Keputusan pimpinan: dikabulkan (kembali ke verifikator) atau ditolak dengan alasan (tetap ditolak)."""
    ctx = context()
    with unit_of_work() as uow:
        return _answer(uow, ctx, appeals.decide_appeal(uow, ctx, application_id, data["granted"], data.get("reason")))
