"""The staff console: inbox, a request with every action allowed now, and the yearly report.

Officers log in on the gateway's page (/masuk); the gateway passes the token
to this service as a bearer token, checked here like any API call. Actions
post plain forms and come back to the request (post/redirect/get).
"""

from __future__ import annotations

from flask import redirect, request, url_for
from marshmallow import ValidationError

from chassis.auth import page_login_required
from chassis.forms import FormErrors, form_values
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from ppid import reporting, schemas, services
from ppid.api.requests import context, inbox, objection_view, staff_view
from ppid.domain import workflow
from ppid.web import DELIVERY_OPTIONS, _page, pages

STAFF = (workflow.OFFICER, workflow.SUPERIOR, workflow.OPD_OFFICER)
ACTION_LABELS = {action: move.label for action, move in workflow.TRANSITIONS.items()}
DECISION_LABELS = {d.value: label for d, label in workflow.DECISION_LABELS.items()}
STATUS_LABELS = {s.value: label for s, label in workflow.STATUS_LABELS.items()}


staff_only = page_login_required(*STAFF)


def _staff_page(template: str, who, status: int = 200, **context):
    from flask import current_app

    warning = current_app.extensions["ppid.calendar"].joint_leave_warning()
    response = _page(template, status, who=who, calendar_warning=warning, **context)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@pages.get("/petugas")
@staff_only
def staff_inbox(who):
    raw = {k: v for k, v in request.args.items() if v}
    try:
        query = schemas.InboxQuery().load(raw)
    except ValidationError:
        query = schemas.InboxQuery().load({})
    with suite().db.session() as session:
        found = inbox(session, who, query)
    filters = {k: v for k, v in raw.items() if k != "after"}
    return _staff_page("ppid/staff_inbox.html", who, **found, query=query, filters=filters,
                       status_labels=STATUS_LABELS)  # fmt: skip


def _detail(who, number: str, status: int = 200, message: str | None = None, problem: str | None = None):
    with suite().db.session() as session:
        found = services.find_for_staff(session, number, who)
        view = staff_view(found, who, context(session))
    return _staff_page(
        "ppid/staff_detail.html", who, status, r=view, message=message, problem=problem,
        action_labels=ACTION_LABELS, decision_labels=DECISION_LABELS, exemptions=workflow.EXEMPTIONS,
        delivery_options=DELIVERY_OPTIONS,
    )  # fmt: skip


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
    if action not in services.ACTIONS:
        return _detail(who, number, 404, problem=f"Tindakan {action} tidak dikenal.")
    try:
        data = schemas.ActionInput().load(_action_data())
        with unit_of_work() as uow:
            found = services.find_for_staff(uow.session, number, who, lock=True)
            services.act(uow, found, action, who, data, context(uow.session))
    except (ValidationError, Problem) as exc:
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
            found = services.find_for_staff(uow.session, number, who, lock=True)
            services.post_message(uow, found, who, data.get("body", ""), upload, context(uow.session))
    except Problem as exc:
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
    from ppid.domain import objections as objection_rules

    with suite().db.session() as session:
        ctx = context(session)
        try:
            year = schemas.ReportYear().load({"year": year_text or ctx.today.year})["year"]
        except ValidationError as exc:
            return _staff_page("ppid/staff_reports.html", who, 422, year=year_text, figures=None, obstacles=[],
                               problem=f"Tahun: {FormErrors.of(exc).fields['year'][0]}", form={},
                               dispute_labels={}, can_edit=False)  # fmt: skip
        opd = None if who.has_any(workflow.OFFICER, workflow.SUPERIOR) else who.opd
        figures = reporting.yearly_report(session, year, ctx.calendar, opd)
        obstacles = services.obstacles(session, year) if opd is None else []
    labels = {o.value: label for o, label in objection_rules.DISPUTE_OUTCOME_LABELS.items()}
    return _staff_page("ppid/staff_reports.html", who, status, year=year, figures=figures, obstacles=obstacles,
                       problem=problem, message=message, form=form or {}, dispute_labels=labels,
                       can_edit=who.has_any(workflow.OFFICER))  # fmt: skip


@pages.get("/petugas/laporan")
@staff_only
def staff_reports(who):
    return _reports_page(who, request.args.get("year"), message=request.args.get("pesan"))


