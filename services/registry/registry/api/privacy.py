"""Partners' data-subject requests: ``POST /api/registry/privacy/requests`` (the outlet's account), the data
protection officer's list, reading and answer, and the answered copy (JSON or PDF)."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis import caching
from chassis.openapi import file_answer
from chassis.permissions import calls
from chassis.web import download, suite, unit_of_work
from registry import documents, schemas
from registry.context import context
from registry.use_cases import privacy

blp = Blueprint(
    "privacy_requests", __name__, url_prefix="/api/registry/privacy", description="Permintaan subjek data (UU 27/2022)"
)


@blp.post("/requests")
@blp.arguments(schemas.PrivacyRequestIn)
@blp.response(201, schemas.PrivacyRequestOut)
@blp.doc(security=[{"bearer": []}])
@calls(privacy.file_request)
def file_request(data):
    """Ajukan permintaan salinan, perbaikan, penghapusan atau pembatasan data pribadi perusahaan pers sendiri;
    dijawab paling lambat 3 x 24 jam."""
    with unit_of_work() as uow:
        ctx = context()
        return privacy.view(privacy.file_request(uow, ctx, data), ctx), 201, caching.PRIVATE


@blp.get("/requests")
@blp.arguments(schemas.PrivacyStatusQuery, location="query")
@blp.response(200, schemas.PrivacyRequestList)
@blp.doc(security=[{"bearer": []}])
@calls(privacy.privacy_requests)
def listing(query):
    """Semua permintaan, tenggat terdekat dahulu (pejabat pelindungan data pribadi)."""
    with unit_of_work() as uow:
        ctx = context()
        items = [privacy.view(r, ctx) for r in privacy.privacy_requests(uow, ctx, query.get("status"))]
        return {"items": items}, 200, caching.PRIVATE


@blp.get("/requests/<string:number>")
@blp.response(200, schemas.PrivacyRequestOut)
@blp.doc(security=[{"bearer": []}])
@calls(privacy.privacy_request)
def show(number):
    """Satu permintaan: bagi pejabat pelindungan data pribadi, atau perusahaan pers yang mengajukannya."""
    with unit_of_work() as uow:
        ctx = context()
        return privacy.view(privacy.privacy_request(uow, ctx, number), ctx), 200, caching.PRIVATE


@blp.post("/requests/<string:number>/answer")
@blp.arguments(schemas.PrivacyAnswerIn)
@blp.response(200, schemas.PrivacyRequestOut)
@blp.alt_response(409, description="Sudah dijawab")
@blp.doc(security=[{"bearer": []}])
@calls(privacy.answer)
def answer(data, number):
    """Jawab dan laksanakan: salinan tersedia, NIK dihapus, atau pemrosesan dibatasi (penghapusan yang masih
    terikat kontrak ditolak dengan alasannya dan diganti pembatasan)."""
    with unit_of_work() as uow:
        ctx = context()
        return privacy.view(privacy.answer(uow, ctx, number, data["note"]), ctx), 200, caching.PRIVATE


@blp.get("/requests/<string:number>/copy")
@blp.response(200, schemas.PrivacyCopyOut)
@blp.alt_response(409, description="Bukan permintaan salinan, atau belum dijawab")
@blp.doc(security=[{"bearer": []}])
@calls(privacy.copy_of)
def copy(number):
    """Salinan data pribadi yang disimpan tentang perusahaan pers dan wartawannya (JSON), setelah dijawab."""
    with unit_of_work() as uow:
        return privacy.copy_of(uow, context(), number), 200, caching.NO_STORE


@blp.get("/requests/<string:number>/copy.pdf")
@blp.doc(**file_answer("application/pdf", description="PDF"))
@blp.doc(security=[{"bearer": []}])
@calls(privacy.copy_of)
def copy_pdf(number):
    """Salinan yang sama sebagai surat (PDF) berkop kantor."""
    with unit_of_work() as uow:
        pdf = documents.privacy_copy(suite().settings, privacy.copy_of(uow, context(), number))
    return download(pdf, f"salinan-{number}.pdf", inline=True, headers=caching.NO_STORE)
