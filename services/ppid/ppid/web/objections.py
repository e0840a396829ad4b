"""The citizen's objection pages: the form (empty, or filled from the tracking page), its receipt, and the
superior's answer as a letter."""

from __future__ import annotations

from flask import request
from marshmallow import ValidationError

from chassis import caching
from chassis.errors import DomainError, NotFound
from chassis.web import unit_of_work
from ppid import schemas
from ppid.api.objections import answer_response
from ppid.context import context, reading
from ppid.domain import objections as objection_rules
from ppid.use_cases import objection_letters
from ppid.use_cases import objections as objection_cases
from ppid.web import _after_post, _errors, _form, _not_found, _page, _status_after, _tracked, pages, receipts


@pages.post("/lacak/keberatan/tanggapan")
def objection_answer_pdf():
    """The superior's answer to one of the request's objections, as a letter (number and code in the form)."""
    values = _form()
    number, code = values.get("registration_number", ""), values.get("tracking_code", "")
    try:
        with reading() as uow:
            ctx = context(uow.session, anonymous=True)
            letter = objection_letters.tracked_answer_letter(uow, ctx, number, code, values.get("objection_number", ""))
            return answer_response(*letter, disposition="attachment")
    except DomainError as exc:
        try:  # the objection is not this request's, or not answered yet: said on the request's page
            return _status_after(values, exc.status, exc.detail)
        except NotFound:  # the number and code do not match
            return _not_found(values)


@pages.route("/keberatan", methods=["GET", "POST"])
def objection():
    context_ = {"grounds": objection_rules.GROUNDS}
    if request.method == "GET":
        return _page("ppid/objection.html", errors={}, values={}, **context_)
    values = {**_form(), "grounds": request.form.getlist("grounds")}
    try:
        data = schemas.ObjectionInput().load({k: v for k, v in values.items() if k != "prefilled"})
    except ValidationError as exc:
        return _page("ppid/objection.html", 422, errors=_errors(exc), values=values, **context_)
    try:
        with unit_of_work() as uow:
            filed = objection_cases.file_objection(uow, context(uow.session, anonymous=True), data)
            view = {
                "number": filed.number,
                "registration_number": filed.request.registration_number,
                "due_date": filed.due_date.isoformat(),
            }
    except DomainError as problem:
        status = problem.status if problem.status in (404, 409) else 422
        message = "Nomor pendaftaran atau kode pelacakan tidak cocok." if status == 404 else problem.detail
        return _page("ppid/objection.html", status, errors={}, values=values, problem=message, **context_)
    return _after_post("ppid_pages.objection_filed", receipts.OBJECTION, view)


@pages.post("/keberatan/dari-lacak")
def objection_from_tracking():
    """The objection form with the request's number and code already filled, from its status page's button (a POST,
    so the code never enters the URL)."""
    values = _form()
    found, _ = _tracked(values)
    if found is None:
        return _not_found(values)
    found[0].close()
    shown = {k: values[k].strip() for k in ("registration_number", "tracking_code")}
    return _page("ppid/objection.html", errors={}, values={**shown, "prefilled": "1"}, grounds=objection_rules.GROUNDS)


@pages.get("/keberatan/diterima")
def objection_filed():
    shown = receipts.read(receipts.OBJECTION)
    response = _page("ppid/objection_filed.html", 200 if shown else 404, objection=shown)
    response.headers.update(caching.NO_STORE)
    return response
