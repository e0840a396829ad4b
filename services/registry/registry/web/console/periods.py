"""The console's application periods and the requirement catalogue: the form to open a period (its parser is
``period_form``) and the form to add a document type."""

from __future__ import annotations

from flask import redirect, request, url_for
from marshmallow import ValidationError

from chassis.errors import Invalid
from chassis.forms import FormErrors, attempt, form_values
from registry import schemas
from registry.use_cases import periods as use_cases
from registry.web import page, pages, perform, refuse_unless_allowed, shown, working
from registry.web.console import staff
from registry.web.console.period_form import (
    CRITERION_BLOCKS,
    CRITERION_ROWS,
    MORE_BLOCKS,
    MORE_ROWS,
    MOST_ROWS,
    TIER_ROWS,
    CriteriaRows,
    criteria_size,
    period_form,
)


def _periods_page(who, status: int = 200, size: tuple[int, int] = (CRITERION_BLOCKS, CRITERION_ROWS), **context):
    with working(who) as (uow, ctx):
        return page(
            "registry/console_periods.html",
            status,
            who=who,
            **use_cases.console(uow, ctx),
            tier_rows=range(TIER_ROWS),
            criterion_blocks=size[0],
            criterion_rows=size[1],
            now=ctx.now(),
            message=request.args.get("pesan"),
            **context,
        )


@pages.get("/konsol/masa")
@staff
def periods(who):
    """The application periods and the requirement catalogue, with the forms to open a period and add a document."""
    return _periods_page(who)


def _create(who, data: dict, criteria: CriteriaRows):
    if criteria.problems:  # rows typed under the kind their block did not choose
        raise Invalid(None, criteria.problems[0]["message"], errors=criteria.problems)
    return perform(who, use_cases.create_period, data)


@pages.post("/konsol/masa")
@staff
def open_period(who):
    """Open a period; "Tambah baris" (``tambah``) shows the form again as typed, with more criterion blocks and rows."""
    refuse_unless_allowed(use_cases.create_period, who)
    blocks, rows = criteria_size(request.form)
    if "tambah" in request.form:
        more = (min(blocks + MORE_BLOCKS, MOST_ROWS), min(rows + MORE_ROWS, MOST_ROWS))
        return _periods_page(who, size=more, posted=request.form)
    criteria = CriteriaRows.read(request.form, blocks, rows)
    try:
        with working(who) as (_uow, ctx):
            data = schemas.PeriodIn().load(period_form(criteria, ctx.timezone))
    except ValidationError as exc:
        errors = shown(FormErrors.of(exc))
        for problem in criteria.problems:  # named along with the schema's errors
            errors.setdefault(problem["field"], []).append(problem["message"])
        return _periods_page(who, 422, size=(blocks, rows), errors=criteria.at_rows(errors), posted=request.form)
    made, refused = attempt(lambda: _create(who, data, criteria))
    if refused:
        return _periods_page(
            who,
            refused.status,
            size=(blocks, rows),
            errors=criteria.at_rows(shown(refused)),
            problem=refused.general,
            posted=request.form,
        )
    return redirect(url_for("registry_pages.periods", pesan=f"Masa {made.title} dibuat."), code=303)


@pages.post("/konsol/katalog")
@staff
def add_document_type(who):
    """A document the office may require, added to its catalogue."""
    refuse_unless_allowed(use_cases.add_document_type, who)
    values = {**form_values(), "media_types": request.form.getlist("media_types"), "expires": "expires" in request.form}
    _done, refused = attempt(lambda: perform(who, use_cases.add_document_type, schemas.DocumentTypeIn().load(values)))
    if refused:
        return _periods_page(who, refused.status, doc_errors=shown(refused), doc_values=values, problem=refused.general)
    return redirect(
        url_for("registry_pages.periods", pesan=f"Dokumen {values.get('code')} ditambahkan.") + "#katalog", code=303
    )
