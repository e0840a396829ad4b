"""Public endpoints for requesters: submit a request, track it."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from chassis.web import suite, unit_of_work
from ppid import schemas, services
from ppid.domain import requests as rules

blp = Blueprint("requests", __name__, url_prefix="/api/ppid", description="Permohonan informasi publik")


def _calendar():
    return current_app.extensions["ppid.calendar"]


@blp.post("/requests")
@blp.arguments(schemas.RequestSubmission)
@blp.response(201, schemas.SubmissionReceipt)
@blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
def submit(data):
    """Ajukan permohonan informasi (tanpa akun)."""
    settings = suite().settings
    with unit_of_work() as uow:
        request, code = services.submit_request(uow, data, calendar=_calendar(), org_code=settings.org_code)
    return {
        "registration_number": request.registration_number,
        "tracking_code": code,
        "status": request.status,
        "status_label": rules.STATUS_LABELS[rules.Status(request.status)],
        "received_on": request.received_on,
        "due_date": request.due_date,
        "due_rule": rules.NOTICE_RULE,
    }


@blp.post("/track")
@blp.arguments(schemas.TrackQuery)
@blp.response(200, schemas.TrackedRequest)
@blp.alt_response(404, description="Nomor atau kode tidak cocok")
def track(query):
    """Lacak permohonan dengan nomor pendaftaran dan kode pelacakan."""
    with suite().db.session() as session:
        request = services.find_by_tracking(session, query["registration_number"], query["tracking_code"])
        return {
            "registration_number": request.registration_number,
            "status": request.status,
            "status_label": rules.STATUS_LABELS[rules.Status(request.status)],
            "channel": request.channel,
            "received_on": request.received_on,
            "due_date": request.due_date,
            "information": request.information,
            "obtain_method": request.obtain_method,
            "delivery_method": request.delivery_method,
            "history": [entry for entry in request.history if entry.public],
        }
