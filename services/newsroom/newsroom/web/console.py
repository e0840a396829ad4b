"""The newsroom's staff console: the desk with queues, the item form (plain fields, no JavaScript needed; a small
rich-text editor of our own enhances it), images, attached files, who is editing now, revisions side by side,
every workflow action allowed now, and the figures. Same use cases as the API; the pages decide nothing."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError

from chassis import caching, formats
from chassis.auth import page_login_required
from chassis.db import values as db_values
from chassis.errors import Conflict, DomainError, NotFound
from chassis.forms import FormErrors, form_values
from chassis.problems import Problem
from chassis.web import download, unit_of_work
from newsroom import distribution, figures, images, schemas
from newsroom.context import NewsroomContext, context
from newsroom.domain import locks, workflow
from newsroom.domain.permissions import FIGURES, RESTORE
from newsroom.domain.states import KIND_LABELS, STATUS_LABELS, Status
from newsroom.use_cases import articles, files, opds, revisions
from newsroom.use_cases import figures as yearly_figures
from newsroom.use_cases import workflow as moves
from newsroom.web import pages

LABELS = {s.value: label for s, label in STATUS_LABELS.items()}
KINDS = {k.value: label for k, label in KIND_LABELS.items()}
REFUSED = (ValidationError, Problem, DomainError)


def _page(template: str, ctx: NewsroomContext, status: int = 200, **values):
    html = render_template(
        template,
        who=ctx.principal,
        may={"figures": FIGURES.allows(ctx.principal), "restore": RESTORE.allows(ctx.principal)},
        office=ctx.settings.org_name,
        labels=LABELS,
        kinds=KINDS,
        **values,
    )
    return html, status, caching.PRIVATE


@pages.get("/redaksi")
@page_login_required(articles.desk)
def desk(who):
    ctx = context()
    with unit_of_work() as uow:
        queues = articles.desk(uow, ctx)
        names = opds.names(uow)
        return _page(
            "newsroom/desk.html",
            ctx,
            queues=queues,
            opd_name=lambda code: names.get(code, code),
            message=request.args.get("pesan"),
            editing=lambda article: locks.holder(article, ctx.now()),
            changed=lambda article: formats.datetime_numeric(article.updated_at, ctx.timezone),
        )


AGENDA_FIELDS = ("agenda_starts_at", "agenda_ends_at", "agenda_place")


def _form_data(ctx: NewsroomContext) -> dict:
    data = {k: v for k, v in request.form.items() if k not in ("version", "tags", *AGENDA_FIELDS)}
    data["tags"] = [t.strip().lower() for t in request.form.get("tags", "").split(",") if t.strip()]
    starts, ends, place = (request.form.get(f, "").strip() for f in AGENDA_FIELDS)
    if starts or ends or place:
        data["agenda"] = {
            "starts_at": formats.parse_local_datetime(starts, ctx.timezone),
            "place": place,
            "ends_at": formats.parse_local_datetime(ends, ctx.timezone),
        }
    return data


def _agenda_inputs(agenda: dict | None, ctx: NewsroomContext) -> dict:
    """The stored agenda times as datetime-local values in the office's time."""
    agenda = agenda or {}
    return {
        "starts_at": formats.local_input_value(agenda.get("starts_at"), ctx.timezone),
        "ends_at": formats.local_input_value(agenda.get("ends_at"), ctx.timezone),
        "place": agenda.get("place") or "",
    }


def _etag(article_id: int) -> str:
    """The ETag of the version the form was read at (its hidden ``version`` field)."""
    return f'"{article_id}-{request.form.get("version", "")}"'


def _new_item_form(ctx: NewsroomContext, status: int = 200, **values):
    """The form of a new item: the OPDs it may be written for (a free code while the office has no list)."""
    with unit_of_work() as uow:
        choices = opds.choices_for(uow, ctx)
    chosen = request.form.get("opd") if request.method == "POST" else ctx.principal.opd
    return _page(
        "newsroom/item_form.html",
        ctx,
        status,
        a=None,
        opds=choices,
        chosen=chosen or "",
        agenda=_agenda_inputs(None, ctx),
        **values,
    )


@pages.route("/redaksi/naskah/baru", methods=["GET", "POST"])
@page_login_required(articles.create)
def new_item(who):
    ctx = context()
    if request.method == "GET":
        return _new_item_form(ctx)
    try:
        data = schemas.ArticleInput().load(_form_data(ctx))
        with unit_of_work() as uow:
            article_id = articles.create(uow, ctx, data).id
    except REFUSED as exc:
        found = FormErrors.of(exc)
        return _new_item_form(ctx, found.status, problem=found.message)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Draf tersimpan."), code=303)


