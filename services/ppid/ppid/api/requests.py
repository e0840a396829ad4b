"""Requests: citizens submit, track and complete them; officers register, handle and decide them."""

from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from chassis import caching
from chassis.db import values as db_values
from chassis.permissions import calls
from chassis.problems import Problem
from chassis.web import download, suite, unit_of_work
from ppid import letters, schemas
from ppid.context import Context, context, reading
from ppid.domain import objections as objection_rules
from ppid.domain import personal_data, workflow
from ppid.domain import requests as rules
from ppid.models import Request
from ppid.use_cases import actions, recovery
from ppid.use_cases import personal_data as reveal_cases
from ppid.use_cases import requests as use_cases

blp = Blueprint("requests", __name__, url_prefix="/api/ppid", description="Permohonan informasi publik")


def office() -> letters.Office:
    """The letterhead and signers of every PPID letter, the same for the API's PDFs and the pages'."""
    return letters.Office.from_settings(suite().settings)


def objection_view(objection) -> dict:
    today = current_app.extensions["ppid.calendar"].today()
    outcome = objection.dispute_outcome
    return {
        **db_values(objection),
        "request": objection.request,
        "due_rule": objection_rules.ANSWER_RULE,
        "dispute_rule": objection_rules.DISPUTE_RULE,
        "overdue": objection.status == objection_rules.Status.FILED and today > objection.due_date,
        "dispute_outcome_label": objection_rules.DISPUTE_OUTCOME_LABELS[objection_rules.DisputeOutcome(outcome)]
        if outcome
        else None,
    }


def staff_view(request: Request, ctx: Context) -> dict:
    today = ctx.today()
    body = db_values(request) | personal_data.shown(request, ctx.principal)
    body.update(
        status_label=workflow.status_label(request.status, request.duplicate_of),
        clock=use_cases.clock(request, ctx),
        allowed_actions=[m.action for m in actions.offered(ctx, request)],
        dispositions=[
            {
                **db_values(d),
                "opd_name": d.opd_name,
                "late": (d.answered_at is None and today > d.due_date)
                or (d.answered_at is not None and ctx.calendar.local_date(d.answered_at) > d.due_date),
            }
            for d in request.dispositions
        ],
        objections=[objection_view(o) for o in request.objections],
        history=request.history,
        messages=[message_view(m) for m in request.messages],
    )
    return body


def public_view(request: Request, ctx: Context) -> dict:
    decided = request.decision
    arose = objection_rules.ground_arose(request.decided_on, request.due_date, ctx.today())
    return {
        "registration_number": request.registration_number,
        "status": request.status,
        "status_label": workflow.status_label(request.status, request.duplicate_of),
        "duplicate_of": request.duplicate_of,
        "channel": request.channel,
        "received_on": request.received_on,
        "due_date": request.due_date,
        "information": request.information,
        "obtain_method": request.obtain_method,
        "delivery_method": request.delivery_method,
        "missing": request.missing,
        "completion_due": request.completion_due,
        "extension_reason": request.extension_reason,
        "decision": decided if request.decided_on else None,
        "decision_label": workflow.DECISION_LABELS[workflow.Decision(decided)] if request.decided_on else None,
        "decided_on": request.decided_on,
        "notice_number": request.notice_number,
        "objection_deadline": objection_rules.filing_deadline(ctx.calendar, arose).due if arose else None,
        "history": [entry for entry in request.history if entry.public],
        "objections": request.objections,
        "messages": [message_view(m) for m in request.messages],
    }


def message_view(message) -> dict:
    return {
        "id": message.id,
        "from_requester": message.from_requester,
        "author": message.author,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "file_name": message.file_name,
        "file_type": message.file_type,
        "file_size": message.file_size,
    }


@blp.route("/requests")
class Requests(MethodView):
    @blp.arguments(schemas.Submission)
    @blp.response(201, schemas.SubmissionReceipt)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    def post(self, data):
        """Ajukan permohonan informasi (tanpa akun); petugas juga mencatat permohonan lewat surat, email, loket."""
        if data.pop("website", None):
            raise Problem(
                422, "Permohonan tidak dapat diproses.", errors=[{"field": "website", "message": "Kosongkan."}]
            )
        channel, received_at = data.pop("channel"), data.pop("received_at")
        with unit_of_work() as uow:
            request, code = use_cases.submit_request(
                uow, context(uow.session), data, channel=channel, received_at=received_at
            )
        return {
            "registration_number": request.registration_number,
            "tracking_code": code,
            "status": request.status,
            "status_label": workflow.status_label(request.status, request.duplicate_of),
            "received_on": request.received_on,
            "due_date": request.due_date,
            "due_rule": rules.NOTICE_RULE,
        }

    @blp.arguments(schemas.InboxQuery, location="query")
    @blp.response(200, schemas.Inbox)
    @blp.doc(security=[{"bearer": []}])
    @calls(use_cases.inbox)
    def get(self, query):
        """Kotak masuk petugas: saring per status, OPD, saluran, tenggat; urut tenggat terdekat."""
        with reading() as uow:
            return use_cases.inbox(uow, context(uow.session), query)


@blp.get("/requests/<string:number>")
@blp.response(200, schemas.StaffRequest)
@blp.doc(security=[{"bearer": []}])
@calls(use_cases.staff_request)
def staff_detail(number):
    """Seluruh isi permohonan, termasuk data pribadi dan jejak audit (petugas kantor/OPD yang bersangkutan)."""
    with reading() as uow:
        ctx = context(uow.session)
        return staff_view(use_cases.staff_request(uow, ctx, number), ctx)


