"""Pages of data-subject requests: the citizen's form (post/redirect/get to a receipt) and the DPO's console.

The receipt shows only the number, its status and its due time: nothing personal, so whoever holds the link
learns no one's data.
"""

from __future__ import annotations

from flask import redirect, request, url_for
from marshmallow import ValidationError

from chassis.auth import page_login_required
from chassis.errors import DomainError, NotFound
from chassis.forms import FormErrors
from chassis.web import unit_of_work
from ppid.api.privacy import receipt, staff_view
from ppid.context import context, reading
from ppid.domain import privacy as rules
from ppid.schemas import privacy as schemas
from ppid.use_cases import privacy as use_cases
from ppid.web import LABELS, _errors, _page, pages
from ppid.web.staff import _staff_page

KIND_OPTIONS = [(k.value, label) for k, label in rules.KIND_LABELS.items()]
STATUS_LABELS = {s.value: label for s, label in rules.STATUS_LABELS.items()}
ACTION_LABELS = {a: rules.PRIVACY_REQUESTS.label(a) for a in rules.PRIVACY_REQUESTS}
dpo_only = page_login_required(use_cases.privacy_requests)
FORM_LABELS = {**LABELS, "kind": "Jenis permintaan", "detail": "Keterangan"}


@pages.route("/privasi/permintaan", methods=["GET", "POST"])
def privacy_form():
    if request.method == "GET":
        return _page("ppid/privacy_form.html", errors={}, values={}, kinds=KIND_OPTIONS, labels=FORM_LABELS)
    values = {k: v for k, v in request.form.items()}
    try:
        data = schemas.Filing().load(values)
    except ValidationError as exc:
        return _page(
            "ppid/privacy_form.html", 422, errors=_errors(exc), values=values, kinds=KIND_OPTIONS, labels=FORM_LABELS
        )
    try:
        with unit_of_work() as uow:
            record = use_cases.file_request(uow, context(uow.session, anonymous=True), data)
            number = record.number
    except NotFound as exc:
        return _page(
            "ppid/privacy_form.html",
            404,
            errors={},
            values=values,
            kinds=KIND_OPTIONS,
            labels=FORM_LABELS,
            problem=str(exc.detail),
        )
    return redirect(url_for("ppid_pages.privacy_receipt", number=number), 303)


@pages.get("/privasi/permintaan/<path:number>")
def privacy_receipt(number):
    with reading() as uow:
        ctx = context(uow.session, anonymous=True)
        record = use_cases._find(uow.session, number)
        view = receipt(record, ctx)
    return _page("ppid/privacy_receipt.html", receipt=view)


@pages.get("/petugas/privasi")
@dpo_only
def privacy_console(who):
    status = request.args.get("status") or None
    if status not in STATUS_LABELS:
        status = None
    with reading() as uow:
        ctx = context(uow.session)
        items = [staff_view(r, ctx) for r in use_cases.privacy_requests(uow, ctx, status)]
    return _staff_page("ppid/privacy_console.html", who, items=items, status=status, status_labels=STATUS_LABELS)


def _detail(who, number, status=200, message=None, problem=None):
    with reading() as uow:
        ctx = context(uow.session)
        view = staff_view(use_cases.privacy_request(uow, ctx, number), ctx)
    return _staff_page(
        "ppid/privacy_detail.html",
        who,
        status,
        r=view,
        message=message,
        problem=problem,
        action_labels=ACTION_LABELS,
        correctable=rules.CORRECTABLE,
    )


@pages.get("/petugas/privasi/<path:number>")
@dpo_only
def privacy_detail(who, number):
    return _detail(who, number, message=request.args.get("pesan"))


@pages.post("/petugas/privasi/<path:number>/<any(answer, refuse):action>")
@dpo_only
def privacy_act(who, number, action):
    corrections = {f: request.form[f].strip() for f in rules.CORRECTABLE if request.form.get(f, "").strip()}
    data = {"answer": request.form.get("answer", ""), "corrections": corrections}
    try:
        with unit_of_work() as uow:
            use_cases.answer(uow, context(uow.session), number, action, data)
    except DomainError as exc:
        refused = FormErrors.of(exc)
        return _detail(who, number, refused.status or 422, problem=refused.message)
    return redirect(url_for("ppid_pages.privacy_detail", number=number, pesan="Jawaban tersimpan."), 303)
