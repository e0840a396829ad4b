"""The province's view of its regencies' PPID service (issue 11): figures per region, public.

Public read: the figures are counts that every public body publishes in its yearly report anyway, and carry no
personal data. A regency's own suite answers too, with its configured regions (or none) and no figures unless
it receives a region's events.
"""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields

from chassis import caching
from chassis.schemas import Schema
from chassis.web import suite
from ppid import province, schemas
from ppid.domain.report import DECISIONS, GROUNDS

blp = Blueprint("regions", __name__, url_prefix="/api/ppid", description="Rekap PPID per kabupaten/kota (provinsi)")


COUNT_FIELDS = {
    "received": "Permohonan diterima (menurut tanggal diterima di tahun itu)",
    "decided": "Diputus dengan pemberitahuan tertulis",
    "on_time": "Diputus paling lambat pada tenggat (termasuk perpanjangan)",
    "late": "Diputus setelah tenggat",
    "granted": "Diterima seluruhnya",
    "partly_granted": "Diterima sebagian",
    "refused": "Ditolak (seluruhnya)",
    "not_held": "Informasi tidak dikuasai",
    "not_documented": "Informasi belum didokumentasikan",
    "extended": "Tenggatnya diperpanjang (Pasal 22 ayat 8)",
    "open": "Masih diproses",
    "overdue": "Masih diproses dan tenggatnya sudah lewat",
    "closed_undecided": "Ditutup tanpa keputusan (tidak dilengkapi pemohon)",
    "objections": "Keberatan diajukan",
    "objections_pending": "Keberatan belum ditanggapi",
    "disputes": "Sengketa ke Komisi Informasi",
    "disputes_pending": "Sengketa belum diputus",
}
assert set(COUNT_FIELDS) == set(province._empty()), "every figure is documented"
assert set(DECISIONS) <= set(COUNT_FIELDS)


def _count(description: str):
    return fields.Integer(required=True, metadata={"description": description})


def _rate():
    return fields.Float(
        required=True, allow_none=True, metadata={"description": "Persentase tepat waktu dari yang diputus (0-100)"}
    )


RegionYear = Schema.from_dict(
    {
        "region_code": fields.String(required=True, metadata={"description": "Kode wilayah Kemendagri, mis. 35.78"}),
        "region_name": fields.String(required=True),
        **{name: _count(description) for name, description in COUNT_FIELDS.items()},
        "on_time_rate": _rate(),
        "refused_by_ground": fields.Dict(
            keys=fields.String(),
            values=fields.Integer(),
            required=True,
            metadata={"description": f"Ditolak atau diterima sebagian per alasan Pasal 17 ({', '.join(GROUNDS)})"},
        ),
        "by_channel": fields.Dict(
            keys=fields.String(), values=fields.Integer(), required=True, metadata={"description": "Per saluran"}
        ),
    },
    name="RegionYear",
)


class RegionYearList(Schema):
    items = fields.List(fields.Nested(RegionYear), required=True)


class Month(Schema):
    month = fields.Integer(required=True)
    received = _count(COUNT_FIELDS["received"])
    decided = _count(COUNT_FIELDS["decided"])
    on_time = _count(COUNT_FIELDS["on_time"])
    late = _count(COUNT_FIELDS["late"])
    on_time_rate = _rate()


class RegionMonths(Schema):
    region_code = fields.String(required=True)
    region_name = fields.String(required=True)
    months = fields.List(fields.Nested(Month), required=True, metadata={"description": "Januari sampai Desember"})


class RegionMonthsList(Schema):
    items = fields.List(fields.Nested(RegionMonths), required=True)


@blp.get("/regions")
@blp.arguments(schemas.ReportYear, location="query")
@blp.response(200, RegionYearList)
def regions(query):
    """Rekap layanan informasi publik per kabupaten/kota dalam setahun, dari peristiwa PPID tiap daerah.

    Dihitung menurut tahun permohonan diterima, dengan definisi laporan tahunan PPID daerah itu sendiri.
    """
    with suite().db.session() as session:
        items = province.regions_year(session, suite().settings, query["year"])
    return {"items": items}, 200, caching.PUBLIC


@blp.get("/regions/monthly")
@blp.arguments(schemas.ReportYear, location="query")
@blp.response(200, RegionMonthsList)
def regions_monthly(query):
    """Per kabupaten/kota dan bulan diterima: permohonan diterima, diputus, tepat waktu dan persentasenya."""
    with suite().db.session() as session:
        items = province.regions_monthly(session, suite().settings, query["year"])
    return {"items": items}, 200, caching.PUBLIC
