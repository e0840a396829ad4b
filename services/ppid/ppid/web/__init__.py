"""Public pages of the PPID in Bahasa Indonesia: request form, receipt, tracking, objection. No JavaScript needed.

The pages use the same schemas and use cases as the JSON API, so a rule is
written once; only the way errors are shown differs (next to each field).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from marshmallow import ValidationError

from chassis import caching, formats
from chassis.errors import DomainError, NotFound
from chassis.forms import FormErrors
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from ppid import schemas
from ppid.api.requests import notice_response, public_view, receipt_response
from ppid.context import context, reading
from ppid.domain import dip as dip_rules
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules
from ppid.domain import survey as survey_rules
from ppid.use_cases import actions, public_info, surveys
from ppid.use_cases import messages as message_cases
from ppid.use_cases import opds as opd_cases
from ppid.use_cases import requests as request_cases
from ppid.web import receipts, words

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
    "email": "Alamat email",
    "occupation": "Pekerjaan",
    "information": "Rincian informasi",
    "purpose": "Tujuan penggunaan",
    "obtain_method": "Cara memperoleh informasi",
    "delivery_method": "Cara mendapatkan salinan",
    "registration_number": "Nomor pendaftaran",
    "tracking_code": "Kode pelacakan",
    "grounds": "Alasan keberatan",
    "reason": "Uraian keberatan",
    "contact": "Email atau nomor telepon",
}


@pages.app_template_filter("tanggal")
def tanggal(value) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return formats.date_id(value) if value else ""


@pages.app_template_filter("waktu")
def waktu(value: dt.datetime | str) -> str:
    return formats.datetime_id(value, current_app.extensions["ppid.calendar"].timezone)


@pages.context_processor
def office_name():
    settings = suite().settings
    return {
        "office_name": settings.org_name,
        "words": words.of_codes(),
        "labels": LABELS,
        "privacy_contact": settings.privacy_officer_contact,
        "retention_years": settings.retention_requester_years,
    }


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    """Messages per field; the forms' inputs are the top fields, so ``grounds.0`` is shown at ``grounds``. In the
    order of the form (``LABELS``), so the summary reads top to bottom even where a rule across fields (the NIK's
    shape, one contact of two) was checked after the fields themselves."""
    fields = FormErrors.of(exc).top_level().fields
    order = {name: i for i, name in enumerate(LABELS)}
    return dict(sorted(fields.items(), key=lambda item: order.get(item[0], len(order))))


def _form() -> dict:
    return {k: v for k, v in request.form.items() if k != "grounds"}


def _page(template: str, status: int = 200, **context):
    response = current_app.make_response((render_template(template, **context), status))
    response.headers.update(caching.NO_STORE if request.method == "POST" else caching.public(300))
    return response


def office_opds() -> opd_cases.OfficeList:
    """The office's OPD list for a page that shows OPD codes (by name) or offers them."""
    with reading() as uow:
        return opd_cases.office_list(uow, context(uow.session, anonymous=True))


@pages.get("/")
def home():
    return _page("ppid/home.html")


@pages.route("/permohonan", methods=["GET", "POST"])
def request_form():
    if request.method == "GET":
        return _request_form_page(200, {}, {})
    values = _form()
    if values.pop("website", ""):
        return _request_form_page(422, {"name": ["Permohonan tidak dapat diproses."]}, values)
    try:
        data = schemas.RequestSubmission().load(values)
    except ValidationError as exc:
        return _request_form_page(422, _errors(exc), values)
    with unit_of_work() as uow:
        created, code = request_cases.submit_request(uow, context(uow.session, anonymous=True), data)
    receipt = {
        "registration_number": created.registration_number,
        "tracking_code": code,
        "received_on": created.received_on.isoformat(),
        "due_date": created.due_date.isoformat(),
    }
    return _after_post("ppid_pages.receipt", receipts.RECEIPT, receipt)


def _request_form_page(status: int, errors: dict, values: dict):
    """The request form; what only the page shows (the OPDs' guidance, by the list's names) is read only when it
    is shown, not on the submit that files the request."""
    return _page(
        "ppid/request_form.html",
        status,
        errors=errors,
        values=values,
        obtain_options=OBTAIN_OPTIONS,
        delivery_options=DELIVERY_OPTIONS,
        guidance=_guidance(),
        office_opds=office_opds(),
    )


def _after_get(endpoint: str):
    """Post/Redirect/Get: 303 to the page that shows what was done."""
    response = redirect(url_for(endpoint), 303)
    response.headers.update(caching.NO_STORE)
    return response


def _after_post(endpoint: str, cookie: str, value: dict):
    """Post/Redirect/Get carrying what the next page shows in a signed cookie."""
    return receipts.put(_after_get(endpoint), cookie, value)


@pages.get("/permohonan/tanda-terima")
def receipt():
    """The receipt after filing; reloading it shows it again and files nothing."""
    shown = receipts.read(receipts.RECEIPT)
    if shown is None:
        return _page("ppid/receipt.html", 404, receipt=None)
    response = _page("ppid/receipt.html", receipt={**shown, "due_rule": rules.NOTICE_RULE})
    response.headers.update(caching.NO_STORE)
    return response


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
        found = request_cases.find_by_tracking(session, query["registration_number"], query["tracking_code"])
    except NotFound:
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
        return _page(
            "ppid/track.html", 422 if errors else 404, errors=errors or {}, values=values, not_found=errors is None
        )
    session, tracked = found
    try:
        return _status(session, tracked, values["tracking_code"])
    finally:
        session.close()


