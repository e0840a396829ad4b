"""``POST /api/registry/journalists/<id>/personal-data`` and ``POST /api/registry/kim/members/<id>/personal-data``:
one record's masked personal data in clear, for a stated reason written to the access log (UU 27/2022)."""

from __future__ import annotations

from flask_smorest import Blueprint

from chassis import caching
from chassis.permissions import calls
from chassis.web import unit_of_work
from registry import schemas
from registry.context import context
from registry.use_cases import personal_data

blp = Blueprint("personal_data", __name__, url_prefix="/api/registry", description="Data pribadi (UU 27/2022)")


def _reveal(kind: str, record_id: int, data: dict):
    with unit_of_work() as uow:
        revealed = personal_data.reveal(uow, context(), kind, record_id, data["reason"], data["detail"])
    return revealed, 200, caching.NO_STORE


@blp.post("/journalists/<int:journalist_id>/personal-data")
@blp.arguments(schemas.RevealIn)
@blp.response(200, schemas.RevealedOut)
@blp.doc(security=[{"bearer": []}])
@calls(personal_data.reveal)
def reveal_journalist(data, journalist_id):
    """Buka NIK seorang wartawan dengan alasan; tercatat di log akses data pribadi."""
    return _reveal("journalist", journalist_id, data)


@blp.post("/kim/members/<int:member_id>/personal-data")
@blp.arguments(schemas.RevealIn)
@blp.response(200, schemas.RevealedOut)
@blp.doc(security=[{"bearer": []}])
@calls(personal_data.reveal)
def reveal_kim_member(data, member_id):
    """Buka nomor telepon seorang anggota KIM dengan alasan; tercatat di log akses data pribadi."""
    return _reveal("kim_member", member_id, data)
