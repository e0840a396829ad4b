"""Government releases as the registry knows them (from newsroom events), for verifiers and proofs."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy import select

from chassis import pagination
from chassis.auth import require_roles
from chassis.web import suite
from registry import schemas
from registry.models import Release

blp = Blueprint("releases", __name__, url_prefix="/api/registry", description="Siaran pers yang dapat dimuat mitra")


@blp.get("/releases")
@blp.arguments(schemas.ListQuery, location="query")
@blp.response(200, schemas.ReleasePage)
@blp.doc(security=[{"bearer": []}])
@require_roles("registry:verifier", "registry:approver", "media:partner", "admin")
def list_releases(query):
    """Siaran pers terbit (salinan dari event newsroom), terbaru dulu: mitra memilih dari sini untuk bukti tayang."""
    limit = query["limit"]
    statement = pagination.newest_first(
        select(Release), Release.published_at, Release.article_id, query.get("after"), limit
    )
    with suite().db.session() as session:
        rows, cursor = pagination.page(
            list(session.scalars(statement)), limit, lambda r: (r.published_at, r.article_id)
        )
    return {"items": rows, "next": cursor}