@pages.post("/petugas/laporan/hambatan")
@staff_only
def staff_obstacle(who):
    form = form_values()
    if not who.has_any(workflow.OFFICER):
        return _reports_page(who, form.get("year"), 403, problem="Hanya petugas PPID yang mencatat hambatan.")
    try:
        data = schemas.ObstacleInput().load(form)
        with unit_of_work() as uow:
            services.record_obstacle(uow, data, who)
    except (ValidationError, Problem) as exc:
        refused = FormErrors.of(exc)
        return _reports_page(who, form.get("year"), refused.status, problem=refused.message, form=form)
    return redirect(url_for("ppid_pages.staff_reports", year=data["year"], pesan="Hambatan dicatat."), code=303)


@pages.post("/petugas/laporan/hambatan/<int:obstacle_id>/hapus")
@staff_only
def staff_obstacle_remove(who, obstacle_id):
    year = request.form.get("year")
    if not who.has_any(workflow.OFFICER):
        return _reports_page(who, year, 403, problem="Hanya petugas PPID yang mencatat hambatan.")
    try:
        with unit_of_work() as uow:
            services.remove_obstacle(uow, obstacle_id)
    except Problem as exc:
        return _reports_page(who, year, exc.status, problem=exc.detail)
    return redirect(url_for("ppid_pages.staff_reports", year=year, pesan="Hambatan dihapus."), code=303)


@pages.route("/petugas/hari-tutup", methods=["GET", "POST"])
@staff_only
def staff_closed_days(who):
    form = {k: v for k, v in request.form.items()}
    preview, applied, problem, message, status = None, False, None, None, 200
    if request.method == "POST":
        if not who.has_any(workflow.OFFICER):
            return _staff_page("ppid/staff_closed_days.html", who, 403, form=form, preview=None, days=_closed_days(),
                               problem="Hanya petugas PPID.", calendar_preview=None)  # fmt: skip
        try:
            data = schemas.ClosedDayInput().load(form)
            with unit_of_work() as uow:
                preview = services.close_office_day(uow, data["day"], data["reason"], who, context(uow.session),
                                                    data["apply"])  # fmt: skip
            applied = data["apply"]
            if applied:
                message = f"Hari tutup dicatat; {len(preview)} tenggat bergeser."
        except (ValidationError, Problem) as exc:
            refused = FormErrors.of(exc)
            problem, status = refused.message, refused.status
    return _staff_page("ppid/staff_closed_days.html", who, status, form=form, preview=preview, applied=applied,
                       days=_closed_days(), problem=problem, message=message, calendar_preview=None)  # fmt: skip


@pages.post("/petugas/hari-tutup/batal")
@staff_only
def staff_reopen_day(who):
    form = {k: v for k, v in request.form.items()}
    status, problem, message, moved = 200, None, None, None
    if not who.has_any(workflow.OFFICER):
        status, problem = 403, "Hanya petugas PPID."
    else:
        try:
            data = schemas.ReopenDayInput().load(form)
            with unit_of_work() as uow:
                moved = services.reopen_office_day(uow, data["day"], who, context(uow.session), data["apply"])
            message = f"Hari tutup dibatalkan; {len(moved)} tenggat bergeser." if data["apply"] else None
        except (ValidationError, Problem) as exc:
            refused = FormErrors.of(exc)
            problem, status = refused.message, refused.status
    return _staff_page("ppid/staff_closed_days.html", who, status, form={}, preview=moved, applied=True,
                       days=_closed_days(), problem=problem, message=message, calendar_preview=None)  # fmt: skip


@pages.post("/petugas/kalender")
@staff_only
def staff_calendar_changes(who):
    if not who.has_any(workflow.OFFICER):
        return _staff_page("ppid/staff_closed_days.html", who, 403, form={}, preview=None, days=_closed_days(),
                           problem="Hanya petugas PPID.", calendar_preview=None)  # fmt: skip
    apply = request.form.get("apply") == "true"
    reason = request.form.get("reason", "").strip()
    with unit_of_work() as uow:
        moved = services.calendar_changes(uow, who, context(uow.session), apply, reason)
    message = f"{len(moved)} tenggat digeser sesuai kalender terbaru." if apply else None
    return _staff_page("ppid/staff_closed_days.html", who, form={"reason_calendar": reason}, preview=None,
                       days=_closed_days(), message=message, calendar_preview=[] if apply else moved)  # fmt: skip


def _closed_days():
    from sqlalchemy import select

    from ppid.models import ClosedDay

    with suite().db.session() as session:
        return list(session.scalars(select(ClosedDay).order_by(ClosedDay.day.desc())))


