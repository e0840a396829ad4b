"""Public pages of the PPID in Bahasa Indonesia: request form, receipt, tracking, objection. No JavaScript needed.

The pages use the same schemas and use cases as the JSON API, so a rule is
written once; only the way errors are shown differs (next to each field).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request
from marshmallow import ValidationError

from chassis.problems import Problem, flatten_errors
from chassis.web import suite, unit_of_work
from ppid import letters, schemas, services
from ppid.api.requests import context, letter_fields, notice_response, pdf_response, public_view
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules

pages = Blueprint("ppid_pages", __name__, url_prefix="/ppid", template_folder="templates", static_folder="static")

OBTAIN_OPTIONS = [
    ("view", "Melihat"),
    ("read", "Membaca"),
    ("listen", "Mendengarkan"),
    ("note", "Mencatat"),
    ("soft_copy", "Salinan elektronik (softcopy)"),
    ("hard_copy", "Salinan cetak (hardcopy)"),
]
DELIVERY_OPTIONS = [
    ("collect", "Mengambil langsung"),
    ("email", "Email"),
    ("post", "Pos"),
    ("courier", "Kurir"),
    ("fax", "Faksimili"),
]
LABELS = {
    "name": "Nama lengkap",
    "nik": "NIK",
    "address": "Alamat",
    "phone": "Nomor telepon",
    "email": "Email",
    "occupation": "Pekerjaan",
    "information": "Rincian informasi",
    "purpose": "Tujuan penggunaan",
    "obtain_method": "Cara memperoleh informasi",
    "delivery_method": "Cara mendapatkan salinan",
    "registration_number": "Nomor pendaftaran",
    "tracking_code": "Kode pelacakan",
    "grounds": "Alasan keberatan",
    "reason": "Uraian keberatan",
}


@pages.app_template_filter("tanggal")
def tanggal(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return letters.indonesian_date(value) if value else ""


@pages.app_template_filter("waktu")
def waktu(value: dt.datetime) -> str:
    calendar = current_app.extensions["ppid.calendar"]
    local = value.astimezone(calendar.timezone)
    zone = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(str(calendar.timezone), "")
    return f"{letters.indonesian_date(local.date())} {local:%H.%M} {zone}".strip()


@pages.context_processor
def office_name():
    return {"office_name": suite().settings.org_name, "labels": LABELS}


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for item in flatten_errors(exc.messages):
        found.setdefault(item["field"].split(".")[0], []).append(item["message"])
    return found


def _form() -> dict:
    return {k: v for k, v in request.form.items() if k != "grounds"}


def _page(template: str, status: int = 200, **context):
    response = current_app.make_response((render_template(template, **context), status))
    response.headers["Cache-Control"] = "no-store" if request.method == "POST" else "public, max-age=300"
    return response


@pages.get("/")
def home():
    return _page("ppid/home.html")


@pages.route("/permohonan", methods=["GET", "POST"])
def request_form():
    options = {"obtain_options": OBTAIN_OPTIONS, "delivery_options": DELIVERY_OPTIONS}
    if request.method == "GET":
        return _page("ppid/request_form.html", errors={}, values={}, **options)
    values = _form()
    if values.pop("website", ""):
        return _page("ppid/request_form.html", 422, errors={"name": ["Permohonan tidak dapat diproses."]},
                     values=values, **options)  # fmt: skip
    try:
        data = schemas.RequestSubmission().load(values)
    except ValidationError as exc:
        return _page("ppid/request_form.html", 422, errors=_errors(exc), values=values, **options)
    with unit_of_work() as uow:
        created, code = services.submit_request(uow, data, ctx=context(uow.session))
    receipt = {
        "registration_number": created.registration_number,
        "tracking_code": code,
        "received_on": created.received_on,
        "due_date": created.due_date,
        "due_rule": rules.NOTICE_RULE,
    }
    return _page("ppid/receipt.html", 201, receipt=receipt)


def _tracked(values: dict):
    """(request, None) when number and code match, else (None, errors or not-found)."""
    try:
        query = schemas.TrackQuery().load(
            {
                "registration_number": values.get("registration_number", ""),
                "tracking_code": values.get("tracking_code", ""),
            }
        )
    except ValidationError as exc:
        return None, _errors(exc)
    session = suite().db.sessions()
    try:
        found = services.find_by_tracking(session, query["registration_number"], query["tracking_code"])
    except Problem:
        session.close()
        return None, None
    return (session, found), None


@pages.route("/lacak", methods=["GET", "POST"])
def track():
    if request.method == "GET":
        return _page("ppid/track.html", errors={}, values={})
    values = _form()
    found, errors = _tracked(values)
    if found is None:
        return _page("ppid/track.html", 422 if errors else 404, errors=errors or {}, values=values,
                     not_found=errors is None)  # fmt: skip
    session, tracked = found
    try:
        view = public_view(tracked, context(session))
        labels = {o.value: label for o, label in objection_rules.OUTCOME_LABELS.items()}
        return _page("ppid/status.html", request=view, tracking_code=values["tracking_code"], outcome_labels=labels)
    finally:
        session.close()


@pages.post("/lacak/tanda-bukti")
def receipt_pdf():
    found, _ = _tracked(_form())
    if found is None:
        return _page("ppid/track.html", 404, errors={}, values=_form(), not_found=True)
    session, tracked = found
    try:
        pdf = letters.receipt_pdf(letters.Office(suite().settings.org_name, city=suite().settings.office_city),
                                  letter_fields(tracked))  # fmt: skip
        return pdf_response(pdf, f"tanda-bukti-{tracked.registration_number}", "attachment")
    finally:
        session.close()


@pages.post("/lacak/pemberitahuan")
def notice_pdf():
    found, _ = _tracked(_form())
    if found is None:
        return _page("ppid/track.html", 404, errors={}, values=_form(), not_found=True)
    session, tracked = found
    try:
        if not tracked.decided_on:
            return _page("ppid/track.html", 409, errors={}, values=_form(), not_found=False)
        return notice_response(tracked)
    finally:
        session.close()


@pages.route("/keberatan", methods=["GET", "POST"])
def objection():
    context_ = {"grounds": objection_rules.GROUNDS}
    if request.method == "GET":
        return _page("ppid/objection.html", errors={}, values={}, **context_)
    values = {**_form(), "grounds": request.form.getlist("grounds")}
    try:
        data = schemas.ObjectionInput().load(values)
    except ValidationError as exc:
        return _page("ppid/objection.html", 422, errors=_errors(exc), values=values, **context_)
    try:
        with unit_of_work() as uow:
            filed = services.file_objection(uow, data, context(uow.session))
            view = {"number": filed.number, "registration_number": filed.request.registration_number,
                    "due_date": filed.due_date}  # fmt: skip
    except Problem as problem:
        status = problem.status if problem.status in (404, 409) else 422
        message = "Nomor pendaftaran atau kode pelacakan tidak cocok." if status == 404 else problem.detail
        return _page("ppid/objection.html", status, errors={}, values=values, problem=message, **context_)
    return _page("ppid/objection_filed.html", 201, objection=view)


from ppid.web import staff  # noqa: E402, F401 - registers the staff console on the same blueprint
