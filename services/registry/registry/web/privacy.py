"""Data-subject requests on the pages: the partner files one for its outlet's people and reads the answers
(``/registry/mitra/privasi``); the data protection officer lists them by due time and answers each
(``/registry/konsol/privasi``). Both post to the same use cases as the API, Post/Redirect/Get."""

from __future__ import annotations

from flask import abort, redirect, request, url_for

from chassis.auth import page_login_required
from chassis.forms import attempt, form_values
from registry import schemas
from registry.domain import privacy as rules
from registry.use_cases import privacy
from registry.web import page, pages, perform, shown, working

partner_only = page_login_required(privacy.file_request)
dpo_only = page_login_required(privacy.privacy_requests)
KINDS = [(k.value, label) for k, label in rules.KIND_LABELS.items()]
LABELS = {"kind": "Jenis permintaan", "detail": "Uraian", "note": "Jawaban"}


def _partner_page(who, status: int = 200, **context):
    with working(who) as (uow, ctx):
        items = [privacy.view(r, ctx) for r in privacy.my_requests(uow, ctx)]
        return page(
            "registry/partner_privacy.html",
            status,
            who=who,
            items=items,
            kinds=KINDS,
            labels=LABELS,
            message=request.args.get("pesan"),
            **{"values": {}, "errors": {}, **context},
        )


@pages.get("/mitra/privasi")
@partner_only
def partner_privacy(who):
    return _partner_page(who)


@pages.post("/mitra/privasi")
@partner_only
def file_privacy_request(who):
    values = form_values()
    made, refused = attempt(lambda: perform(who, privacy.file_request, schemas.PrivacyRequestIn().load(values)))
    if refused:
        return _partner_page(who, refused.status, values=values, errors=shown(refused), problem=refused.general)
    done = f"Permintaan {made.number} tercatat; dijawab paling lambat 3 x 24 jam."
    return redirect(url_for("registry_pages.partner_privacy", pesan=done), code=303)


@pages.get("/konsol/privasi")
@dpo_only
def privacy_console(who):
    status = request.args.get("status") or None
    if status and status not in {s.value for s in rules.Status}:
        abort(404)
    with working(who) as (uow, ctx):
        items = [privacy.view(r, ctx) for r in privacy.privacy_requests(uow, ctx, status)]
        return page(
            "registry/console_privacy.html",
            who=who,
            items=items,
            status=status,
            statuses=rules.STATUS_LABELS,
            message=request.args.get("pesan"),
        )


def _detail(who, number: str, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = privacy.view(privacy.privacy_request(uow, ctx, number), ctx)
        return page(
            "registry/console_privacy_detail.html",
            status,
            who=who,
            r=found,
            labels=LABELS,
            **{"values": {}, "errors": {}, **context},
        )


@pages.get("/konsol/privasi/<string:number>")
@dpo_only
def privacy_detail(who, number):
    return _detail(who, number)


@pages.post("/konsol/privasi/<string:number>/jawab")
@dpo_only
def answer_privacy_request(who, number):
    values = form_values()

    def run():
        return perform(who, privacy.answer, number, schemas.PrivacyAnswerIn().load(values)["note"])

    _done, refused = attempt(run, reraise=(404,))
    if refused:
        return _detail(who, number, refused.status, values=values, errors=shown(refused), problem=refused.general)
    return redirect(url_for("registry_pages.privacy_detail", number=number, pesan="Jawaban tersimpan."), code=303)