def _dip_page(who, status=200, problem=None, message=None):
    from ppid.api.public_info import list_dip
    from ppid.domain import dip as dip_rules

    items, _cursor = list_dip(schemas.DipQuery().load({"limit": 200}), staff=True)
    return _staff_page(
        "ppid/staff_dip.html", who, status, items=items, problem=problem, message=message,
        categories={c.value: label for c, label in dip_rules.CATEGORY_LABELS.items()},
        forms={f.value: label for f, label in dip_rules.FORM_LABELS.items()}, exemptions=workflow.EXEMPTIONS,
    )  # fmt: skip


@pages.route("/petugas/dip", methods=["GET", "POST"])
@staff_only
def staff_dip(who):
    if request.method == "GET":
        return _dip_page(who, message=request.args.get("pesan"))
    if not who.has_any(workflow.OFFICER):
        return _dip_page(who, 403, problem="Hanya petugas PPID yang mengelola DIP.")
    try:
        data = schemas.DipInput().load(form_values(lists=("exemption_grounds",)))
        with unit_of_work() as uow:
            services.create_dip_entry(uow, data, who)
    except (ValidationError, Problem) as exc:
        refused = FormErrors.of(exc)
        return _dip_page(who, refused.status, problem=refused.message)
    return redirect(url_for("ppid_pages.staff_dip", pesan="Entri disimpan."), code=303)


@pages.post("/petugas/dip/<int:entry_id>/terbit")
@staff_only
def staff_dip_publish(who, entry_id):
    if not who.has_any(workflow.OFFICER):
        return _dip_page(who, 403, problem="Hanya petugas PPID yang mengelola DIP.")
    published = request.form.get("published") == "true"
    with unit_of_work() as uow:
        services.update_dip_entry(uow, entry_id, {"published": published})
    done = "Entri diterbitkan." if published else "Entri ditarik dari daftar publik."
    return redirect(url_for("ppid_pages.staff_dip", pesan=done), code=303)


def _objections_page(who, status=200, problem=None, message=None):
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ppid.domain import objections as objection_rules
    from ppid.models import Objection

    with suite().db.session() as session:
        rows = session.scalars(
            select(Objection).options(selectinload(Objection.request))
            .order_by(Objection.status, Objection.due_date, Objection.id)
        ).all()  # fmt: skip
        items = [{**objection_view(o), "registration_number": o.request.registration_number} for o in rows]
    return _staff_page(
        "ppid/staff_objections.html", who, status, items=items, problem=problem, message=message,
        grounds=objection_rules.GROUNDS, can_answer=who.has_any(workflow.SUPERIOR),
        outcomes={o.value: label for o, label in objection_rules.OUTCOME_LABELS.items()},
        dispute_outcomes={o.value: label for o, label in objection_rules.DISPUTE_OUTCOME_LABELS.items()},
    )  # fmt: skip


@pages.get("/petugas/keberatan")
@staff_only
def staff_objections(who):
    if not who.has_any(workflow.OFFICER, workflow.SUPERIOR):
        return _staff_page("ppid/staff_objections.html", who, 403, items=[], problem="Hanya PPID dan atasannya.",
                           grounds={}, outcomes={}, dispute_outcomes={}, can_answer=False)  # fmt: skip
    return _objections_page(who, message=request.args.get("pesan"))


@pages.post("/petugas/keberatan/<string:number>/<string:action>")
@staff_only
def staff_objection(who, number, action):
    rules = {
        "decide": (schemas.ObjectionDecision, services.decide_objection, (workflow.SUPERIOR,)),
        "dispute": (schemas.DisputeInput, services.record_dispute, (workflow.OFFICER, workflow.SUPERIOR)),
        "outcome": (
            schemas.DisputeOutcomeInput,
            services.record_dispute_outcome,
            (workflow.OFFICER, workflow.SUPERIOR),
        ),
    }
    if action not in rules:
        return _objections_page(who, 404, problem="Tindakan tidak dikenal.")
    schema, use_case, roles = rules[action]
    if not who.has_any(*roles):
        return _objections_page(who, 403, problem=f"Memerlukan peran {', '.join(roles)}.")
    try:
        data = schema().load(form_values())
        with unit_of_work() as uow:
            use_case(uow, number, data, who, context(uow.session))
    except (ValidationError, Problem) as exc:
        refused = FormErrors.of(exc)
        return _objections_page(who, refused.status, problem=refused.message)
    done = {"decide": "Tanggapan dikirim.", "dispute": "Sengketa dicatat.", "outcome": "Hasil sengketa dicatat."}[
        action
    ]
    return redirect(url_for("ppid_pages.staff_objections", pesan=done), code=303)
