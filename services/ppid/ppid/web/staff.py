"""The staff console: inbox, a request with every action allowed now, and the yearly report.

Officers log in on the gateway's page (/masuk); the gateway passes the token
to this service as a bearer token, checked here like any API call. Actions
post plain forms and come back to the request (post/redirect/get). Who may do
what is the use cases' to decide; a page shows their refusal.
"""

from __future__ import annotations

import dataclasses

from flask import current_app, redirect, request, url_for
from marshmallow import ValidationError

from chassis import caching
from chassis.auth import page_login_required
from chassis.errors import DomainError
from chassis.forms import FormErrors, form_values
from chassis.permissions import permission_of
from chassis.personal_data import REASONS
from chassis.problems import Problem
from chassis.web import unit_of_work
from ppid import schemas
from ppid.api.public_info import list_dip
from ppid.api.requests import objection_view, staff_view
from ppid.context import context, reading
from ppid.domain import dip as dip_rules
from ppid.domain import objections as objection_rules
from ppid.domain import personal_data, workflow
from ppid.domain.permissions import MANAGE_OBSTACLES
from ppid.use_cases import actions, calendar, objections, public_info, reports
from ppid.use_cases import messages as message_cases
from ppid.use_cases import requests as request_cases
from ppid.web import DELIVERY_OPTIONS, _page, office_opds, pages

ACTION_LABELS = {action: workflow.TRANSITIONS.label(action) for action in workflow.TRANSITIONS}
DECISION_LABELS = {d.value: label for d, label in workflow.DECISION_LABELS.items()}
STATUS_LABELS = {s.value: label for s, label in workflow.STATUS_LABELS.items()}

# Every staff page needs a signed-in member of the PPID's staff; each use case then decides what they may do.
staff_only = page_login_required(request_cases.inbox)


def _refusal(exc: Exception, use_case) -> FormErrors:
    """What a page shows when a use case refuses; a refused permission in the words of the permission itself."""
    refused = FormErrors.of(exc)
    if refused.status == 403 and (needed := permission_of(use_case)) is not None and needed.label:
        return dataclasses.replace(refused, message=needed.label)
    return refused


def _staff_page(template: str, who, status: int = 200, **context_):
    warning = current_app.extensions["ppid.calendar"].joint_leave_warning()
    response = _page(template, status, who=who, calendar_warning=warning, office_opds=office_opds(), **context_)
    response.headers.update(caching.PRIVATE)
    return response


@pages.get("/petugas")
@staff_only
def staff_inbox(who):
    raw = {k: v for k, v in request.args.items() if v}
    try:
        query = schemas.InboxQuery().load(raw)
    except ValidationError:
        query = schemas.InboxQuery().load({})
    with reading() as uow:
        found = request_cases.inbox(uow, context(uow.session), query)
    filters = {k: v for k, v in raw.items() if k != "after"}
    return _staff_page("ppid/staff_inbox.html", who, **found, query=query, filters=filters, status_labels=STATUS_LABELS)


def _detail(who, number: str, status: int = 200, message: str | None = None, problem: str | None = None, revealed=None):
    with reading() as uow:
        ctx = context(uow.session)
        view = staff_view(request_cases.staff_request(uow, ctx, number), ctx)
    return _staff_page(
        "ppid/staff_detail.html",
        who,
        status,
        r=view,
        message=message,
        problem=problem,
        action_labels=ACTION_LABELS,
        decision_labels=DECISION_LABELS,
        exemptions=workflow.EXEMPTIONS,
        delivery_options=DELIVERY_OPTIONS,
        revealed=revealed,
        reveal_reasons=[(code, REASONS[code]) for code in personal_data.REASONS],
    )


@pages.get("/petugas/permohonan/<string:number>")
@staff_only
def staff_detail(who, number):
    return _detail(who, number, message=request.args.get("pesan"))


def _action_data() -> dict:
    data = {}
    for key in request.form:
        values = [v for v in request.form.getlist(key) if v.strip() != ""]
        if not values:
            continue
        if key == "refusal_grounds":
            data[key] = values
        elif key == "opds":
            data[key] = [o.strip() for o in ",".join(values).split(",") if o.strip()]
        else:
            data[key] = values[0]
    return data


@pages.post("/petugas/permohonan/<string:number>/<string:action>")
@staff_only
def staff_act(who, number, action):
    if action not in actions.ACTIONS:
        return _detail(who, number, 404, problem=f"Tindakan {action} tidak dikenal.")
    try:
        data = schemas.ActionInput().load(_action_data())
        with unit_of_work() as uow:
            actions.act_as_staff(uow, context(uow.session), number, action, data)
    except (ValidationError, DomainError) as exc:
        refused = FormErrors.of(exc)
        if refused.status == 404:
            raise
        return _detail(who, number, refused.status, problem=refused.message)
    done = f"{ACTION_LABELS[action]}: selesai."
    return redirect(url_for("ppid_pages.staff_detail", number=number, pesan=done), code=303)