def _item_page(ctx: NewsroomContext, article_id: int, status: int = 200, **values):
    with unit_of_work() as uow:
        article = articles.find_for_staff(uow.session, ctx, article_id)
        view = db_values(article)
        view["history"] = list(article.history)
        last = view["history"][-1] if view["history"] else None
        returned = None
        if last is not None and last.action == "return" and article.status == Status.DRAFT:
            returned = {
                "by": last.actor,
                "at": formats.datetime_numeric(last.at, ctx.timezone),
                "reason": last.note,
            }
        offered = workflow.offered(Status(article.status), ctx.principal, article.opd)
        pictures = [
            {"alt": i.alt, "src": images.url("", i.renditions[min(i.renditions, key=int)])} for i in article.images
        ]
        attachments = [
            {"id": f.id, "label": f.label, "href": distribution.attachment_url("", f), "name": f.file_name}
            for f in article.attachments
        ]
        holder = locks.holder(article, ctx.now())
        lock = None
        if holder:
            lock = {
                "by": holder,
                "mine": holder == ctx.principal.username,
                "since": formats.datetime_numeric(article.locked_at, ctx.timezone, zone=False),
                "until": formats.datetime_numeric(article.locked_until, ctx.timezone, zone=False),
            }
        return _page(
            "newsroom/item_form.html",
            ctx,
            status,
            a=view,
            offered=offered,
            images=pictures,
            attachments=attachments,
            lock=lock,
            returned=returned,
            zone=formats.zone_label(ctx.timezone),
            scheduled_at=formats.local_input_value(article.publish_at, ctx.timezone),
            agenda=_agenda_inputs(article.agenda, ctx),
            **values,
        )


def _refused(ctx: NewsroomContext, article_id: int, exc):
    """The item's page again, with the status and the one-line message of a refused form."""
    found = FormErrors.of(exc)
    return _item_page(ctx, article_id, found.status, problem=found.message)


def _done(article_id: int, message: str):
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan=message), code=303)


@pages.get("/redaksi/naskah/<int:article_id>/pratinjau")
@page_login_required(articles.preview)
def preview_item(who, article_id):
    from newsroom.web import render_item

    ctx = context()
    with unit_of_work() as uow:
        article = articles.preview(uow, ctx, article_id)
        html, _ = render_item(article, opds.name_of(uow, article.opd), preview=True)
    return html, 200, caching.PRIVATE


@pages.route("/redaksi/naskah/<int:article_id>", methods=["GET", "POST"])
@page_login_required(articles.edit)
def edit_item(who, article_id):
    ctx = context()
    if request.method == "GET":
        try:  # opening the form starts (or refreshes) editing, unless someone else is at it
            with unit_of_work() as uow:
                articles.take_lock(uow, ctx, article_id)
        except (Conflict, locks.Locked):
            pass
        return _item_page(ctx, article_id, message=request.args.get("pesan"))
    try:
        changes = schemas.ArticleChanges().load(_form_data(ctx))
        with unit_of_work() as uow:
            articles.edit(uow, ctx, article_id, changes, _etag(article_id))
    except REFUSED as exc:
        found = FormErrors.of(exc)
        if found.status == 404:
            raise
        return _item_page(ctx, article_id, found.status, problem=found.message)
    return _done(article_id, "Tersimpan.")


@pages.post("/redaksi/naskah/<int:article_id>/gambar")
@page_login_required(files.add_image)
def upload_image(who, article_id):
    ctx = context()
    try:
        data = schemas.ImageInput().load(form_values())
        rendered = images.from_upload(request.files.get("file"), ctx.settings)
        with unit_of_work() as uow:
            files.add_image(uow, ctx, article_id, data, rendered)
    except REFUSED as exc:
        return _refused(ctx, article_id, exc)
    return _done(article_id, "Gambar diunggah.")


@pages.post("/redaksi/naskah/<int:article_id>/ambil-alih")
@page_login_required(articles.take_lock)
def take_over(who, article_id):
    with unit_of_work() as uow:
        articles.take_lock(uow, context(), article_id, take_over=True)
    return _done(article_id, "Anda mengambil alih penyuntingan.")


