"""Articles: staff create and move them through the workflow; anyone reads what is published."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from chassis import pagination
from chassis.auth import current_principal, require_roles
from chassis.problems import Problem
from chassis.web import suite, unit_of_work
from newsroom import schemas, services
from newsroom.domain.workflow import CONTRIBUTOR, EDITOR, STATUS_LABELS, TRANSITIONS, Status, allowed_actions
from newsroom.models import Article

blp = Blueprint(
    "articles", __name__, url_prefix="/api/newsroom", description="Naskah: siaran pers, klarifikasi, pengumuman"
)


def _fields(article: Article, base: str) -> dict:
    columns = {c.key: getattr(article, c.key) for c in Article.__table__.columns}
    return {**columns, "url": services.public_url(base, article)}


def _full(article: Article) -> dict:
    return {
        **_fields(article, suite().settings.public_base_url),
        "status_label": STATUS_LABELS[Status(article.status)],
        "allowed_actions": allowed_actions(Status(article.status)),
        "history": article.history,
    }


@blp.route("/articles")
class Articles(MethodView):
    @blp.arguments(schemas.ListQuery, location="query")
    @blp.response(200, schemas.ArticlePage)
    def get(self, query):
        """Naskah yang sudah terbit, terbaru dulu (publik; halaman dengan kursor)."""
        statement = select(Article).where(Article.status == Status.PUBLISHED)
        if query.get("type"):
            statement = statement.where(Article.type == query["type"])
        if query.get("opd"):
            statement = statement.where(Article.opd == query["opd"])
        limit = query["limit"]
        statement = pagination.newest_first(statement, Article.published_at, Article.id, query.get("after"), limit)
        base = suite().settings.public_base_url
        with suite().db.session() as session:
            rows, cursor = pagination.page(list(session.scalars(statement)), limit, lambda a: (a.published_at, a.id))
            items = [_fields(a, base) for a in rows]
        return {"items": items, "next": cursor}

    @blp.arguments(schemas.ArticleInput)
    @blp.response(201, schemas.Article)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(CONTRIBUTOR, EDITOR)
    def post(self, data):
        """Tulis naskah baru (humas OPD untuk OPD-nya, atau redaktur); mulai sebagai draf."""
        with unit_of_work() as uow:
            article = services.create_article(uow, data, current_principal())
            body = _full(article)
        return body, 201, {"Location": url_for("articles.article", article_id=article.id)}


@blp.route("/articles/<int:article_id>", endpoint="article")
class ArticleView(MethodView):
    @blp.response(200, schemas.Article)
    def get(self, article_id):
        """Satu naskah: publik bila terbit; draf hanya untuk redaksi dan humas OPD-nya."""
        with suite().db.session() as session:
            article = services.load(session, article_id)
            if not services.can_read(article, current_principal(optional=True)):
                raise Problem(404, f"Naskah {article_id} tidak ada.", title="Not Found")
            return _full(article)


def _action_view(action: str):
    move = TRANSITIONS[action]

    @blp.arguments(schemas.ActionInput(), required=False)
    @blp.response(200, schemas.Article)
    @blp.alt_response(409, description="Status naskah tidak memungkinkan tindakan ini (problem+json, current_state)")
    @blp.doc(security=[{"bearer": []}])
    @require_roles(*move.roles)
    def view(data, article_id):
        with unit_of_work() as uow:
            article = services.act(
                uow, article_id, action, current_principal(), (data or {}).get("note"), suite().settings.public_base_url
            )
            return _full(article)

    view.__name__ = f"{action}_article"
    view.__doc__ = f"Tindakan alur redaksi `{action}`: {', '.join(sorted(move.sources))} -> {move.target}."
    blp.route(f"/articles/<int:article_id>/{action}", methods=["POST"], endpoint=view.__name__)(view)


for _action in TRANSITIONS:
    _action_view(_action)
