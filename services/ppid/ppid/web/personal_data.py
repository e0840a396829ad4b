"""Personal data on the staff pages: an officer reveals one requester's masked data with a reason (logged), and the
data protection officer reads the access log (``/ppid/petugas/log-akses``) with the same window as its CSV
(``/api/ppid/privacy/access-log?format=csv``)."""

from __future__ import annotations

from flask import request

from chassis import caching
from chassis.auth import page_login_required
from chassis.errors import DomainError
from chassis.formats import zone_label
from chassis.forms import FormErrors, form_values
from chassis.personal_data import REASONS
from chassis.privacy import ACCESS_ACTIONS, page_window
from chassis.web import unit_of_work
from ppid.context import context, reading
from ppid.use_cases import personal_data as reveal_cases
from ppid.web import _page, pages
from ppid.web.staff import _detail, _refusal, staff_only


@pages.post("/petugas/permohonan/<string:number>/data-pribadi")
@staff_only
def staff_reveal(who, number):
    """The requester's personal data, once, for the reason chosen (logged); the answer is never cached."""
    form = form_values()
    try:
        with unit_of_work() as uow:
            ctx = context(uow.session)
            revealed = reveal_cases.reveal(uow, ctx, number, form.get("reason", ""), form.get("detail", ""))
    except DomainError as exc:
        refused = _refusal(exc, reveal_cases.reveal)
        if refused.status == 404:
            raise
        return _detail(who, number, refused.status, problem=refused.message)
    response = _detail(who, number, revealed=revealed)
    response.headers.update(caching.NO_STORE)
    return response


@pages.get("/petugas/log-akses")
@page_login_required(reveal_cases.access_log)
def staff_access_log(who):
    """The data protection officer's page of the access log, with the same window as its CSV."""
    start, end = request.args.get("from") or None, request.args.get("to") or None
    query, problem = page_window(request.args)
    window = [query.get("start"), query.get("end")]
    with reading() as uow:
        ctx = context(uow.session)
        try:
            rows = reveal_cases.access_log(uow, ctx, *window)
        except DomainError as exc:
            rows, problem = [], FormErrors.of(exc).message
    response = _page(
        "ppid/staff_access_log.html",
        400 if problem else 200,
        who=who,
        rows=rows,
        start=start,
        end=end,
        problem=problem,
        zone=zone_label(ctx.timezone),
        action_labels=ACCESS_ACTIONS,
        reasons=REASONS,
    )
    response.headers.update(caching.NO_STORE)
    return response