@blp.post("/requests/<string:number>/<string:action>")
@blp.arguments(schemas.ActionInput(), required=False)
@blp.response(200, schemas.StaffRequest)
@blp.alt_response(409, description="Status tidak memungkinkan tindakan ini (problem+json dengan current_state)")
@blp.doc(security=[{"bearer": []}])
@calls(actions.act_as_staff)
def staff_action(data, number, action):
    """Satu langkah alur: dispose, answer, examine, extend, draft_notice, sign_notice, deliver, ...

    Langkah yang diizinkan ada di satu tabel transisi; langkah terlarang dijawab 409 dengan status sekarang.
    """
    with unit_of_work() as uow:
        ctx = context(uow.session)
        request = actions.act_as_staff(uow, ctx, number, action, data or {})
        return staff_view(request, ctx)


@blp.post("/requests/<string:number>/personal-data")
@blp.arguments(schemas.RevealInput)
@blp.response(200, schemas.RevealedData)
@blp.doc(security=[{"bearer": []}])
@calls(reveal_cases.reveal)
def reveal_personal_data(data, number):
    """Buka data pribadi pemohon (NIK, alamat, kontak) dengan alasan; tercatat di log akses."""
    with unit_of_work() as uow:
        revealed = reveal_cases.reveal(uow, context(uow.session), number, data["reason"], data["detail"])
    return revealed, 200, caching.NO_STORE


@blp.get("/requests/<string:number>/receipt.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@calls(reveal_cases.export_letter)
def staff_receipt(number):
    """Tanda bukti penerimaan permohonan (PDF); memuat data pribadi pemohon, jadi tercatat di log akses (ekspor)."""
    with unit_of_work() as uow:
        request = reveal_cases.export_letter(uow, context(uow.session), number, "tanda-bukti")
        return receipt_response(request)


@blp.get("/requests/<string:number>/notice.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@calls(reveal_cases.export_letter)
def staff_notice(number):
    """Pemberitahuan tertulis (PDF): draf sebelum ditandatangani, final sesudahnya; tercatat di log akses (ekspor)."""
    with unit_of_work() as uow:
        request = reveal_cases.export_letter(uow, context(uow.session), number, "pemberitahuan")
        return notice_response(request, use_cases.notice(request))


def letter_fields(request: Request) -> dict:
    keys = (
        "registration_number",
        "received_on",
        "due_date",
        "channel",
        "name",
        "address",
        "phone",
        "email",
        "occupation",
        "information",
        "purpose",
        "obtain_method",
        "delivery_method",
    )
    return {k: getattr(request, k) for k in keys}


def receipt_response(request: Request, disposition: str = "inline") -> Response:
    pdf = letters.receipt_pdf(office(), letter_fields(request))
    return pdf_response(pdf, f"tanda-bukti-{request.registration_number}", disposition)


def notice_response(request: Request, notice: dict) -> Response:
    pdf = letters.notice_pdf(office(), letter_fields(request), notice)
    return pdf_response(pdf, f"pemberitahuan-{request.registration_number}")


def pdf_response(content: bytes, name: str, disposition: str = "inline") -> Response:
    return download(content, f"{name}.pdf", inline=disposition == "inline", headers=caching.PRIVATE)


# --- the requester, with number and tracking code ---------------------------------------------------------------


@blp.post("/track")
@blp.arguments(schemas.TrackQuery)
@blp.response(200, schemas.TrackedRequest)
@blp.alt_response(404, description="Nomor atau kode tidak cocok")
def track(query):
    """Lacak permohonan dengan nomor pendaftaran dan kode pelacakan (tanpa data pribadi)."""
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        request = use_cases.tracked(uow, ctx, query["registration_number"], query["tracking_code"])
        return public_view(request, ctx)


@blp.post("/track/complete")
@blp.arguments(schemas.Completion)
@blp.response(200, schemas.TrackedRequest)
def complete(data):
    """Lengkapi permohonan yang dikembalikan petugas; tenggat dihitung ulang dari saat dilengkapi."""
    number, code = data.pop("registration_number"), data.pop("tracking_code")
    with unit_of_work() as uow:
        ctx = context(uow.session, anonymous=True)
        request = actions.complete(uow, ctx, number, code, data)
        return public_view(request, ctx)


@blp.post("/track/receipt.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.arguments(schemas.TrackQuery)
def track_receipt(query):
    """Tanda bukti penerimaan (PDF) bagi pemohon."""
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        return receipt_response(use_cases.tracked(uow, ctx, query["registration_number"], query["tracking_code"]))


@blp.post("/track/notice.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.arguments(schemas.TrackQuery)
def track_notice(query):
    """Pemberitahuan tertulis (PDF) bagi pemohon, setelah ditandatangani."""
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        request, notice = use_cases.tracked_notice(uow, ctx, query["registration_number"], query["tracking_code"])
        return notice_response(request, notice)


@blp.post("/requests/recover-code")
@blp.arguments(schemas.RecoverCode)
@blp.response(202, schemas.RecoverAnswer)
def recover_code(data):
    """Minta kode pelacakan baru dengan email atau telepon yang diisi pada permohonan.

    Jawabannya selalu 202 dengan kalimat yang sama, ada atau tidak ada permohonan dengan kontak itu; kode baru
    dikirim hanya ke email yang tercatat, dan kode lama tidak berlaku lagi.
    """
    with unit_of_work() as uow:
        answer = recovery.recover_codes(uow, context(uow.session, anonymous=True), data["contact"])
    return {"detail": answer}, 202, caching.NO_STORE