@pages.post("/redaksi/naskah/<int:article_id>/selesai")
@page_login_required(articles.release_lock)
def stop_editing(who, article_id):
    ctx = context()
    try:
        with unit_of_work() as uow:
            articles.release_lock(uow, ctx, article_id)
    except locks.Locked as exc:
        return _item_page(ctx, article_id, 423, problem=exc.detail)
    return redirect(url_for("newsroom_pages.desk", pesan="Penyuntingan selesai."), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/tangkapan")
@page_login_required(files.set_capture)
def upload_capture(who, article_id):
    ctx = context()
    try:
        data = schemas.CaptureInput().load(form_values())
        rendered = images.from_upload(request.files.get("file"), ctx.settings)
        with unit_of_work() as uow:
            files.set_capture(uow, ctx, article_id, data["alt"], rendered)
    except REFUSED as exc:
        return _refused(ctx, article_id, exc)
    return _done(article_id, "Tangkapan layar klaim diunggah.")


@pages.post("/redaksi/naskah/<int:article_id>/lampiran")
@page_login_required(files.add_attachment)
def upload_attachment(who, article_id):
    ctx = context()
    try:
        data = schemas.AttachmentInput().load(form_values())
        upload = images.attachment_from_upload(request.files.get("file"), ctx.settings)
        with unit_of_work() as uow:
            files.add_attachment(uow, ctx, article_id, data["label"], upload)
    except REFUSED as exc:
        return _refused(ctx, article_id, exc)
    return _done(article_id, "Lampiran diunggah.")


@pages.post("/redaksi/naskah/<int:article_id>/lampiran/<int:attachment_id>/hapus")
@page_login_required(files.remove_attachment)
def delete_attachment(who, article_id, attachment_id):
    ctx = context()
    try:
        with unit_of_work() as uow:
            files.remove_attachment(uow, ctx, article_id, attachment_id)
    except (Problem, DomainError) as exc:
        return _item_page(ctx, article_id, exc.status, problem=exc.detail)
    return _done(article_id, "Lampiran dihapus.")


@pages.get("/redaksi/naskah/<int:article_id>/revisi")
@page_login_required(revisions.listing)
def revisions_page(who, article_id):
    """Every revision; two of them side by side (``?dari=&ke=``, default the last two)."""
    ctx = context()
    with unit_of_work() as uow:
        article, rows = revisions.listing(uow, ctx, article_id)
        numbers = [r.number for r in rows]
        try:
            asked = schemas.DiffQuery().load(
                {
                    "to": request.args.get("ke") or numbers[-1],
                    "from": request.args.get("dari") or (numbers[-2] if len(numbers) > 1 else numbers[-1]),
                }
            )
            compared = revisions.compare(uow, ctx, article_id, asked["from_"], asked["to"])
        except (ValidationError, NotFound):
            return _page(
                "newsroom/revisions.html",
                ctx,
                404,
                a=db_values(article),
                revisions=rows,
                when=_when(ctx),
                compared=None,
                problem="Revisi tidak ada.",
            )
        return _page(
            "newsroom/revisions.html",
            ctx,
            a=db_values(article),
            revisions=rows,
            compared=compared,
            when=_when(ctx),
            message=request.args.get("pesan"),
        )


def _when(ctx: NewsroomContext):
    return lambda moment: formats.datetime_numeric(moment, ctx.timezone, zone=False)


@pages.post("/redaksi/naskah/<int:article_id>/revisi/<int:number>/pulihkan")
@page_login_required(revisions.restore)
def restore_revision(who, article_id, number):
    ctx = context()
    try:
        with unit_of_work() as uow:
            revisions.restore(uow, ctx, article_id, number, _etag(article_id))
    except (Problem, DomainError) as exc:
        return _item_page(ctx, article_id, exc.status, problem=exc.detail)
    return _done(article_id, f"Revisi {number} dipulihkan sebagai revisi baru.")


@pages.get("/redaksi/angka")
@page_login_required(yearly_figures.yearly)
def figures_page(who):
    ctx = context()
    current = ctx.today().year
    try:
        query = schemas.FiguresQuery().load(
            {"year": request.args.get("tahun") or current, "format": request.args.get("format") or "json"}
        )
    except ValidationError as exc:
        found = FormErrors.of(exc)
        return _page("newsroom/figures.html", ctx, found.status, f=None, year=current, problem=found.message)
    with unit_of_work() as uow:
        year, data = yearly_figures.yearly(uow, ctx, query["year"])
        names = opds.names(uow) if query["format"] != "xlsx" else {}
    if query["format"] == "xlsx":
        return download(figures.to_xlsx(data), f"angka-newsroom-{year}.xlsx")
    return _page("newsroom/figures.html", ctx, f=data, year=year, opd_name=lambda code: names.get(code, code))


@pages.post("/redaksi/naskah/<int:article_id>/<string:action>")
@page_login_required(moves.act)
def item_action(who, article_id, action):
    ctx = context()
    if action not in workflow.STAFF_ACTIONS:
        return _item_page(ctx, article_id, 404, problem="Tindakan tidak dikenal.")
    try:
        posted = form_values()
        if "at" in posted:  # a datetime-local value, read as the office's time
            posted["at"] = formats.parse_local_datetime(posted["at"], ctx.timezone)
        data = schemas.ActionInput().load(posted)
        with unit_of_work() as uow:
            moves.MOVES[action](uow, ctx, article_id, data)
    except REFUSED as exc:
        found = FormErrors.of(exc)
        if found.status == 404:
            raise
        return _item_page(ctx, article_id, found.status, problem=found.message)
    done = f"{workflow.TRANSITIONS.label(action)}: selesai."
    if action == "return":  # the item goes back to its writer; the editor is done with it
        return redirect(url_for("newsroom_pages.desk", pesan=done), code=303)
    return _done(article_id, done)
