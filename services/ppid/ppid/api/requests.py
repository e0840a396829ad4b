"""Requests: citizens submit, track and complete them; officers register, handle and decide them."""

from __future__ import annotations

import datetime as dt
import re

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import func, select

from chassis import pagination
from chassis.auth import Principal, current_principal, require_roles
from chassis.db import values as db_values
from chassis.problems import Problem
from chassis.web import download, suite, unit_of_work
from ppid import letters, schemas, services
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules
from ppid.domain import workflow
from ppid.domain.workflow import OFFICER, OPD_OFFICER, SUPERIOR, Status
from ppid.models import Disposition, Request
from ppid.office_calendar import CalendarCache
from ppid.summary import status_counts

NUMBER = re.compile(r"^PPID-\d+-\d{4}-\d+$", re.IGNORECASE)
# What the inbox shows unless asked otherwise: requests still open, and decided ones not yet delivered.
IN_TRAY = workflow.OPEN | {Status.DECIDED}

blp = Blueprint("requests", __name__, url_prefix="/api/ppid", description="Permohonan informasi publik")
STAFF = (OFFICER, SUPERIOR, OPD_OFFICER)


def context(session=None) -> services.Context:
    """The calendar with this office's closed days (cached per process, checked against its version in
    ``session`` or in a short session of its own)."""
    cache = current_app.extensions.get("ppid.calendar_cache")
    if cache is None:
        cache = current_app.extensions.setdefault(
            "ppid.calendar_cache", CalendarCache(current_app.extensions["ppid.calendar"])
        )
    if session is None:
        with suite().db.session() as own:
            return services.Context(cache.get(own), suite().settings)
    return services.Context(cache.get(session), suite().settings)


def office() -> letters.Office:
    """The letterhead and signers of every PPID letter, the same for the API's PDFs and the pages'."""
    return letters.Office.from_settings(suite().settings)


def _clock(request: Request, ctx: services.Context) -> dict:
    left = ctx.calendar.working_days_between(ctx.today, request.due_date)
    rule = rules.EXTENSION_RULE if request.extended_at else rules.NOTICE_RULE
    running = Status(request.status) in workflow.CLOCK_RUNS
    return {"due_date": request.due_date, "rule": rule, "working_days_left": left, "overdue": running and left < 0}


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


def staff_view(request: Request, who: Principal, ctx: services.Context) -> dict:
    body = db_values(request)
    body.update(
        status_label=workflow.STATUS_LABELS[Status(request.status)],
        clock=_clock(request, ctx),
        allowed_actions=workflow.allowed_actions(Status(request.status), who.roles),
        dispositions=[
            {
                **db_values(d),
                "late": (d.answered_at is None and ctx.today > d.due_date)
                or (d.answered_at is not None and ctx.calendar.local_date(d.answered_at) > d.due_date),
            }
            for d in request.dispositions
        ],  # fmt: skip
        objections=[objection_view(o) for o in request.objections],
        history=request.history,
        messages=[message_view(m) for m in request.messages],
    )
    return body


