"""Personal data in the console: the verifier reveals one journalist's NIK or one KIM member's phone with a reason
(logged; the answer is the page itself, never cached, so nothing of it sits in a redirect's URL), and the data
protection officer reads the access log (``/registry/konsol/log-akses``) with the same window as its CSV
(``/api/registry/privacy/access-log?format=csv``) and the year's count per month."""

from __future__ import annotations

from flask import request

from chassis import caching
from chassis.auth import page_login_required
from chassis.formats import month_names, zone_label
from chassis.forms import attempt, form_values
from chassis.personal_data import REASONS
from chassis.privacy import ACCESS_ACTIONS, page_window
from registry import schemas
from registry.domain.personal_data import FIELD_LABELS, KIND_LABELS
from registry.use_cases import personal_data
from registry.web import page, pages, perform, refuse_unless_allowed, working
from registry.web.console import staff
from registry.web.console.applications import _application_page
from registry.web.console.kim import _kim_page


def _reveal(who, kind: str, record_id: int):
    """``(revealed, None)`` or ``(None, refused)``: the form through the API's schema, then the use case."""
    refuse_unless_allowed(personal_data.reveal, who)
    values = form_values()

    def run():
        data = schemas.RevealIn().load({k: values.get(k, "") for k in ("reason", "detail")})
        return perform(who, personal_data.reveal, kind, record_id, data["reason"], data["detail"])

    return attempt(run, reraise=(403, 404))


def _said(refused) -> str:
    return "; ".join(m for found in refused.fields.values() for m in found) or refused.message


def _no_store(response):
    html, status, _headers = response
    return html, status, caching.NO_STORE


@pages.post("/konsol/pendaftaran/<int:application_id>/wartawan/<int:journalist_id>/data-pribadi")
@staff
def reveal_journalist(who, application_id, journalist_id):
    """One journalist's NIK on the application's page, once, for the reason chosen."""
    revealed, refused = _reveal(who, "journalist", journalist_id)
    if refused:
        return _application_page(
            who,
            application_id,
            refused.status,
            reveal_for=journalist_id,
            reveal_errors=refused.fields,
            problem=_said(refused),
        )
    return _no_store(_application_page(who, application_id, revealed=revealed))


@pages.post("/konsol/kim/<int:group_id>/anggota/<int:member_id>/data-pribadi")
@staff
def reveal_kim_member(who, group_id, member_id):
    """One member's phone on the group's page, once, for the reason chosen."""
    revealed, refused = _reveal(who, "kim_member", member_id)
    if refused:
        return _kim_page(
            who, group_id, refused.status, reveal_for=member_id, reveal_errors=refused.fields, problem=_said(refused)
        )
    return _no_store(_kim_page(who, group_id, revealed=revealed))


@pages.get("/konsol/log-akses")
@page_login_required(personal_data.access_log)
def access_log(who):
    """The data protection officer's page of the access log, with the same window as its CSV."""
    start, end = request.args.get("from") or None, request.args.get("to") or None
    query, problem = page_window(request.args)
    with working(who) as (uow, ctx):
        rows, failed = attempt(lambda: personal_data.access_log(uow, ctx, query.get("start"), query.get("end")))
        if failed:
            rows, problem = [], failed.message
        summary = personal_data.access_summary(uow, ctx, ctx.today().year)
        html, status, _headers = page(
            "registry/console_access_log.html",
            400 if problem else 200,
            who=who,
            rows=rows or [],
            start=start,
            end=end,
            problem=problem,
            summary=summary,
            zone=zone_label(ctx.timezone),
            access_actions=ACCESS_ACTIONS,
            reasons=REASONS,
            kind_labels=KIND_LABELS,
            field_labels=FIELD_LABELS,
            month_names=month_names(),
        )
    return html, status, caching.NO_STORE
