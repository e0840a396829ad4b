"""The newsroom's staff console: the desk with queues, the item form (plain fields, no JavaScript needed; a small
rich-text editor of our own enhances it), images, attached files, who is editing now, revisions side by side,
every workflow action allowed now, and the figures. Same use cases as the API."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import or_, select

from chassis.auth import page_login_required
from chassis.db import values as db_values
from chassis.forms import FormErrors, form_values
from chassis.problems import Problem
from chassis.web import download, suite, unit_of_work
from newsroom import figures, images, schemas, services
from newsroom.domain import workflow
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, Status
from newsroom.models import Article
from newsroom.web import KIND_LABELS, pages

staff = page_login_required(CONTRIBUTOR, EDITOR)
LABELS = {s.value: label for s, label in workflow.STATUS_LABELS.items()}
ACTION_LABELS = {"submit": "Ajukan ke redaktur", "return": "Kembalikan dengan catatan", "approve": "Setujui",
                 "publish": "Terbitkan sekarang", "schedule": "Jadwalkan", "correct": "Ralat",
                 "withdraw": "Tarik"}  # fmt: skip


def _page(template: str, who, status: int = 200, **context):
    html = render_template(template, who=who, office=suite().settings.org_name, labels=LABELS, kinds=KIND_LABELS,
                           action_labels=ACTION_LABELS, **context)  # fmt: skip
    return html, status, {"Cache-Control": "private, no-store"}


@pages.get("/redaksi")
@staff
def desk(who):
    with suite().db.session() as session:
        mine = select(Article).where(Article.status.in_([Status.DRAFT, Status.SUBMITTED]))
        if not who.has_any(EDITOR):
            mine = mine.where(Article.opd == who.opd)
        rows = list(session.scalars(mine.order_by(Article.updated_at.desc()).limit(200)))
        public = select(Article).where(or_(Article.status == Status.SCHEDULED,
                                           Article.status.in_([s.value for s in workflow.PUBLIC])))  # fmt: skip
        if not who.has_any(EDITOR):
            public = public.where(Article.opd == who.opd)
        published = list(session.scalars(public.order_by(Article.updated_at.desc()).limit(50)))
    queues = [
        ("Draf", [a for a in rows if a.status == Status.DRAFT]),
        ("Diajukan", [a for a in rows if a.status == Status.SUBMITTED]),
        ("Terjadwal", [a for a in published if a.status == Status.SCHEDULED]),
        ("Terbit", [a for a in published if a.status != Status.SCHEDULED]),
    ]
    return _page("newsroom/desk.html", who, queues=queues, message=request.args.get("pesan"),
                 editing=services.lock_holder)  # fmt: skip


AGENDA_FIELDS = ("agenda_starts_at", "agenda_ends_at", "agenda_place")


def _local_input(value: str) -> str:
    """A browser's datetime-local value (no zone) read as the office's time; anything else is left for the check."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    try:
        return dt.datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(suite().settings.office_timezone)).isoformat()
    except ValueError:
        return value


def _form_data() -> dict:
    data = {k: v for k, v in request.form.items() if k not in ("version", "tags", *AGENDA_FIELDS)}
    tags = [t.strip().lower() for t in request.form.get("tags", "").split(",") if t.strip()]
    data["tags"] = tags
    starts, ends, place = (request.form.get(f, "").strip() for f in AGENDA_FIELDS)
    if starts or ends or place:
        data["agenda"] = {"starts_at": _local_input(starts) if starts else None, "place": place,
                          "ends_at": _local_input(ends) if ends else None}  # fmt: skip
    return data


