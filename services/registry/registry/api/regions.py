"""The province's view of its regencies' media partnerships (issue 11): figures per region, public.

Public read: counts and rupiah totals of public contracts (a regency publishes its partnerships and their budget
anyway), no name of a person and no contact. A regency's own suite answers too: its configured regions (or none),
with figures only for regions whose events it received.
"""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis import caching
from chassis.schemas import REQUIRED, Schema
from chassis.web import suite
from registry import province
from registry.figures import UKW_LEVELS

blp = Blueprint(
    "regions", __name__, url_prefix="/api/registry", description="Rekap kemitraan media per kabupaten/kota (provinsi)"
)


class YearQuery(Schema):
    year = fields.Integer(
        required=True,
        validate=validate.Range(min=2008, max=2100, error="Tahun {min}-{max}."),
        error_messages={**REQUIRED, "invalid": "Tahun berupa angka, mis. 2026."},
    )


class RegionPartnerships(Schema):
    region_code = fields.String(required=True, metadata={"description": "Kode wilayah Kemendagri, mis. 35.78"})
    region_name = fields.String(required=True)
    active_partners = fields.Integer(
        required=True,
        metadata={"description": "Perusahaan pers dengan kontrak belum diakhiri yang berlaku di tahun itu"},
    )
    contract_value = fields.Integer(
        required=True, metadata={"description": "Nilai kontrak-kontrak itu (terikat kontrak), rupiah"}
    )
    paid = fields.Integer(required=True, metadata={"description": "Dibayar dengan tanggal bayar di tahun itu, rupiah"})
    journalists = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": f"Wartawan mitra yang masih bekerja, per jenjang UKW ({', '.join(UKW_LEVELS)})"},
    )


class RegionPartnershipsList(Schema):
    items = fields.List(fields.Nested(RegionPartnerships), required=True)


@blp.get("/regions")
@blp.arguments(YearQuery, location="query")
@blp.response(200, RegionPartnershipsList)
def regions(query):
    """Rekap kemitraan media per kabupaten/kota dalam setahun, dari peristiwa registry tiap daerah."""
    settings = suite().settings
    with suite().db.session() as session:
        items = province.regions_of_year(session, settings, query["year"], settings.local_date())
    return {"items": items}, 200, caching.PUBLIC
