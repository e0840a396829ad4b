"""The console's proofs to check, the payment report with its downloads, and what the office owes per month."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, redirect, request, url_for
from marshmallow import ValidationError

from chassis.forms import attempt, form_values
from registry import queries, schemas, uploads
from registry.domain import payments as payment_rules
from registry.use_cases import payables, payments, proofs
from registry.use_cases.periods import all_periods, chosen
from registry.web import page, pages, perform, refuse_unless_allowed, shown, working
from registry.web.console import QUEUE_SIZE, chosen_period_id, staff


def _proofs_page(who, status: int = 200, **context):
    """Proofs waiting for the verifier, oldest first."""
    filters = {"limit": QUEUE_SIZE, "status": "pending", "after": request.args.get("after")}
    with working(who) as (uow, ctx):
        pending, cursor = queries.proofs(uow, ctx, filters)
        return page(
            "registry/console_proofs.html",
            status,
            who=who,
            pending=pending,
            message=request.args.get("pesan"),
            next_query=urlencode({"after": cursor}) if cursor else None,
            **context,
        )


@pages.get("/konsol/bukti")
@staff
def proof_queue(who):
    return _proofs_page(who)


@pages.get("/konsol/bukti/<int:proof_id>/tangkapan-layar")
@staff
def proof_screenshot_console(who, proof_id):
    with working(who) as (uow, ctx):
        proof = proofs.screenshot_of(uow, ctx, proof_id)
        return uploads.response(proof.file_sha256, proof.file_type, proof.file_name, shown=True)


@pages.post("/konsol/bukti/<int:proof_id>")
@staff
def review_proof(who, proof_id):
    refuse_unless_allowed(proofs.review_proof, who)
    values = {"accepted": request.form.get("accepted") == "ya", "note": request.form.get("note", "").strip() or None}
    _done, refused = attempt(
        lambda: perform(who, proofs.review_proof, proof_id, schemas.ProofReviewIn().load(values)), reraise=(404,)
    )
    if refused:
        return _proofs_page(who, refused.status, proof_id=proof_id, errors=shown(refused), problem=refused.general)
    done = "Bukti diterima." if values["accepted"] else "Bukti ditolak."
    return redirect(url_for("registry_pages.proof_queue", pesan=done), code=303)


def report_formats() -> list[str]:
    """The download formats the payment report's API offers (the schema says which)."""
    found = []
    for name in ("csv", "xlsx", "pdf"):
        try:
            schemas.PaymentQuery().load({"period_id": 1, "format": name})
            found.append(name)
        except ValidationError:
            pass
    return found


@pages.get("/konsol/laporan")
@staff
def payment_report(who):
    """Per contract and month: accepted and billable proofs and the amount; the budget committed and used."""
    with working(who) as (uow, ctx):
        periods = all_periods(uow.session)
        period = chosen(periods, chosen_period_id())
        figures = proofs.payment_report(uow, ctx, period.id) if period else None
        return page(
            "registry/console_report.html",
            who=who,
            periods=periods,
            period=period,
            figures=figures,
            formats=report_formats(),
        )


def _owed_page(who, status: int = 200, **context):
    """What the office owes: each contract month with its SPJ, amount due and payment, and the moves allowed now."""
    chosen = request.args.get("status") or None
    if chosen and chosen not in payment_rules.STATUS_LABELS:
        abort(404)
    period_id = request.args.get("period_id", type=int)
    query = {"limit": QUEUE_SIZE, "status": chosen, "period_id": period_id, "after": request.args.get("after")}
    filters = {k: v for k, v in (("status", chosen), ("period_id", period_id)) if v}
    with working(who) as (uow, ctx):
        found = payables.owed(uow, ctx, query)
        return page(
            "registry/console_payments.html",
            status,
            who=who,
            periods=all_periods(uow.session),
            period_id=period_id,
            chosen=chosen,
            records=found["items"],
            totals=found["totals"],
            moves={a: m.label for a, m in payment_rules.PAYMENT_MOVES.items()},
            statuses=[str(s) for s in payment_rules.STATUS_LABELS],
            message=request.args.get("pesan"),
            next_query=urlencode({**filters, "after": found["next"]}) if found["next"] else None,
            **context,
        )


@pages.get("/konsol/pembayaran")
@staff
def owed(who):
    return _owed_page(who)


@pages.post("/konsol/pembayaran/<int:contract_id>/<string:month>/<string:action>")
@staff
def payment_move(who, contract_id, month, action):
    """Check or return the SPJ, record the payment (date, amount, tax withheld), hold it with a reason, release it."""
    values = form_values()
    _done, refused = attempt(
        lambda: perform(who, payments.move, contract_id, month, action, schemas.PaymentMoveIn().load(values)),
        reraise=(403, 404),
    )
    if refused:
        return _owed_page(
            who,
            refused.status,
            failed=(contract_id, month, action),
            values=values,
            errors=shown(refused),
            problem=refused.general,
        )
    done = f"{payment_rules.PAYMENT_MOVES[action].label}: bulan {month} selesai."
    return redirect(url_for("registry_pages.owed", **request.args, pesan=done), code=303)