def _agenda_inputs(agenda: dict | None) -> dict:
    """The stored agenda times as datetime-local values in the office's time."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(suite().settings.office_timezone)

    def local(value):
        return dt.datetime.fromisoformat(value).astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""

    agenda = agenda or {}
    return {"starts_at": local(agenda.get("starts_at")), "ends_at": local(agenda.get("ends_at")),
            "place": agenda.get("place") or ""}  # fmt: skip


@pages.route("/redaksi/naskah/baru", methods=["GET", "POST"])
@staff
def new_item(who):
    if request.method == "GET":
        return _page("newsroom/item_form.html", who, a=None, agenda=_agenda_inputs(None))
    try:
        data = schemas.ArticleInput().load(_form_data())
        with unit_of_work() as uow:
            article = services.create_article(uow, data, who)
            article_id = article.id
    except (ValidationError, Problem) as exc:
        found = FormErrors.of(exc)
        return _page("newsroom/item_form.html", who, found.status, a=None, problem=found.message,
                     agenda=_agenda_inputs(None))  # fmt: skip
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Draf tersimpan."), code=303)


def _when(moment) -> str:
    return services.local_time(moment, suite().settings.office_timezone)


def _item_page(who, article_id: int, status: int = 200, **context):
    with suite().db.session() as session:
        article = services.load_for_staff(session, article_id, who)
        view = db_values(article)
        view["history"] = list(article.history)
        view["allowed_actions"] = workflow.TRANSITIONS.allowed(Status(article.status), who.roles)
        pictures = [{"alt": i.alt, "src": images.url("", i.renditions[min(i.renditions, key=int)])}
                    for i in article.images]  # fmt: skip
        attachments = [{"id": f.id, "label": f.label, "href": services.attachment_url("", f), "name": f.file_name}
                       for f in article.attachments]  # fmt: skip
        holder = services.lock_holder(article)
        lock = None
        if holder:
            lock = {"by": holder, "mine": holder == who.username, "since": _when(article.locked_at),
                    "until": _when(article.locked_until)}  # fmt: skip
        return _page("newsroom/item_form.html", who, status, a=view, images=pictures, attachments=attachments,
                     lock=lock, agenda=_agenda_inputs(article.agenda), **context)  # fmt: skip


def _refused(who, article_id: int, exc):
    """The item's page again, with the status and the one-line message of a refused form."""
    found = FormErrors.of(exc)
    return _item_page(who, article_id, found.status, problem=found.message)


def _lock_options() -> dict:
    settings = suite().settings
    return {"minutes": settings.lock_minutes, "timezone": settings.office_timezone}


@pages.route("/redaksi/naskah/<int:article_id>", methods=["GET", "POST"])
@staff
def edit_item(who, article_id):
    if request.method == "GET":
        try:  # opening the form starts (or refreshes) editing, unless someone else is at it
            with unit_of_work() as uow:
                services.take_lock(uow, article_id, who, **_lock_options())
        except Problem as exc:
            if exc.status not in (409, 423):
                raise
        return _item_page(who, article_id, message=request.args.get("pesan"))
    try:
        changes = schemas.ArticleChanges().load(_form_data())
        with unit_of_work() as uow:
            etag = f'"{article_id}-{request.form.get("version", "")}"'
            services.edit(uow, article_id, changes, etag, who, **_lock_options())
    except (ValidationError, Problem) as exc:
        found = FormErrors.of(exc)
        if found.status == 404:
            raise
        return _item_page(who, article_id, found.status, problem=found.message)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Tersimpan."), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/gambar")
@staff
def upload_image(who, article_id):
    try:
        data = schemas.ImageInput().load(form_values())
        settings = suite().settings
        rendered = images.from_upload(request.files.get("file"), settings)
        with unit_of_work() as uow:
            services.add_image(uow, article_id, data, rendered, images.storage(settings), who, settings.office_timezone)
    except (ValidationError, Problem) as exc:
        return _refused(who, article_id, exc)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Gambar diunggah."), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/ambil-alih")
@staff
def take_over(who, article_id):
    with unit_of_work() as uow:
        services.take_lock(uow, article_id, who, take_over=True, **_lock_options())
    done = "Anda mengambil alih penyuntingan."
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan=done), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/selesai")
@staff
def stop_editing(who, article_id):
    try:
        with unit_of_work() as uow:
            services.release_lock(uow, article_id, who, suite().settings.office_timezone)
    except Problem as exc:
        if exc.status != 423:
            raise
        return _item_page(who, article_id, 423, problem=exc.detail)
    return redirect(url_for("newsroom_pages.desk", pesan="Penyuntingan selesai."), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/tangkapan")
@staff
def upload_capture(who, article_id):
    try:
        data = schemas.CaptureInput().load(form_values())
        settings = suite().settings
        rendered = images.from_upload(request.files.get("file"), settings)
        with unit_of_work() as uow:
            services.set_capture(
                uow, article_id, data["alt"], rendered, images.storage(settings), who, settings.office_timezone
            )
    except (ValidationError, Problem) as exc:
        return _refused(who, article_id, exc)
    done = "Tangkapan layar klaim diunggah."
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan=done), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/lampiran")
@staff
def upload_attachment(who, article_id):
    try:
        data = schemas.AttachmentInput().load(form_values())
        settings = suite().settings
        upload = images.attachment_from_upload(request.files.get("file"), settings)
        with unit_of_work() as uow:
            services.add_attachment(
                uow, article_id, data["label"], upload, images.storage(settings), who, settings.office_timezone
            )
    except (ValidationError, Problem) as exc:
        return _refused(who, article_id, exc)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Lampiran diunggah."), code=303)