@pages.post("/petugas/permohonan/<string:number>/pesan")
@staff_only
def staff_message(who, number):
    from ppid.api.messages import incoming

    try:
        data, upload = incoming()
        with unit_of_work() as uow:
            message_cases.post_staff_message(uow, context(uow.session), number, data.get("body", ""), upload)
    except (DomainError, Problem) as exc:
        if exc.status == 404:
            raise
        return _detail(who, number, exc.status, problem=exc.detail)
    return redirect(url_for("ppid_pages.staff_detail", number=number, pesan="Pesan terkirim."), code=303)


def _reports_page(
    who,
    year_text: str | None,
    status: int = 200,
    problem: str | None = None,
    message: str | None = None,
    form: dict | None = None,
):
    """The year's figures and obstacles; a year outside the report's range is named, not a server error."""
    with reading() as uow:
        ctx = context(uow.session)
        try:
            year = schemas.ReportYear().load({"year": year_text or ctx.today().year})["year"]
        except ValidationError as exc:
            return _staff_page(
                "ppid/staff_reports.html",
                who,
                422,
                year=year_text,
                figures=None,
                obstacles=[],
                problem=f"Tahun: {FormErrors.of(exc).fields['year'][0]}",
                form={},
                dispute_labels={},
                can_edit=False,
            )
        figures, opd = reports.yearly_report(uow, ctx, year)
        obstacles = reports.obstacles(uow, ctx, year) if opd is None else []
    labels = {o.value: label for o, label in objection_rules.DISPUTE_OUTCOME_LABELS.items()}
    return _staff_page(
        "ppid/staff_reports.html",
        who,
        status,
        year=year,
        figures=figures,
        obstacles=obstacles,
        problem=problem,
        message=message,
        form=form or {},
        dispute_labels=labels,
        can_edit=MANAGE_OBSTACLES.allows(who),
    )


@pages.get("/petugas/laporan")
@staff_only
def staff_reports(who):
    return _reports_page(who, request.args.get("year"), message=request.args.get("pesan"))


@pages.post("/petugas/laporan/hambatan")
@staff_only
def staff_obstacle(who):
    form = form_values()
    try:
        data = schemas.ObstacleInput().load(form)
        with unit_of_work() as uow:
            reports.record_obstacle(uow, context(uow.session), data)
    except (ValidationError, DomainError) as exc:
        refused = _refusal(exc, reports.record_obstacle)
        return _reports_page(who, form.get("year"), refused.status, problem=refused.message, form=form)
    return redirect(url_for("ppid_pages.staff_reports", year=data["year"], pesan="Hambatan dicatat."), code=303)


@pages.post("/petugas/laporan/hambatan/<int:obstacle_id>/hapus")
@staff_only
def staff_obstacle_remove(who, obstacle_id):
    year = request.form.get("year")
    try:
        with unit_of_work() as uow:
            reports.remove_obstacle(uow, context(uow.session), obstacle_id)
    except DomainError as exc:
        refused = _refusal(exc, reports.remove_obstacle)
        return _reports_page(who, year, refused.status, problem=refused.message)
    return redirect(url_for("ppid_pages.staff_reports", year=year, pesan="Hambatan dihapus."), code=303)


def _closed_days_page(who, status=200, problem=None, **shown):
    """The closed days page; a caller who may not read the calendar sees the refusal instead of the list."""
    try:
        with reading() as uow:
            days = calendar.closed_days(uow, context(uow.session), newest_first=True)
    except DomainError as exc:
        refused, days = _refusal(exc, calendar.closed_days), []
        status, problem = refused.status, refused.message
    shown = {"form": {}, "preview": None, "calendar_preview": None, **shown}
    return _staff_page("ppid/staff_closed_days.html", who, status, days=days, problem=problem, **shown)


@pages.route("/petugas/hari-tutup", methods=["GET", "POST"])
@staff_only
def staff_closed_days(who):
    form = {k: v for k, v in request.form.items()}
    preview, applied, problem, message, status = None, False, None, None, 200
    if request.method == "POST":
        try:
            data = schemas.ClosedDayInput().load(form)
            with unit_of_work() as uow:
                ctx = context(uow.session)
                preview = calendar.close_office_day(uow, ctx, data["day"], data["reason"], data["apply"])
            applied = data["apply"]
            if applied:
                message = f"Hari tutup dicatat; {len(preview)} tenggat bergeser."
        except (ValidationError, DomainError) as exc:
            refused = _refusal(exc, calendar.close_office_day)
            problem, status = refused.message, refused.status
    return _closed_days_page(who, status, problem, form=form, preview=preview, applied=applied, message=message)


@pages.post("/petugas/hari-tutup/batal")
@staff_only
def staff_reopen_day(who):
    form = {k: v for k, v in request.form.items()}
    status, problem, message, moved = 200, None, None, None
    try:
        data = schemas.ReopenDayInput().load(form)
        with unit_of_work() as uow:
            moved = calendar.reopen_office_day(uow, context(uow.session), data["day"], data["apply"])
        message = f"Hari tutup dibatalkan; {len(moved)} tenggat bergeser." if data["apply"] else None
    except (ValidationError, DomainError) as exc:
        refused = _refusal(exc, calendar.reopen_office_day)
        problem, status = refused.message, refused.status
    return _closed_days_page(who, status, problem, preview=moved, applied=True, message=message)


