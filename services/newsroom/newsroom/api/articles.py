"""Articles: staff create and move them through the workflow; anyone reads what is published."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError
from sqlalchemy import Text, cast, select

from chassis import pagination
from chassis.auth import current_principal, require_roles
from chassis.db import values as db_values
from chassis.messaging import utcnow
from chassis.problems import Problem, flatten_errors
from chassis.web import download, suite, unit_of_work
from newsroom import caching, figures, images, ninjs, schemas, search, services
from newsroom.domain import workflow
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, STATUS_LABELS, TRANSITIONS, Status, allowed_actions
from newsroom.models import Article

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
blp = Blueprint(
    "articles", __name__, url_prefix="/api/newsroom", description="Naskah: siaran pers, klarifikasi, pengumuman"
)
blp.after_request(caching.conditional)  # public reads: ETag, and 304 for If-None-Match


def _fields(article: Article, base: str) -> dict:
    columns = db_values(article)
    return {**columns, "url": services.public_url(base, article)}


def _images(article: Article, base: str) -> list[dict]:
    return [
        {"id": i.id, "alt": i.alt, "caption": i.caption, "credit": i.credit,
         "renditions": {w: images.url(base, sha) for w, sha in sorted(i.renditions.items(), key=lambda r: int(r[0]))}}
        for i in article.images
    ]  # fmt: skip


def _attachments(article: Article, base: str) -> list[dict]:
    return [
        {"id": a.id, "label": a.label, "file_name": a.file_name, "file_type": a.file_type, "file_size": a.file_size,
         "url": services.attachment_url(base, a)}
        for a in article.attachments
    ]  # fmt: skip


def _full(article: Article, staff: bool = True) -> dict:
    base = suite().settings.public_base_url
    return {
        **_fields(article, base),
        "images": _images(article, base),
        "attachments": _attachments(article, base),
        "lock": services.lock_view(article) if staff else None,
        "status_label": STATUS_LABELS[Status(article.status)],
        "allowed_actions": allowed_actions(Status(article.status)),
        # Plain values: the answer is written after the unit of work has closed its session.
        "history": [db_values(h) for h in article.history],
    }


@blp.route("/articles")
class Articles(MethodView):
    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.ArticlePage)
    def get(self, query):
        """Naskah yang sudah terbit, terbaru dulu (publik; halaman dengan kursor)."""
        statement = select(Article).where(Article.status.in_([s.value for s in workflow.PUBLIC]))
        if query.get("type"):
            statement = statement.where(Article.type == query["type"])
        if query.get("opd"):
            statement = statement.where(Article.opd == query["opd"])
        if query.get("tag"):
            statement = statement.where(cast(Article.tags, Text).like(f'%"{query["tag"]}"%'))
        limit = query["limit"]
        base = suite().settings.public_base_url
        with suite().db.session() as session:
            found = search.newest_page(session, suite().db, statement, query.get("q"), query.get("after"), limit)
            rows, cursor = pagination.page(found, limit, lambda a: (a.published_at, a.id))
            items = [_fields(a, base) for a in rows]
        return {"items": items, "next": cursor}, 200, {"Cache-Control": caching.PUBLIC}

    @blp.arguments(schemas.ArticleInput)
    @blp.response(201, schemas.Article)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(CONTRIBUTOR, EDITOR)
    def post(self, data):
        """Tulis naskah baru (humas OPD untuk OPD-nya, atau redaktur); mulai sebagai draf."""
        with unit_of_work() as uow:
            article = services.create_article(uow, data, current_principal())
            headers = {"Location": url_for("articles.article", article_id=article.id), "ETag": services.etag(article)}
            return _full(article), 201, headers


def _readable(session, article_id: int) -> tuple[Article, bool]:
    """The item and whether the caller is staff who may work on it; 410 for the public when withdrawn, else 404."""
    who = current_principal(optional=True)
    article = services.load(session, article_id)
    staff = who is not None and who.has_any(EDITOR, CONTRIBUTOR) and services.can_read(article, who)
    if Status(article.status) == Status.WITHDRAWN and not staff:
        raise Problem(
            410,
            f"Naskah ini ditarik pada {article.withdrawn_at:%d-%m-%Y}: {article.withdrawal_reason}",
            title="Gone",
            withdrawn_at=article.withdrawn_at.isoformat(),
        )
    if not services.can_read(article, who):
        raise Problem(404, f"Naskah {article_id} tidak ada.", title="Not Found")
    return article, staff


def _ninjs_response(article_id: int) -> Response:
    """IPTC ninjs; a withdrawn item stays 410 for the public, with a ninjs body saying it is canceled."""
    settings = suite().settings
    base = settings.public_base_url
    with suite().db.session() as session:
        try:
            article, staff = _readable(session, article_id)
        except Problem as exc:
            if exc.status != 410:
                raise
            response = jsonify(ninjs.canceled(services.load(session, article_id), base))
            response.status_code = 410
            response.mimetype = ninjs.MEDIA_TYPE
            return response
        document = ninjs.item(
            article, base, settings.org_name, services.public_url(base, article), settings.office_timezone
        )
        response = jsonify(document)
        response.mimetype = ninjs.MEDIA_TYPE
        response.headers["ETag"] = services.etag(article)[:-1] + '-ninjs"'  # another representation, another tag
        response.headers["Vary"] = "Accept"
        return response


@blp.route("/articles/<int:article_id>", endpoint="article")
class ArticleView(MethodView):
    @blp.response(200, schemas.Article)
    @blp.alt_response(410, description="Ditarik: problem+json dengan alasan penarikan")
    @blp.doc(description="Dengan `Accept: application/ninjs+json`: naskah dalam IPTC ninjs 2.x (lihat `.ninjs`).")
    def get(self, article_id):
        """Satu naskah: publik bila terbit; draf hanya untuk redaksi dan humas OPD-nya; yang ditarik: 410."""
        if request.accept_mimetypes.best_match(["application/json", ninjs.MEDIA_TYPE]) == ninjs.MEDIA_TYPE:
            return _ninjs_response(article_id)
        with suite().db.session() as session:
            article, staff = _readable(session, article_id)
            headers = {"ETag": services.etag(article), "Vary": "Accept"}
            if not staff:
                headers["Cache-Control"] = caching.PUBLIC
            return _full(article, staff), 200, headers

    @blp.arguments(schemas.ArticleChanges)
    @blp.response(200, schemas.Article)
    @blp.alt_response(412, description="ETag usang: naskah sudah diubah orang lain")
    @blp.alt_response(428, description="If-Match wajib")
    @blp.doc(security=[{"bearer": []}], parameters=[{"in": "header", "name": "If-Match", "required": True,
                                                     "schema": {"type": "string"}}])  # fmt: skip
    @require_roles(CONTRIBUTOR, EDITOR)
    def patch(self, changes, article_id):
        """Ubah naskah (dengan If-Match); setiap simpan menjadi revisi baru."""
        with unit_of_work() as uow:
            settings = suite().settings
            article = services.edit(uow, article_id, changes, request.headers.get("If-Match"), current_principal(),
                                    minutes=settings.lock_minutes, timezone=settings.office_timezone)  # fmt: skip
            return _full(article), 200, {"ETag": services.etag(article)}


@blp.get("/articles/<int:article_id>.ninjs")
@blp.doc(
    responses={"200": {"description": "IPTC ninjs 2.x", "content": {ninjs.MEDIA_TYPE: {"schema": {"type": "object"}}}},
               "410": {"description": "Ditarik: ninjs dengan pubstatus canceled"}}
)  # fmt: skip
def article_ninjs(article_id):
    """Naskah dalam IPTC ninjs 2.x (News in JSON): untuk mitra media dan agregator berita."""
    return _ninjs_response(article_id)


@blp.route("/articles/<int:article_id>/lock")
class LockView(MethodView):
    @blp.arguments(schemas.LockInput, required=False)
    @blp.response(200, schemas.Article)
    @blp.alt_response(423, description="Sedang disunting orang lain (problem+json dengan locked_by)")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(CONTRIBUTOR, EDITOR)
    def post(self, data, article_id):
        """Mulai atau perpanjang penyuntingan (kunci lunak); kunci orang lain hanya diambil alih dengan `take_over`."""
        settings = suite().settings
        with unit_of_work() as uow:
            article = services.take_lock(uow, article_id, current_principal(), take_over=(data or {}).get("take_over"),
                                         minutes=settings.lock_minutes, timezone=settings.office_timezone)  # fmt: skip
            return _full(article), 200, {"ETag": services.etag(article)}

    @blp.response(200, schemas.Article)
    @blp.alt_response(423, description="Kunci milik orang lain")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(CONTRIBUTOR, EDITOR)
    def delete(self, article_id):
        """Selesai menyunting: lepaskan kunci sendiri."""
        with unit_of_work() as uow:
            article = services.release_lock(uow, article_id, current_principal(), suite().settings.office_timezone)
            return _full(article), 200, {"ETag": services.etag(article)}


@blp.get("/articles/<int:article_id>/revisions/diff")
@blp.arguments(schemas.DiffQuery, location="query")
@blp.response(200, schemas.RevisionDiff)
@blp.doc(security=[{"bearer": []}])
@require_roles(CONTRIBUTOR, EDITOR)
def revisions_diff(query, article_id):
    """Bandingkan dua revisi berdampingan: judul, ringkasan, topik dan isi (tanpa tag HTML), baris demi baris."""
    with suite().db.session() as session:
        return services.compare_revisions(session, article_id, query["from_"], query["to"], current_principal())


@blp.post("/articles/<int:article_id>/revisions/<int:number>/restore")
@blp.response(200, schemas.Article)
@blp.alt_response(412, description="ETag usang")
@blp.alt_response(428, description="If-Match wajib")
@blp.doc(security=[{"bearer": []}], parameters=[{"in": "header", "name": "If-Match", "required": True,
                                                 "schema": {"type": "string"}}])  # fmt: skip
@require_roles(EDITOR)
def restore_revision(article_id, number):
    """Pulihkan isi revisi lama (redaktur, dengan If-Match); tercatat sebagai revisi baru."""
    settings = suite().settings
    with unit_of_work() as uow:
        article = services.restore(uow, article_id, number, request.headers.get("If-Match"), current_principal(),
                                   minutes=settings.lock_minutes, timezone=settings.office_timezone)  # fmt: skip
        return _full(article), 200, {"ETag": services.etag(article)}


@blp.get("/articles/<int:article_id>/revisions")
@blp.response(200, schemas.RevisionList)
@blp.doc(security=[{"bearer": []}])
@require_roles(CONTRIBUTOR, EDITOR)
def list_revisions(article_id):
    """Semua revisi naskah, tertua dulu (untuk membandingkan dan memulihkan)."""
    with suite().db.session() as session:
        services.load_for_staff(session, article_id, current_principal())
        return {"items": services.revisions(session, article_id)}


def _action_view(action: str):
    move = TRANSITIONS[action]

    @blp.arguments(schemas.ActionInput(), required=False)
    @blp.response(200, schemas.Article)
    @blp.alt_response(409, description="Status naskah tidak memungkinkan tindakan ini (problem+json, current_state)")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(*move.roles)
    def view(data, article_id):
        with unit_of_work() as uow:
            article = services.act(uow, article_id, action, current_principal(), data or {},
                                   suite().settings.public_base_url)  # fmt: skip
            return _full(article), 200, {"ETag": services.etag(article)}

    view.__name__ = f"{action}_article"
    view.__doc__ = f"Tindakan alur redaksi `{action}`: {', '.join(sorted(move.sources))} -> {move.target}."
    blp.route(f"/articles/<int:article_id>/{action}", methods=["POST"], endpoint=view.__name__)(view)


for _action, _move in TRANSITIONS.items():
    if workflow.SYSTEM not in _move.roles:
        _action_view(_action)


@blp.get("/figures")
@blp.arguments(schemas.FiguresQuery, location="query")
@blp.response(200, schemas.Figures)
@blp.doc(
    security=[{"bearer": []}],
    responses={
        "200": {
            "description": "Angka tahunan (JSON), atau berkas XLSX dengan `format=xlsx`",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Figures"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
@require_roles(EDITOR)
def figures_view(query):
    """Angka tahunan: siaran per OPD per bulan, jam dari pengajuan ke terbit (median, P90), klarifikasi per putusan.

    Bulan dan tahun dihitung dalam zona waktu kantor; tanpa `year`: tahun berjalan di kantor.
    `?year=2026&format=xlsx` untuk berkas XLSX.
    """
    settings = suite().settings
    year = query.get("year") or settings.local_date(utcnow()).year
    with suite().db.session() as session:
        data = figures.yearly(session, year, settings.office_timezone)
    if query["format"] == "xlsx":
        return download(figures.to_xlsx(data), f"angka-newsroom-{year}.xlsx")
    return data


def _multipart(file_description: str, required: tuple[str, ...], **properties: dict) -> dict:
    """The OpenAPI request body of an upload form: the ``file`` and the form fields its schema loads."""
    file = {"type": "string", "format": "binary", "description": file_description}
    schema = {"type": "object", "required": ["file", *required], "properties": {"file": file, **properties}}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def _text(low: int, high: int, description: str = "") -> dict:
    return {
        "type": "string",
        "minLength": low,
        "maxLength": high,
        **({"description": description} if description else {}),
    }


IMAGE_FORM = _multipart(
    "JPEG atau PNG, diperiksa dari isinya",
    ("alt",),
    alt=_text(3, 300, "Teks alternatif"),
    caption=_text(0, 1000),
    credit=_text(0, 200),
)
CAPTURE_FORM = _multipart("JPEG atau PNG, diperiksa dari isinya", ("alt",), alt=_text(3, 300, "Isi pesan yang tampak"))
ATTACHMENT_FORM = _multipart(
    "PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS, tanpa makro",
    ("label",),
    label=_text(3, 200, "Nama lampiran yang dibaca publik"),
)


def _form(schema, detail: str) -> dict:
    """A multipart form's fields loaded by ``schema``; a 422 naming each wrong field otherwise."""
    try:
        return schema.load(dict(request.form))
    except ValidationError as exc:
        raise Problem(422, detail, errors=flatten_errors(exc.messages)) from None


