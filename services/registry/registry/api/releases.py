"""Government releases as the registry knows them (from newsroom events), for verifiers and proofs."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis.permissions import calls
from chassis.web import unit_of_work
from registry import schemas
from registry.context import context
from registry.use_cases import outlets

blp = Blueprint("releases", __name__, url_prefix="/api/registry", description="Siaran pers yang dapat dimuat mitra")


@blp.get("/releases")
@blp.arguments(schemas.ListQuery, location="query")
@blp.response(200, schemas.ReleasePage)
@blp.doc(security=[{"bearer": []}])
@calls(outlets.list_releases)
def list_releases(query):
    """Siaran pers terbit (salinan dari event newsroom), terbaru dulu: mitra memilih dari sini untuk bukti tayang."""
    with unit_of_work() as uow:
        return outlets.list_releases(uow, context(), query)
