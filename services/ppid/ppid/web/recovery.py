"""The citizen's page for a lost tracking code: give the email or phone used, read the one answer."""

from __future__ import annotations

from flask import request
from marshmallow import ValidationError

from chassis.web import unit_of_work
from ppid import schemas
from ppid.context import context
from ppid.domain import recovery as rules
from ppid.use_cases import recovery
from ppid.web import _after_get, _errors, _page, pages


@pages.route("/lacak/lupa-kode", methods=["GET", "POST"])
def recover_code():
    if request.method == "GET":
        return _page("ppid/recover_code.html", errors={}, values={})
    values = {"contact": request.form.get("contact", "")}
    try:
        data = schemas.RecoverCode().load(values)
    except ValidationError as exc:
        return _page("ppid/recover_code.html", 422, errors=_errors(exc), values=values)
    with unit_of_work() as uow:
        recovery.recover_codes(uow, context(uow.session, anonymous=True), data["contact"])
    return _after_get("ppid_pages.recover_code_sent")


@pages.get("/lacak/lupa-kode/terkirim")
def recover_code_sent():
    return _page("ppid/recover_code.html", errors={}, values={}, answer=rules.ANSWER)