def _status(session, tracked, code: str, status: int = 200, message: str | None = None, problem: str | None = None):
    view = public_view(tracked, context(session, anonymous=True))
    labels = {o.value: label for o, label in objection_rules.OUTCOME_LABELS.items()}
    dispute_labels = {o.value: label for o, label in objection_rules.DISPUTE_OUTCOME_LABELS.items()}
    survey_open = surveys.survey_open(session, tracked)
    return _page(
        "ppid/status.html",
        status,
        request=view,
        tracking_code=code,
        outcome_labels=labels,
        dispute_labels=dispute_labels,
        survey_open=survey_open,
        survey_elements=survey_rules.ELEMENTS,
        message=message,
        problem=problem,
    )


def _status_after(values: dict, status: int, problem: str):
    """The request's status page read afresh with the problem that stopped the requester's action."""
    with suite().db.session() as session:
        fresh = request_cases.find_by_tracking(session, values["registration_number"], values["tracking_code"])
        return _status(session, fresh, values["tracking_code"], status, problem=problem)


def _tracked_after(values: dict, message: str):
    """Post/Redirect/Get after the requester's action: 303 to the status page, which says what was done."""
    shown = {k: values[k] for k in ("registration_number", "tracking_code")}
    return _after_post("ppid_pages.tracked_status", receipts.TRACKED, {**shown, "message": message})


@pages.get("/lacak/status")
def tracked_status():
    """The status page after an action on it (number and code in the signed cookie); the message is shown once."""
    shown = receipts.read(receipts.TRACKED)
    if shown is None:
        return _page("ppid/track.html", errors={}, values={})
    with suite().db.session() as session:
        try:
            fresh = request_cases.find_by_tracking(session, shown["registration_number"], shown["tracking_code"])
        except NotFound:
            return _not_found({"registration_number": shown["registration_number"]})
        response = _status(session, fresh, shown["tracking_code"], message=shown.get("message"))
    response.headers.update(caching.NO_STORE)
    return receipts.put(response, receipts.TRACKED, {**shown, "message": None})


def _not_found(values: dict):
    """The tracking form again: no request has this number and code."""
    return _page("ppid/track.html", 404, errors={}, values=values, not_found=True)


def _guidance() -> list:
    with reading() as uow:
        return public_info.guidance_list(uow, context(uow.session, anonymous=True), by_name=True)


@pages.post("/lacak/lengkapi")
def complete():
    values = _form()
    found, _ = _tracked(values)
    if found is None:
        return _not_found(values)
    session, tracked = found
    session.close()
    data = {k: values[k].strip() for k in ("information", "purpose") if values.get(k, "").strip()}
    number, code = values["registration_number"], values["tracking_code"]
    try:
        with unit_of_work() as uow:
            actions.complete(uow, context(uow.session, anonymous=True), number, code, data)
    except DomainError as exc:
        return _status_after(values, exc.status, exc.detail)
    return _tracked_after(values, "Terima kasih, permohonan Anda sudah lengkap; tenggat dihitung ulang.")


@pages.post("/survei")
def survey():
    values = _form()
    try:
        data = schemas.SurveyInput().load(values)
    except ValidationError as exc:
        found, _ = _tracked(values)
        if found is None:
            return _not_found(values)
        session, tracked = found
        try:
            fields_ = ", ".join(sorted(_errors(exc)))
            return _status(session, tracked, values["tracking_code"], 422, problem=f"Lengkapi penilaian: {fields_}.")
        finally:
            session.close()
    try:
        with unit_of_work() as uow:
            surveys.answer_survey(uow, context(uow.session, anonymous=True), data)
    except DomainError as exc:
        if exc.status == 404:
            return _not_found(values)
        return _status_after(values, exc.status, exc.detail)
    return _tracked_after(values, "Terima kasih atas penilaian Anda.")


@pages.post("/lacak/pesan")
def message():
    from ppid.api.messages import incoming

    values = _form()
    found, _ = _tracked(values)
    if found is None:
        return _not_found(values)
    found[0].close()
    try:
        data, upload = incoming()
        number, code, body = values["registration_number"], values["tracking_code"], data.get("body", "")
        with unit_of_work() as uow:
            message_cases.post_requester_message(uow, context(uow.session, anonymous=True), number, code, body, upload)
    except (DomainError, Problem) as exc:
        return _status_after(values, exc.status, exc.detail)
    return _tracked_after(values, "Pesan terkirim.")


@pages.post("/lacak/pesan/<int:message_id>/berkas")
def message_file(message_id):
    from ppid.api.messages import requester_file

    return requester_file(message_id)


@pages.get("/dip")
def dip():
    from ppid.api.public_info import list_dip

    raw = {k: v for k, v in request.args.items() if v}
    try:
        query = schemas.DipQuery().load(raw)
    except ValidationError:
        query = schemas.DipQuery().load({})
    items, cursor, _staff = list_dip(query, anonymous=True)
    categories = {c.value: label for c, label in dip_rules.CATEGORY_LABELS.items()}
    return _page(
        "ppid/dip.html", items=items, next=cursor, query=query, categories=categories, office_opds=office_opds()
    )


@pages.post("/lacak/tanda-bukti")
def receipt_pdf():
    found, _ = _tracked(_form())
    if found is None:
        return _not_found(_form())
    session, tracked = found
    try:
        return receipt_response(tracked, "attachment")
    finally:
        session.close()


@pages.post("/lacak/pemberitahuan")
def notice_pdf():
    found, _ = _tracked(_form())
    if found is None:
        return _not_found(_form())
    session, tracked = found
    try:
        if not tracked.decided_on:
            return _page("ppid/track.html", 409, errors={}, values=_form(), not_found=False)
        return notice_response(tracked, request_cases.notice(tracked))
    finally:
        session.close()


from ppid.web import objections, personal_data, privacy, recovery, staff  # noqa: E402, F401 - the other pages
