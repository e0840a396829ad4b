"""The console's decrees (SK) over verified applications, and the contracts with approved partners."""

from __future__ import annotations

from flask import redirect, request, url_for

from chassis.forms import attempt, form_values
from registry import schemas
from registry.domain import contracts as contract_rules
from registry.use_cases import contracts
from registry.web import page, pages, perform, refuse_unless_allowed, shown, working
from registry.web.console import chosen_period_id, staff


def _decree_page(who, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = contracts.decree_console(uow, ctx, chosen_period_id())
        return page(
            "registry/console_decree.html", status, who=who, message=request.args.get("pesan"), **found, **context
        )


@pages.get("/konsol/sk")
@staff
def decrees(who):
    return _decree_page(who)


@pages.post("/konsol/sk")
@staff
def issue_decree(who):
    refuse_unless_allowed(contracts.issue_decree, who)
    values = {**form_values(), "application_ids": request.form.getlist("application_ids")}
    decree, refused = attempt(lambda: perform(who, contracts.issue_decree, schemas.DecreeIn().load(values)))
    if refused:
        return _decree_page(who, refused.status, values=values, errors=shown(refused), problem=refused.general)
    return redirect(
        url_for("registry_pages.decrees", period_id=decree.period_id, pesan=f"SK {decree.number} ditetapkan."), code=303
    )


def _contracts_page(who, status: int = 200, **context):
    with working(who) as (uow, ctx):
        found = contracts.contract_console(uow, ctx, chosen_period_id())
        return page(
            "registry/console_contracts.html", status, who=who, message=request.args.get("pesan"), **found, **context
        )


@pages.get("/konsol/kontrak")
@staff
def contract_list(who):
    return _contracts_page(who)


@pages.post("/konsol/kontrak")
@staff
def create_contract(who):
    refuse_unless_allowed(contracts.create_contract, who)
    values = form_values()
    terms = {k: v for k, v in values.items() if k != "period_id"}
    made, refused = attempt(lambda: perform(who, contracts.create_contract, schemas.ContractIn().load(terms)))
    if refused:
        return _contracts_page(who, refused.status, values=values, errors=shown(refused), problem=refused.general)
    return redirect(
        url_for("registry_pages.contract_list", period_id=made.period_id, pesan=f"Kontrak {made.number} dibuat."),
        code=303,
    )


@pages.post("/konsol/kontrak/<int:contract_id>/<string:action>")
@staff
def move_contract(who, contract_id, action):
    """Suspend a contract (with the reason), resume it, or end it."""
    reason = request.form.get("reason", "").strip() or None
    moved, refused = attempt(lambda: perform(who, contracts.move_contract, contract_id, action, reason), reraise=(404,))
    if refused:
        return _contracts_page(
            who, refused.status, moved=(contract_id, action), move_errors=shown(refused), problem=refused.general
        )
    done = f"Kontrak {moved.number}: {contract_rules.TRANSITIONS.label(action).lower()} selesai."
    return redirect(url_for("registry_pages.contract_list", period_id=moved.period_id, pesan=done), code=303)