@pages.post("/petugas/kalender")
@staff_only
def staff_calendar_changes(who):
    apply = request.form.get("apply") == "true"
    reason = request.form.get("reason", "").strip()
    try:
        with unit_of_work() as uow:
            moved = calendar.calendar_changes(uow, context(uow.session), apply, reason)
    except DomainError as exc:
        refused = _refusal(exc, calendar.calendar_changes)
        return _closed_days_page(who, refused.status, refused.message)
    message = f"{len(moved)} tenggat digeser sesuai kalender terbaru." if apply else None
    return _closed_days_page(
        who, form={"reason_calendar": reason}, message=message, calendar_preview=[] if apply else moved
    )


def _dip_page(who, status=200, problem=None, message=None):
    items, _cursor, _staff = list_dip(schemas.DipQuery().load({"limit": 200}))
    return _staff_page(
        "ppid/staff_dip.html",
        who,
        status,
        items=items,
        problem=problem,
        message=message,
        categories={c.value: label for c, label in dip_rules.CATEGORY_LABELS.items()},
        forms={f.value: label for f, label in dip_rules.FORM_LABELS.items()},
        exemptions=workflow.EXEMPTIONS,
    )


@pages.route("/petugas/dip", methods=["GET", "POST"])
@staff_only
def staff_dip(who):
    if request.method == "GET":
        return _dip_page(who, message=request.args.get("pesan"))
    try:
        data = schemas.DipInput().load(form_values(lists=("exemption_grounds",)))
        with unit_of_work() as uow:
            public_info.create_dip_entry(uow, context(uow.session), data)
    except (ValidationError, DomainError) as exc:
        refused = _refusal(exc, public_info.create_dip_entry)
        return _dip_page(who, refused.status, problem=refused.message)
    return redirect(url_for("ppid_pages.staff_dip", pesan="Entri disimpan."), code=303)


@pages.post("/petugas/dip/<int:entry_id>/terbit")
@staff_only
def staff_dip_publish(who, entry_id):
    published = request.form.get("published") == "true"
    try:
        with unit_of_work() as uow:
            public_info.update_dip_entry(uow, context(uow.session), entry_id, {"published": published})
    except DomainError as exc:
        refused = _refusal(exc, public_info.update_dip_entry)
        if refused.status == 404:
            raise
        return _dip_page(who, refused.status, problem=refused.message)
    done = "Entri diterbitkan." if published else "Entri ditarik dari daftar publik."
    return redirect(url_for("ppid_pages.staff_dip", pesan=done), code=303)


def _objections_page(who, status=200, problem=None, message=None):
    try:
        with reading() as uow:
            ctx = context(uow.session)
            rows = objections.list_objections(uow, ctx)
            items = [
                {
                    **objection_view(o),
                    "registration_number": o.request.registration_number,
                    "offered": objections.offered(ctx, o),
                }
                for o in rows
            ]
    except DomainError as exc:
        refused = _refusal(exc, objections.list_objections)
        return _staff_page(
            "ppid/staff_objections.html",
            who,
            refused.status,
            items=[],
            problem=refused.message,
            grounds={},
            outcomes={},
        )
    return _staff_page(
        "ppid/staff_objections.html",
        who,
        status,
        items=items,
        problem=problem,
        message=message,
        grounds=objection_rules.GROUNDS,
        outcomes={o.value: label for o, label in objection_rules.OUTCOME_LABELS.items()},
    )


@pages.get("/petugas/keberatan")
@staff_only
def staff_objections(who):
    return _objections_page(who, message=request.args.get("pesan"))


# What each form on the objections page runs, with its schema and the words once it is done.
OBJECTION_FORMS = {
    "decide": (schemas.ObjectionDecision, objections.decide_objection, "Tanggapan dikirim."),
    "dispute": (schemas.DisputeInput, objections.record_dispute, "Sengketa dicatat."),
    "outcome": (schemas.DisputeOutcomeInput, objections.record_dispute_outcome, "Hasil sengketa dicatat."),
}


@pages.post("/petugas/keberatan/<string:number>/<string:action>")
@staff_only
def staff_objection(who, number, action):
    if action not in OBJECTION_FORMS:
        return _objections_page(who, 404, problem="Tindakan tidak dikenal.")
    schema, use_case, done = OBJECTION_FORMS[action]
    try:
        data = schema().load(form_values())
        with unit_of_work() as uow:
            use_case(uow, context(uow.session), number, data)
    except (ValidationError, DomainError) as exc:
        refused = FormErrors.of(exc)
        return _objections_page(who, refused.status, problem=refused.message)
    return redirect(url_for("ppid_pages.staff_objections", pesan=done), code=303)