def public_view(request: Request, ctx: services.Context) -> dict:
    decided = request.decision
    arose = objection_rules.ground_arose(request.decided_on, request.due_date, ctx.today)
    return {
        "registration_number": request.registration_number,
        "status": request.status,
        "status_label": workflow.STATUS_LABELS[Status(request.status)],
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


def _officer_or_none() -> Principal | None:
    who = current_principal(optional=True)
    if who is not None and not who.has_any(OFFICER):
        raise Problem(403, "Hanya petugas PPID yang mendaftarkan permohonan atas nama pemohon.", title="Forbidden")
    return who


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
        who = _officer_or_none() if (channel or received_at or current_principal(optional=True)) else None
        if who is None and (channel not in (None, rules.Channel.WEB) or received_at):
            raise Problem(
                422,
                "Saluran dan waktu terima hanya diisi petugas.",
                errors=[{"field": "channel" if channel else "received_at", "message": "Hanya untuk petugas PPID."}],
            )
        if received_at and received_at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            raise Problem(
                422, "Waktu terima di masa depan.", errors=[{"field": "received_at", "message": "Di masa depan."}]
            )
        with unit_of_work() as uow:
            request, code = services.submit_request(
                uow,
                data,
                ctx=context(uow.session),
                channel=channel or rules.Channel.WEB,
                received_at=received_at,
                registered_by=who.username if who else None,
            )
        return {
            "registration_number": request.registration_number,
            "tracking_code": code,
            "status": request.status,
            "status_label": workflow.STATUS_LABELS[Status(request.status)],
            "received_on": request.received_on,
            "due_date": request.due_date,
            "due_rule": rules.NOTICE_RULE,
        }

    @blp.arguments(schemas.InboxQuery, location="query")
    @blp.response(200, schemas.Inbox)
    @blp.doc(security=[{"bearer": []}])
    @require_roles(*STAFF)
    def get(self, query):
        """Kotak masuk petugas: saring per status, OPD, saluran, tenggat; urut tenggat terdekat."""
        with suite().db.session() as session:
            return inbox(session, current_principal(), query)


def inbox(session, who: Principal, query: dict) -> dict:
    """The officer's inbox: visible requests, filtered, nearest deadline first, with counts per status."""
    ctx = context(session)
    statement = select(Request)
    if not who.has_any(OFFICER, SUPERIOR):
        mine = select(Disposition.request_id).where(Disposition.opd == who.opd)
        statement = statement.where(Request.id.in_(mine))
    if query.get("opd"):
        statement = statement.where(
            Request.id.in_(select(Disposition.request_id).where(Disposition.opd == query["opd"]))
        )
    if query.get("channel"):
        statement = statement.where(Request.channel == query["channel"])
    if query.get("q"):
        term = query["q"].strip()
        if NUMBER.match(term):  # a registration number: the unique index answers at once
            statement = statement.where(Request.registration_number == term.upper())
        else:
            statement = statement.where(Request.name.ilike(f"%{term}%"))
    running = [s.value for s in workflow.CLOCK_RUNS]
    if query.get("overdue"):
        statement = statement.where(Request.status.in_(running), Request.due_date < ctx.today)
    if query.get("due_within") is not None:
        horizon = ctx.calendar.add_working_days(ctx.today, query["due_within"])
        statement = statement.where(Request.status.in_(running), Request.due_date <= horizon)
    if not query.get("include_closed") and not query.get("q"):
        # The desk works on what is still open; finished requests are one filter away (and so are their counts).
        tray = statement.where(Request.status.in_([s.value for s in IN_TRAY]))
    else:
        tray = statement
    counts = _counts(session, who, query, tray)
    statement = statement.where(Request.status == query["status"]) if query.get("status") else tray
    limit = query["limit"]
    ordered = pagination.keyset(statement, [(Request.due_date, False), (Request.id, False)], query.get("after"), limit)
    rows, cursor = pagination.page(list(session.scalars(ordered)), limit, lambda r: (r.due_date, r.id))
    opds = _opds_of(session, [r.id for r in rows])
    items = []
    for r in rows:
        clock = _clock(r, ctx)
        items.append({
            **{k: getattr(r, k) for k in ("registration_number", "status", "channel", "name", "information",
                                          "received_on", "due_date")},
            "status_label": workflow.STATUS_LABELS[Status(r.status)],
            "working_days_left": clock["working_days_left"],
            "overdue": clock["overdue"],
            "opds": opds.get(r.id, []),
        })  # fmt: skip
    return {"items": items, "next": cursor, "counts": counts}


def _counts(session, who: Principal, query: dict, tray) -> dict[str, int]:
    """Requests per status in the tray; without a filter that narrows them, from the counts kept with every
    change instead of counting a million rows."""
    narrowed = any(query.get(k) for k in ("opd", "channel", "q", "overdue")) or query.get("due_within") is not None
    if narrowed or not who.has_any(OFFICER, SUPERIOR):
        statement = tray.with_only_columns(Request.status, func.count()).group_by(Request.status).order_by(None)
        return dict(session.execute(statement).all())
    kept = select(status_counts.c.status, status_counts.c.count).where(status_counts.c.count > 0)
    if not query.get("include_closed"):
        kept = kept.where(status_counts.c.status.in_([s.value for s in IN_TRAY]))
    return dict(session.execute(kept).all())


def _opds_of(session, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if ids:
        for request_id, opd in session.execute(
            select(Disposition.request_id, Disposition.opd).where(Disposition.request_id.in_(ids))
        ):
            found.setdefault(request_id, []).append(opd)
    return found


@blp.get("/requests/<string:number>")
@blp.response(200, schemas.StaffRequest)
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_detail(number):
    """Seluruh isi permohonan, termasuk data pribadi dan jejak audit (petugas kantor/OPD yang bersangkutan)."""
    who = current_principal()
    with suite().db.session() as session:
        request = services.find_for_staff(session, number, who)
        return staff_view(request, who, context(session))


@blp.post("/requests/<string:number>/<string:action>")
@blp.arguments(schemas.ActionInput(), required=False)
@blp.response(200, schemas.StaffRequest)
@blp.alt_response(409, description="Status tidak memungkinkan tindakan ini (problem+json dengan current_state)")
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_action(data, number, action):
    """Satu langkah alur: dispose, answer, examine, extend, draft_notice, sign_notice, deliver, ...

    Langkah yang diizinkan ada di satu tabel transisi; langkah terlarang dijawab 409 dengan status sekarang.
    """
    if action not in services.ACTIONS or workflow.TRANSITIONS[action].roles <= {workflow.REQUESTER, workflow.SYSTEM}:
        raise Problem(404, f"Tindakan {action} tidak dikenal.", title="Not Found", actions=sorted(services.ACTIONS))
    who = current_principal()
    with unit_of_work() as uow:
        request = services.find_for_staff(uow.session, number, who, lock=True)
        ctx = context(uow.session)
        services.act(uow, request, action, who, data or {}, ctx)
        return staff_view(request, who, ctx)


@blp.get("/requests/<string:number>/receipt.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_receipt(number):
    """Tanda bukti penerimaan permohonan (PDF)."""
    with suite().db.session() as session:
        request = services.find_for_staff(session, number, current_principal())
        return pdf_response(
            letters.receipt_pdf(office(), letter_fields(request)), f"tanda-bukti-{request.registration_number}"
        )


@blp.get("/requests/<string:number>/notice.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.doc(security=[{"bearer": []}])
@require_roles(*STAFF)
def staff_notice(number):
    """Pemberitahuan tertulis (PDF): draf bagi petugas sebelum ditandatangani, final sesudahnya."""
    with suite().db.session() as session:
        request = services.find_for_staff(session, number, current_principal())
        return notice_response(request)


def letter_fields(request: Request) -> dict:
    keys = ("registration_number", "received_on", "due_date", "channel", "name", "address", "phone", "email",
            "occupation", "information", "purpose", "obtain_method", "delivery_method")  # fmt: skip
    return {k: getattr(request, k) for k in keys}


def notice_response(request: Request) -> Response:
    if not request.decision:
        raise Problem(409, "Pemberitahuan tertulis belum disusun.", title="Conflict", current_state=request.status)
    notice = {
        "number": request.notice_number or f"{request.registration_number}/PT (draf)",
        "date": request.decided_on or dt.date.today(),
        "decision": request.decision,
        "held": request.decision != workflow.Decision.NOT_HELD,
        "reasons": request.decision_reasons or "",
        "refusal_grounds": list(request.refusal_grounds),
        "consequence_test": request.consequence_test or "",
        "form": request.notice_form or request.obtain_method,
        "fee": request.fee,
        "payment": request.payment_note or "",
        "delivery_on": request.delivery_on,
        "extended": request.extended_at is not None,
        "extension_reason": request.extension_reason,
        "draft": not request.signed_by,
    }
    pdf = letters.notice_pdf(office(), letter_fields(request), notice)
    return pdf_response(pdf, f"pemberitahuan-{request.registration_number}")


def pdf_response(content: bytes, name: str, disposition: str = "inline") -> Response:
    return download(
        content, f"{name}.pdf", inline=disposition == "inline", headers={"Cache-Control": "private, no-store"}
    )


# --- the requester, with number and tracking code ---------------------------------------------------------------


@blp.post("/track")
@blp.arguments(schemas.TrackQuery)
@blp.response(200, schemas.TrackedRequest)
@blp.alt_response(404, description="Nomor atau kode tidak cocok")
def track(query):
    """Lacak permohonan dengan nomor pendaftaran dan kode pelacakan (tanpa data pribadi)."""
    with suite().db.session() as session:
        request = services.find_by_tracking(session, query["registration_number"], query["tracking_code"])
        return public_view(request, context(session))


@blp.post("/track/complete")
@blp.arguments(schemas.Completion)
@blp.response(200, schemas.TrackedRequest)
def complete(data):
    """Lengkapi permohonan yang dikembalikan petugas; tenggat dihitung ulang dari saat dilengkapi."""
    number, code = data.pop("registration_number"), data.pop("tracking_code")
    with unit_of_work() as uow:
        request = services.find_by_tracking(uow.session, number, code, lock=True)
        ctx = context(uow.session)
        services.act(uow, request, "complete", services.REQUESTER, data, ctx)
        return public_view(request, ctx)


@blp.post("/track/receipt.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.arguments(schemas.TrackQuery)
def track_receipt(query):
    """Tanda bukti penerimaan (PDF) bagi pemohon."""
    with suite().db.session() as session:
        request = services.find_by_tracking(session, query["registration_number"], query["tracking_code"])
        return pdf_response(
            letters.receipt_pdf(office(), letter_fields(request)), f"tanda-bukti-{request.registration_number}"
        )


@blp.post("/track/notice.pdf")
@blp.doc(**schemas.PDF_ANSWER)
@blp.arguments(schemas.TrackQuery)
def track_notice(query):
    """Pemberitahuan tertulis (PDF) bagi pemohon, setelah ditandatangani."""
    with suite().db.session() as session:
        request = services.find_by_tracking(session, query["registration_number"], query["tracking_code"])
        if not request.decided_on:
            raise Problem(409, "Pemberitahuan tertulis belum terbit.", title="Conflict", current_state=request.status)
        return notice_response(request)