@pages.post("/redaksi/naskah/<int:article_id>/lampiran/<int:attachment_id>/hapus")
@staff
def delete_attachment(who, article_id, attachment_id):
    try:
        with unit_of_work() as uow:
            services.remove_attachment(uow, article_id, attachment_id, who, suite().settings.office_timezone)
    except Problem as exc:
        return _item_page(who, article_id, exc.status, problem=exc.detail)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan="Lampiran dihapus."), code=303)


@pages.get("/redaksi/naskah/<int:article_id>/revisi")
@staff
def revisions_page(who, article_id):
    """Every revision; two of them side by side (``?dari=&ke=``, default the last two)."""
    with suite().db.session() as session:
        article = services.load_for_staff(session, article_id, who)
        rows = services.revisions(session, article_id)
        numbers = [r.number for r in rows]
        try:
            asked = schemas.DiffQuery().load(
                {
                    "to": request.args.get("ke") or numbers[-1],
                    "from": request.args.get("dari") or (numbers[-2] if len(numbers) > 1 else numbers[-1]),
                }
            )
            compared = services.compare_revisions(session, article_id, asked["from_"], asked["to"], who)
        except (ValidationError, Problem):
            return _page("newsroom/revisions.html", who, 404, a=db_values(article), revisions=rows, when=_when,
                         compared=None, problem="Revisi tidak ada.")  # fmt: skip
        return _page("newsroom/revisions.html", who, a=db_values(article), revisions=rows, compared=compared,
                     when=_when, message=request.args.get("pesan"))  # fmt: skip


@pages.post("/redaksi/naskah/<int:article_id>/revisi/<int:number>/pulihkan")
@page_login_required(EDITOR)
def restore_revision(who, article_id, number):
    try:
        with unit_of_work() as uow:
            etag = f'"{article_id}-{request.form.get("version", "")}"'
            services.restore(uow, article_id, number, etag, who, **_lock_options())
    except Problem as exc:
        return _item_page(who, article_id, exc.status, problem=exc.detail)
    done = f"Revisi {number} dipulihkan sebagai revisi baru."
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan=done), code=303)


@pages.get("/redaksi/angka")
@page_login_required(EDITOR)
def figures_page(who):
    from chassis.messaging import utcnow

    settings = suite().settings
    current = settings.local_date(utcnow()).year
    try:
        query = schemas.FiguresQuery().load(
            {"year": request.args.get("tahun") or current, "format": request.args.get("format") or "json"}
        )
    except ValidationError as exc:
        found = FormErrors.of(exc)
        return _page("newsroom/figures.html", who, found.status, f=None, year=current, problem=found.message)
    year = query["year"]
    with suite().db.session() as session:
        data = figures.yearly(session, year, settings.office_timezone)
    if query["format"] == "xlsx":
        return download(figures.to_xlsx(data), f"angka-newsroom-{year}.xlsx")
    return _page("newsroom/figures.html", who, f=data, year=year)


@pages.post("/redaksi/naskah/<int:article_id>/<string:action>")
@staff
def item_action(who, article_id, action):
    if action not in ACTION_LABELS:
        return _item_page(who, article_id, 404, problem="Tindakan tidak dikenal.")
    try:
        data = schemas.ActionInput().load(form_values())
        with unit_of_work() as uow:
            services.act(uow, article_id, action, who, data, suite().settings.public_base_url)
    except (ValidationError, Problem) as exc:
        found = FormErrors.of(exc)
        if found.status == 404:
            raise
        return _item_page(who, article_id, found.status, problem=found.message)
    done = f"{ACTION_LABELS[action]}: selesai."
    if action == "return":  # the item goes back to its writer; the editor is done with it
        return redirect(url_for("newsroom_pages.desk", pesan=done), code=303)
    return redirect(url_for("newsroom_pages.edit_item", article_id=article_id, pesan=done), code=303)
