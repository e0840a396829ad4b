"""Application periods, the document catalogue, and outlets' applications with per-document review."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_smorest import Blueprint
from marshmallow import ValidationError, fields
from sqlalchemy import select

from chassis import files
from chassis.auth import current_principal, require_roles
from chassis.db import values as db_values
from chassis.messaging import utcnow
from chassis.openapi import file_answer, json_answer
from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from registry import schemas, uploads
from registry.domain import applications as rules
from registry.domain.applications import APPROVER, PARTNER, VERIFIER, Status
from registry.models import DocumentType, Journalist, Outlet, Period
from registry.use_cases import applications as services
from registry.use_cases import membership, outlets, scoring

blp = Blueprint("applications", __name__, url_prefix="/api/registry", description="Pendaftaran kemitraan media")


def _today() -> dt.date:
    return suite().settings.local_date()


def period_view(period: Period) -> dict:
    now = utcnow()
    is_open = rules.window_problem(period.opens_at, period.closes_at, now) is None
    return {
        **db_values(period),
        "open": is_open,
        "seconds_left": int((period.closes_at - now).total_seconds()) if is_open else None,
    }


def application_view(session, application, who) -> dict:
    period = session.get(Period, application.period_id)
    outlet = session.get(Outlet, application.outlet_id)
    requirements = services.requirements_of(session, period, outlet.media_type)
    return {
        **db_values(application),
        "status_label": rules.STATUS_LABELS[Status(application.status)],
        "documents": [db_values(d) for d in application.documents],
        "requirements": [{"code": r.code, "label": r.label, "required": r.required} for r in requirements],
        "failing": services.failing(session, application, _today()),
        "allowed_actions": rules.allowed_actions(Status(application.status), who.roles),
        "log": [db_values(entry) for entry in application.log],
        "appeal": services.appeal_view(session, application, suite().settings.office_timezone),
    }


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
@require_roles(VERIFIER)
def add_document_type(data):
    with unit_of_work() as uow:
        return services.add_document_type(uow, data)


@blp.get("/periods")
@blp.response(200, schemas.PeriodList)
def periods():
    """Masa pendaftaran, yang sedang dibuka ditandai dengan sisa waktunya (publik)."""
    with suite().db.session() as session:
        rows = session.scalars(select(Period).order_by(Period.opens_at.desc())).all()
        return {"items": [period_view(p) for p in rows]}, 200, {"Cache-Control": "public, max-age=30"}


@blp.post("/periods")
@blp.arguments(schemas.PeriodIn)
@blp.response(201, schemas.PeriodOut)
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER)
def create_period(data):
    """Buka masa pendaftaran (satu per jenis pada satu waktu) dengan daftar dokumen yang diminta."""
    with unit_of_work() as uow:
        return period_view(services.create_period(uow, data, current_principal()))


@blp.post("/applications")
@blp.arguments(schemas.ApplicationIn)
@blp.response(201, schemas.ApplicationDetail)
@blp.alt_response(409, description="Belum dibuka (kapan dibuka), sudah ditutup, atau sudah mendaftar")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER)
def apply(data):
    """Daftar pada satu masa (satu pendaftaran per perusahaan pers per masa), dengan tingkatan yang dipilih."""
    who = current_principal()
    with unit_of_work() as uow:
        application = services.apply(uow, data, who, suite().settings.office_timezone)
        return application_view(uow.session, application, who)


@blp.get("/applications/<int:application_id>")
@blp.response(200, schemas.ApplicationDetail)
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def show(application_id):
    who = current_principal()
    with suite().db.session() as session:
        return application_view(session, services.load(session, application_id, who), who)


@blp.put("/applications/<int:application_id>/documents/<string:code>")
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(413, description="Berkas terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER)
def upload(application_id, code):
    """Unggah dokumen satu persyaratan (multipart `file`, `expires_on` bila berlaku sampai tanggal tertentu)."""
    who = current_principal()
    settings = suite().settings
    try:
        expires_on = fields.Date(allow_none=True).deserialize(request.form.get("expires_on") or None)
    except ValidationError:
        message = "Tanggal tidak valid."
        raise Problem(422, message, errors=[{"field": "expires_on", "message": message}]) from None
    stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes)
    if stored is None:
        raise Problem(422, "Pilih berkas.", errors=[{"field": "file", "message": "Wajib diisi."}])
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        services.upload(uow, application, code, stored, expires_on, who)
        return application_view(uow.session, application, who)


@blp.get("/applications/<int:application_id>/documents/<string:code>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def download(application_id, code):
    """Berkas dokumen: hanya untuk perusahaan pers itu dan verifikator."""
    with suite().db.session() as session:
        application = services.load(session, application_id, current_principal())
        doc = next((d for d in application.documents if d.type_code == code), None)
    if doc is None:
        raise Problem(404, "Dokumen belum diunggah.", title="Not Found")
    return uploads.response(doc.file_sha256, doc.file_type, doc.file_name)


@blp.post("/applications/<int:application_id>/review")
@blp.arguments(schemas.ReviewIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Bukan diajukan, atau aturan verifikasi belum terpenuhi (failing)")
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER)
def review(data, application_id):
    """Periksa dokumen satu per satu (diterima, atau ditolak dengan catatan), lalu: revise, verify atau reject."""
    who = current_principal()
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        services.review(uow, application, data, who, _today())
        return application_view(uow.session, application, who)


@blp.post("/applications/<int:application_id>/<string:action>")
@blp.arguments(schemas.ActionIn(), required=False)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Status tidak memungkinkan, atau aturan verifikasi belum terpenuhi (failing)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def act(data, application_id, action):
    """submit (mitra), reject (approver, setelah terverifikasi); keputusan verifikator lewat /review."""
    if action not in ("submit", "reject"):
        raise Problem(404, f"Tindakan {action} tidak dikenal.", title="Not Found")
    who = current_principal()
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        services.act(uow, application, action, who, (data or {}).get("note"), _today())
        return application_view(uow.session, application, who)


def _mask(nik: str) -> str:
    return nik[:4] + "*" * 8 + nik[-4:]


@blp.route("/outlets/<int:outlet_id>/journalists", methods=["GET"])
@blp.response(200, schemas.JournalistOut(many=True))
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def journalists(outlet_id):
    """Wartawan perusahaan pers; NIK lengkap hanya untuk perusahaan itu dan verifikator."""
    who = current_principal()
    with suite().db.session() as session:
        outlet = services.outlet_for(session, outlet_id, who)
        rows = session.scalars(select(Journalist).where(Journalist.outlet_id == outlet.id).order_by(Journalist.id))
        full = who.has_any(VERIFIER) or membership.manages(session, outlet, who.username)
        return [{**db_values(j), "nik": j.nik if full else _mask(j.nik)} for j in rows]


@blp.route("/outlets/<int:outlet_id>/journalists", methods=["POST"])
@blp.arguments(schemas.JournalistIn)
@blp.response(201, schemas.JournalistOut)
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER)
def add_journalist(data, outlet_id):
    with unit_of_work() as uow:
        return db_values(services.add_journalist(uow, outlet_id, data, current_principal()))


@blp.route("/outlets/<int:outlet_id>/dewan-pers", methods=["PUT"])
@blp.doc(**json_answer())
@blp.arguments(schemas.DewanPersIn)
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER)
def dewan_pers(data, outlet_id):
    """Status verifikasi Dewan Pers perusahaan pers (dicatat verifikator, masuk riwayat perubahannya)."""
    with unit_of_work() as uow:
        outlet = outlets.set_dewan_pers(uow, outlet_id, data, current_principal())
        return {"id": outlet.id, "dewan_pers_status": outlet.dewan_pers_status,
                "dewan_pers_on": outlet.dewan_pers_on.isoformat() if outlet.dewan_pers_on else None}  # fmt: skip


@blp.route("/outlets/<int:outlet_id>/journalists/<int:journalist_id>", methods=["PATCH"])
@blp.arguments(schemas.JournalistPatch)
@blp.response(200, schemas.JournalistOut)
@blp.alt_response(409, description="Wartawan sudah keluar (left_on)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER)
def update_journalist(data, outlet_id, journalist_id):
    """Ubah jabatan, jenjang UKW (dengan nomor sertifikat), tanggal sertifikat atau kartu pers seorang wartawan."""
    with unit_of_work() as uow:
        return db_values(outlets.update_journalist(uow, outlet_id, journalist_id, data, current_principal(),
                                                   _today()))  # fmt: skip


@blp.route("/outlets/<int:outlet_id>/journalists/<int:journalist_id>", methods=["DELETE"])
@blp.arguments(schemas.JournalistLeave, location="query")
@blp.response(200, schemas.JournalistOut)
@blp.alt_response(409, description="Wartawan sudah keluar (left_on)")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER)
def remove_journalist(query, outlet_id, journalist_id):
    """Wartawan keluar (`left_on`, bawaan hari ini): tetap tercatat, tidak dihitung lagi untuk aturan masa dan
    angka-angka sejak hari itu."""
    with unit_of_work() as uow:
        return db_values(outlets.remove_journalist(uow, outlet_id, journalist_id, query.get("left_on"),
                                                   current_principal(), _today()))  # fmt: skip


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
@blp.doc(security=[{"bearer": []}], requestBody={"required": True, "content": {
    "application/json": {"schema": CLAIM_FIELDS},
    "multipart/form-data": {"schema": {**CLAIM_FIELDS, "properties": {
        **CLAIM_FIELDS["properties"], "file": {"type": "string", "format": "binary"}}}},
}})  # fmt: skip
@require_roles(PARTNER)
def claim(application_id, code):
    """Klaim skor satu kriteria dengan buktinya: JSON `{"value","evidence_url","evidence_text"}`, atau multipart
    dengan `file` (PDF, JPEG, PNG) sebagai bukti."""
    who = current_principal()
    settings = suite().settings
    multipart = request.mimetype == "multipart/form-data"
    payload = dict(request.form) if multipart else (request.get_json(silent=True) or {})
    try:
        data = schemas.ClaimIn().load({k: v for k, v in payload.items() if k in schemas.ClaimIn().fields})
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        raise Problem(422, f"{errors[0]['field']}: {errors[0]['message']}", errors=errors) from None
    stored = files.accept_upload(request.files.get("file"), settings.document_max_bytes) if multipart else None
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        scoring.claim(uow, application, code, data, stored, who)
        return application_view(uow.session, application, who)


@blp.get("/applications/<int:application_id>/claims/<string:code>/file")
@blp.doc(**file_answer("application/pdf", "image/jpeg", "image/png", description="Berkas (PDF, JPEG, PNG)"))
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def claim_file(application_id, code):
    """Berkas bukti satu klaim skor: hanya untuk perusahaan pers itu dan petugas."""
    with suite().db.session() as session:
        application = services.load(session, application_id, current_principal())
        row = scoring.claims_of(session, application.id).get(code)
    if row is None or not row.file_sha256:
        raise Problem(404, "Bukti berkas tidak ada.", title="Not Found")
    return uploads.response(row.file_sha256, row.file_type, row.file_name)


@blp.get("/applications/<int:application_id>/score")
@blp.doc(**json_answer())
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER, VERIFIER, APPROVER)
def score(application_id):
    """Rincian skor: per kriteria, poin yang diklaim dan yang dikonfirmasi (oleh siapa, catatan, pilihan/rentang
    yang memberi poin), jumlahnya, dan tingkatan yang ditetapkannya."""
    with suite().db.session() as session:
        return scoring.explain(session, services.load(session, application_id, current_principal()))


@blp.post("/applications/<int:application_id>/score/review")
@blp.doc(**json_answer())
@blp.arguments(schemas.ScoreReviewIn)
@blp.doc(security=[{"bearer": []}])
@require_roles(VERIFIER)
def review_score(data, application_id):
    """Verifikator mengonfirmasi tiap klaim, atau mengoreksi nilainya dengan catatan (saat diajukan)."""
    who = current_principal()
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        scoring.review(uow, application, data["criteria"], who)
        return scoring.explain(uow.session, application)


# --- appeal ------------------------------------------------------------------------------------------------


@blp.post("/applications/<int:application_id>/appeal")
@blp.arguments(schemas.AppealIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Bukan ditolak, sudah pernah banding, atau lewat batas waktu")
@blp.doc(security=[{"bearer": []}])
@require_roles(PARTNER)
def appeal(data, application_id):
    """Banding atas penolakan, sekali, dalam batas hari masa itu; dokumen baru boleh diunggah selama menunggu."""
    who = current_principal()
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        services.appeal(uow, application, data["reason"], who, _today(), suite().settings.office_timezone)
        return application_view(uow.session, application, who)


@blp.post("/applications/<int:application_id>/appeal/decision")
@blp.arguments(schemas.AppealDecisionIn)
@blp.response(200, schemas.ApplicationDetail)
@blp.alt_response(409, description="Tidak ada banding yang menunggu (current_state)")
@blp.doc(security=[{"bearer": []}])
@require_roles(APPROVER)
def decide_appeal(data, application_id):
    """Keputusan pimpinan: dikabulkan (kembali ke verifikator) atau ditolak dengan alasan (tetap ditolak)."""
    who = current_principal()
    with unit_of_work() as uow:
        application = services.load(uow.session, application_id, who, lock=True)
        services.decide_appeal(uow, application, data["granted"], data.get("reason"), who, _today())
        return application_view(uow.session, application, who)
