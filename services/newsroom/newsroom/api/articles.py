"""Articles: staff create, edit and move them through the workflow; anyone reads what is published."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from chassis import caching
from chassis.db import values as db_values
from chassis.permissions import calls
from chassis.web import unit_of_work
from newsroom import etags, ninjs, schemas
from newsroom.api.answers import fields, full
from newsroom.context import context, public_context
from newsroom.distribution import public_url
from newsroom.domain import workflow
from newsroom.use_cases import articles, reading, revisions
from newsroom.use_cases import workflow as moves

blp = Blueprint(
    "articles", __name__, url_prefix="/api/newsroom", description="Naskah: siaran pers, klarifikasi, pengumuman"
)
blp.after_request(etags.conditional)  # public reads: ETag, and 304 for If-None-Match
IF_MATCH = [{"in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"}}]


@blp.route("/articles")
class Articles(MethodView):
    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.ArticlePage)
    def get(self, query):
        """Naskah yang sudah terbit, terbaru dulu (publik; halaman dengan kursor)."""
        ctx = public_context()
        with unit_of_work() as uow:
            rows, cursor = reading.published_page(uow, query, query.get("q"), query.get("after"), query["limit"])
            items = [fields(a, ctx.settings.public_base_url) for a in rows]
        return {"items": items, "next": cursor}, 200, caching.PUBLIC

    @blp.arguments(schemas.ArticleInput)
    @blp.response(201, schemas.Article)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    @blp.doc(security=[{"bearer": []}])
    @calls(articles.create)
    def post(self, data):
        """Tulis naskah baru (humas OPD untuk OPD-nya, atau redaktur); mulai sebagai draf."""
        ctx = context()
        with unit_of_work() as uow:
            article = articles.create(uow, ctx, data)
            headers = {"Location": url_for("articles.article", article_id=article.id), "ETag": articles.etag(article)}
            return full(article, ctx), 201, headers


def _ninjs_response(article_id: int) -> Response:
    """IPTC ninjs; a withdrawn item stays 410 for the public, with a ninjs body saying it is canceled."""
    ctx = context()
    settings = ctx.settings
    base = settings.public_base_url
    with unit_of_work() as uow:
        try:
            article, _ = articles.read(uow, ctx, article_id)
        except articles.Withdrawn as exc:
            response = jsonify(ninjs.canceled(exc.article, base))
            response.status_code = 410
            response.mimetype = ninjs.MEDIA_TYPE
            return response
        document = ninjs.item(article, base, settings.org_name, public_url(base, article), settings.office_timezone)
        response = jsonify(document)
        response.mimetype = ninjs.MEDIA_TYPE
        response.headers["ETag"] = articles.etag(article)[:-1] + '-ninjs"'  # another representation, another tag
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
        ctx = context()
        with unit_of_work() as uow:
            article, staff = articles.read(uow, ctx, article_id)
            headers = {"ETag": articles.etag(article), "Vary": "Accept"}
            if not staff:
                headers.update(caching.PUBLIC)
            return full(article, ctx, staff), 200, headers

    @blp.arguments(schemas.ArticleChanges)
    @blp.response(200, schemas.Article)
    @blp.alt_response(412, description="ETag usang: naskah sudah diubah orang lain")
    @blp.alt_response(428, description="If-Match wajib")
    @blp.doc(security=[{"bearer": []}], parameters=IF_MATCH)
    @calls(articles.edit)
    def patch(self, changes, article_id):
        """Ubah naskah (dengan If-Match); setiap simpan menjadi revisi baru."""
        ctx = context()
        with unit_of_work() as uow:
            article = articles.edit(uow, ctx, article_id, changes, request.headers.get("If-Match"))
            return full(article, ctx), 200, {"ETag": articles.etag(article)}


@blp.get("/articles/<int:article_id>.ninjs")
@blp.doc(
    responses={
        "200": {"description": "IPTC ninjs 2.x", "content": {ninjs.MEDIA_TYPE: {"schema": {"type": "object"}}}},
        "410": {"description": "Ditarik: ninjs dengan pubstatus canceled"},
    }
)
def article_ninjs(article_id):
    """Naskah dalam IPTC ninjs 2.x (News in JSON): untuk mitra media dan agregator berita."""
    return _ninjs_response(article_id)


@blp.route("/articles/<int:article_id>/lock")
class LockView(MethodView):
    @blp.arguments(schemas.LockInput, required=False)
    @blp.response(200, schemas.Article)
    @blp.alt_response(423, description="Sedang disunting orang lain (problem+json dengan locked_by)")
    @blp.doc(security=[{"bearer": []}])
    @calls(articles.take_lock)
    def post(self, data, article_id):
        """Mulai atau perpanjang penyuntingan (kunci lunak); kunci orang lain hanya diambil alih dengan `take_over`."""
        ctx = context()
        with unit_of_work() as uow:
            article = articles.take_lock(uow, ctx, article_id, take_over=bool((data or {}).get("take_over")))
            return full(article, ctx), 200, {"ETag": articles.etag(article)}

    @blp.response(200, schemas.Article)
    @blp.alt_response(423, description="Kunci milik orang lain")
    @blp.doc(security=[{"bearer": []}])
    @calls(articles.release_lock)
    def delete(self, article_id):
        """Selesai menyunting: lepaskan kunci sendiri."""
        ctx = context()
        with unit_of_work() as uow:
            article = articles.release_lock(uow, ctx, article_id)
            return full(article, ctx), 200, {"ETag": articles.etag(article)}


@blp.get("/articles/<int:article_id>/revisions/diff")
@blp.arguments(schemas.DiffQuery, location="query")
@blp.response(200, schemas.RevisionDiff)
@blp.doc(security=[{"bearer": []}])
@calls(revisions.compare)
def revisions_diff(query, article_id):
    """Bandingkan dua revisi berdampingan: judul, ringkasan, topik dan isi (tanpa tag HTML), baris demi baris."""
    with unit_of_work() as uow:
        return revisions.compare(uow, context(), article_id, query["from_"], query["to"])


@blp.post("/articles/<int:article_id>/revisions/<int:number>/restore")
@blp.response(200, schemas.Article)
@blp.alt_response(412, description="ETag usang")
@blp.alt_response(428, description="If-Match wajib")
@blp.doc(security=[{"bearer": []}], parameters=IF_MATCH)
@calls(revisions.restore)
def restore_revision(article_id, number):
    """Pulihkan isi revisi lama (redaktur, dengan If-Match); tercatat sebagai revisi baru."""
    ctx = context()
    with unit_of_work() as uow:
        article = revisions.restore(uow, ctx, article_id, number, request.headers.get("If-Match"))
        return full(article, ctx), 200, {"ETag": articles.etag(article)}


@blp.get("/articles/<int:article_id>/revisions")
@blp.response(200, schemas.RevisionList)
@blp.doc(security=[{"bearer": []}])
@calls(revisions.listing)
def list_revisions(article_id):
    """Semua revisi naskah, tertua dulu (untuk membandingkan dan memulihkan)."""
    with unit_of_work() as uow:
        _, found = revisions.listing(uow, context(), article_id)
        return {"items": [db_values(r) for r in found]}


def _action_view(action: str):
    use_case = moves.MOVES[action]
    found = workflow.TRANSITIONS[action]

    @blp.arguments(schemas.ActionInput(), required=False)
    @blp.response(200, schemas.Article)
    @blp.alt_response(409, description="Status naskah tidak memungkinkan tindakan ini (problem+json, current_state)")
    @blp.doc(security=[{"bearer": []}])
    @calls(use_case)
    def view(data, article_id):
        ctx = context()
        with unit_of_work() as uow:
            article = use_case(uow, ctx, article_id, data or {})
            return full(article, ctx), 200, {"ETag": articles.etag(article)}

    view.__name__ = f"{action}_article"
    view.__doc__ = f"Tindakan alur redaksi `{action}`: {', '.join(sorted(found.sources))} -> {found.target}."
    blp.route(f"/articles/<int:article_id>/{action}", methods=["POST"], endpoint=view.__name__)(view)


for _action in workflow.STAFF_ACTIONS:
    _action_view(_action)


from newsroom.api import figures, files  # noqa: E402, F401 - the figures and the files: same blueprint