@blp.post("/articles/<int:article_id>/images")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}], requestBody=IMAGE_FORM)
@require_roles(CONTRIBUTOR, EDITOR)
def add_image(article_id):
    """Tambah gambar (multipart `file`, `alt` wajib, `caption`, `credit`); diubah ke ukuran web 320/800/1600 px."""
    data = _form(schemas.ImageInput(), "Isian gambar tidak valid.")
    settings = suite().settings
    rendered = images.from_upload(request.files.get("file"), settings)
    with unit_of_work() as uow:
        article = services.add_image(
            uow, article_id, data, rendered, images.storage(settings), current_principal(), settings.office_timezone
        )
        return _full(article), 201, {"ETag": services.etag(article)}


@blp.post("/articles/<int:article_id>/capture")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan JPEG atau PNG (diperiksa dari isinya)")
@blp.doc(security=[{"bearer": []}], requestBody=CAPTURE_FORM)
@require_roles(CONTRIBUTOR, EDITOR)
def set_capture(article_id):
    """Tangkapan layar klaim hoaks seperti beredar (multipart `file`, `alt` wajib); menggantikan yang lama."""
    data = _form(schemas.CaptureInput(), "Isian tangkapan layar tidak valid.")
    settings = suite().settings
    rendered = images.from_upload(request.files.get("file"), settings)
    with unit_of_work() as uow:
        article = services.set_capture(
            uow,
            article_id,
            data["alt"],
            rendered,
            images.storage(settings),
            current_principal(),
            settings.office_timezone,
        )
        return _full(article), 201, {"ETag": services.etag(article)}


