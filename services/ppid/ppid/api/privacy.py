"""Data-subject requests (UU 27/2022): the requester files with number and tracking code; the DPO answers."""

from __future__ import annotations

import json

from flask.views import MethodView
from flask_smorest import Blueprint

from chassis import caching
from chassis.permissions import calls
from chassis.web import download, unit_of_work
from ppid.api.requests import office
from ppid.context import context, reading
from ppid.domain import privacy as rules
from ppid.schemas import privacy as schemas
from ppid.schemas.common import PDF_ANSWER
from ppid.use_cases import privacy as use_cases

blp = Blueprint("privacy", __name__, url_prefix="/api/ppid/privacy", description="Permintaan data pribadi")


def receipt(record, ctx) -> dict:
    zone = ctx.calendar.timezone
    return {
        "number": record.number,
        "kind": record.kind,
        "kind_label": rules.KIND_LABELS[rules.Kind(record.kind)],
        "status": record.status,
        "status_label": rules.STATUS_LABELS[rules.Status(record.status)],
        "filed_at": record.filed_at.astimezone(zone).isoformat(),
        "due_at": record.due_at.astimezone(zone).isoformat(),
        "due_rule": rules.CLOCK_RULE,
        "restricted": record.restricted,
    }


def staff_view(record, ctx) -> dict:
    zone = ctx.calendar.timezone
    return {
        **receipt(record, ctx),
        "registration_number": record.request.registration_number,
        "detail": record.detail,
        "overdue": record.status == rules.Status.RECEIVED and ctx.now() > record.due_at,
        "answer": record.answer,
        "outcome": record.outcome,
        "answered_by": record.answered_by,
        "answered_at": record.answered_at.astimezone(zone).isoformat() if record.answered_at else None,
        "allowed_actions": use_cases.offered(ctx, record),
    }


@blp.route("/requests")
class PrivacyRequests(MethodView):
    @blp.arguments(schemas.Filing)
    @blp.response(201, schemas.Receipt)
    @blp.alt_response(404, description="Nomor atau kode tidak cocok")
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    def post(self, data):
        """Ajukan permintaan salinan, perbaikan, penghapusan atau pembatasan data pribadi (tanpa akun)."""
        with unit_of_work() as uow:
            ctx = context(uow.session, anonymous=True)
            return receipt(use_cases.file_request(uow, ctx, data), ctx)

    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.Listing)
    @blp.doc(security=[{"bearer": []}])
    @calls(use_cases.privacy_requests)
    def get(self, query):
        """Daftar permintaan data pribadi, tenggat terdekat dulu (pejabat PDP; petugas PPID hanya membaca)."""
        with reading() as uow:
            ctx = context(uow.session)
            items = use_cases.privacy_requests(uow, ctx, query.get("status"))
            return {"items": [staff_view(r, ctx) for r in items]}


@blp.get("/requests/<path:number>")
@blp.response(200, schemas.StaffView)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.privacy_request)
def detail(number):
    """Satu permintaan data pribadi: isinya, tenggatnya, jawabannya."""
    with reading() as uow:
        ctx = context(uow.session)
        return staff_view(use_cases.privacy_request(uow, ctx, number), ctx)


@blp.post("/requests/<path:number>/<any(answer, refuse):action>")
@blp.arguments(schemas.Answer, required=False)
@blp.response(200, schemas.StaffView)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.answer)
def act(data, number, action):
    """Jawab (dan laksanakan) atau tolak permintaan data pribadi (pejabat PDP)."""
    with unit_of_work() as uow:
        ctx = context(uow.session)
        return staff_view(use_cases.answer(uow, ctx, number, action, data or {}), ctx)


@blp.get("/requests/<path:number>/copy.json")
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.copy_of)
def copy_json(number):
    """Salinan data pribadi (JSON) untuk dikirim pejabat PDP ke kontak pemohon yang tercatat."""
    with unit_of_work() as uow:  # the copy is logged
        copy = use_cases.copy_of(uow, context(uow.session), number)
    name = f"salinan-{copy['number'].replace('/', '-')}.json"
    content = json.dumps(copy, ensure_ascii=False, indent=2).encode()
    return download(content, name, "application/json", headers=caching.PRIVATE)


@blp.get("/requests/<path:number>/copy.pdf")
@blp.doc(**PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.copy_of)
def copy_pdf(number):
    """Salinan data pribadi (PDF)."""
    with unit_of_work() as uow:  # the copy is logged
        copy = use_cases.copy_of(uow, context(uow.session), number)
    pdf = use_cases.copy_pdf(office(), copy)
    return download(pdf, f"salinan-{copy['number'].replace('/', '-')}.pdf", inline=True, headers=caching.PRIVATE)
