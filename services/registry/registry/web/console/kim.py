"""The console's overview (the period's figures and the reminders) and its KIM pages: groups, members and
activities."""

from __future__ import annotations

from flask import redirect, request, url_for

from chassis import files
from chassis.forms import attempt, form_values
from registry import figures, schemas
from registry.use_cases import kim, reminders
from registry.use_cases.periods import all_periods, chosen
from registry.web import page, pages, perform, refuse_unless_allowed, shown, working
from registry.web.console import chosen_period_id, staff


@pages.get("/konsol/ringkasan")
@staff
def overview(who):
    """The office's figures of a period (partners per media type and tier, journalists per UKW level, proofs per
    release, budget) and the reminders: documents expiring and contracts ending within the settings' days."""
    with working(who) as (uow, ctx):
        periods = all_periods(uow.session)
        period = chosen(periods, chosen_period_id())
        found = figures.of_period(uow, ctx, period.id) if period else None
        days = ctx.settings.reminder_days
        due = reminders.due(uow.session, ctx.today(), days)
        return page(
            "registry/console_overview.html", who=who, periods=periods, period=period, figures=found, due=due, days=days
        )


def _kim_page(who, group_id: int | None, status: int = 200, **context):
    with working(who) as (uow, ctx):
        if group_id is None:
            found = kim.manage_list(uow, ctx, {"limit": 200, "after": request.args.get("after")})
            return page("registry/console_kim.html", status, who=who, groups=found["items"], **context)
        return page(
            "registry/console_kim_group.html",
            status,
            who=who,
            group=kim.manage(uow, ctx, group_id),
            message=request.args.get("pesan"),
            **context,
        )


@pages.get("/konsol/kim")
@staff
def kim_console(who):
    return _kim_page(who, None)


def _kim_form(schema, who, group_id: int | None, use_case, *args, photo: bool = False):
    """Load the form with ``schema`` and run ``use_case(uow, ctx, *args, data)``; errors come back next to the
    fields (a group that does not exist stays a 404)."""
    refuse_unless_allowed(use_case, who)
    values = form_values()

    def run():
        data = schema.load(values)
        extra = ()
        if photo:
            with working(who) as (_uow, ctx):
                extra = (files.accept_image(request.files.get("photo"), ctx.settings.document_max_bytes, "photo"),)
        return perform(who, use_case, *args, data, *extra)

    made, refused = attempt(run, reraise=(404,))
    if refused:
        return None, _kim_page(
            who, group_id, refused.status, values=values, errors=shown(refused), problem=refused.general
        )
    return made, None


@pages.post("/konsol/kim")
@staff
def create_kim(who):
    """Register a KIM of a village or kecamatan (its Kemendagri code)."""
    made, failed = _kim_form(schemas.KimIn(), who, None, kim.create)
    return failed or redirect(url_for("registry_pages.kim_detail", group_id=made.id, pesan="KIM terdaftar."), code=303)


@pages.get("/konsol/kim/<int:group_id>")
@staff
def kim_detail(who, group_id):
    return _kim_page(who, group_id)


@pages.post("/konsol/kim/<int:group_id>/anggota")
@staff
def add_kim_member(who, group_id):
    _done, failed = _kim_form(schemas.KimMemberIn(), who, group_id, kim.add_member, group_id)
    return failed or redirect(
        url_for("registry_pages.kim_detail", group_id=group_id, pesan="Anggota ditambahkan."), code=303
    )


@pages.post("/konsol/kim/<int:group_id>/kegiatan")
@staff
def add_kim_activity(who, group_id):
    """An activity, with a photo (JPEG or PNG, checked by content) when there is one."""
    _done, failed = _kim_form(schemas.KimActivityIn(), who, group_id, kim.add_activity, group_id, photo=True)
    return failed or redirect(
        url_for("registry_pages.kim_detail", group_id=group_id, pesan="Kegiatan dicatat."), code=303
    )