@blp.post("/articles/<int:article_id>/attachments")
@blp.response(201, schemas.Article)
@blp.alt_response(413, description="Terlalu besar")
@blp.alt_response(415, description="Bukan PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS menurut isinya; bermakro ditolak")
@blp.doc(security=[{"bearer": []}], requestBody=ATTACHMENT_FORM)
@require_roles(CONTRIBUTOR, EDITOR)
def add_attachment(article_id):
    """Lampirkan berkas (multipart `file`: PDF, JPEG, PNG, DOCX, XLSX, ODT atau ODS, tanpa makro; `label` wajib).

    Jenisnya diperiksa dari isinya; tautannya tampil di halaman berita.
    """
    data = _form(schemas.AttachmentInput(), "Isian lampiran tidak valid.")
    settings = suite().settings
    upload = images.attachment_from_upload(request.files.get("file"), settings)
    with unit_of_work() as uow:
        article = services.add_attachment(
            uow,
            article_id,
            data["label"],
            upload,
            images.storage(settings),
            current_principal(),
            settings.office_timezone,
        )
        return _full(article), 201, {"ETag": services.etag(article)}


@blp.delete("/articles/<int:article_id>/attachments/<int:attachment_id>")
@blp.response(200, schemas.Article)
@blp.doc(security=[{"bearer": []}])
@require_roles(CONTRIBUTOR, EDITOR)
def remove_attachment(article_id, attachment_id):
    """Hapus lampiran dari naskah."""
    with unit_of_work() as uow:
        article = services.remove_attachment(
            uow, article_id, attachment_id, current_principal(), suite().settings.office_timezone
        )
        return _full(article), 200, {"ETag": services.etag(article)}
