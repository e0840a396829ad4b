"""The province's view of its regencies' news (newsroom.province): the merged list and the month counts.

Public reads: the items are what each regency already published on its own site, and the counts carry no
personal data. A regency's suite answers too, with what it received (usually nothing).
"""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis import caching
from chassis.schemas import Schema
from chassis.web import suite
from newsroom import etags, province
from newsroom.context import public_context
from newsroom.schemas import YEAR_MAX, YEAR_MIN

REGION_CODE = validate.Regexp(province.REGION_CODE, error=province.REGION_CODE_MESSAGE)

blp = Blueprint(
    "regions", __name__, url_prefix="/api/newsroom", description="Provinsi: berita kabupaten/kota dan angkanya"
)
blp.after_request(etags.conditional)


class RegionArticlesQuery(Schema):
    region = fields.String(validate=REGION_CODE, metadata={"description": "Kode wilayah; kosong: semua"})
    type = fields.String(validate=validate.OneOf(province.TYPES, error="Pilih salah satu: {choices}."))
    after = fields.String(validate=validate.Length(max=500), metadata={"description": "Kursor dari `next`"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class RegionArticle(Schema):
    region_code = fields.String()
    region_name = fields.String()
    article_id = fields.Integer(metadata={"description": "Nomor naskah di kabupaten/kota asalnya"})
    type = fields.String()
    type_label = fields.String()
    title = fields.String()
    summary = fields.String(metadata={"description": "Kosong bila ditarik"})
    url = fields.String(metadata={"description": "Halaman aslinya di situs kabupaten/kota"})
    published_at = fields.DateTime()
    state = fields.String(metadata={"description": "published, corrected atau withdrawn (tetap tercantum, ditandai)"})
    state_label = fields.String()
    verdict = fields.String(allow_none=True, metadata={"description": "Putusan klarifikasi hoaks"})
    corrected_at = fields.DateTime(allow_none=True)
    correction_note = fields.String(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)


class RegionArticlePage(Schema):
    items = fields.List(fields.Nested(RegionArticle))
    next = fields.String(allow_none=True)


class MonthlyQuery(Schema):
    year = fields.Integer(
        validate=validate.Range(min=YEAR_MIN, max=YEAR_MAX, error="Tahun {min}-{max}."),
        metadata={"description": "Tahun (zona waktu kantor provinsi); kosong: tahun berjalan"},
    )


def _months(description: str):
    return fields.List(fields.Integer(), metadata={"description": f"{description}, Januari sampai Desember"})


class RegionMonths(Schema):
    region_code = fields.String()
    region_name = fields.String()
    releases = _months("Siaran pers terbit per bulan")
    announcements = _months("Pengumuman terbit per bulan")
    clarifications = _months("Klarifikasi hoaks terbit per bulan")
    total_releases = fields.Integer()
    total_announcements = fields.Integer()
    total_clarifications = fields.Integer()


class Monthly(Schema):
    year = fields.Integer()
    timezone = fields.String()
    items = fields.List(fields.Nested(RegionMonths))


@blp.get("/regions/articles")
@blp.arguments(RegionArticlesQuery, location="query")
@blp.response(200, RegionArticlePage)
def region_articles(query):
    """Berita kabupaten/kota se-provinsi, terbaru dulu (publik; halaman dengan kursor).

    Yang diralat tercantum dengan ralatnya; yang ditarik tetap tercantum sebagai ditarik, dengan alasannya.
    """
    settings = suite().settings
    names = province.region_names(settings)
    with suite().db.session() as session:
        rows, cursor = province.newest(
            session, query.get("region"), query.get("type"), query.get("after"), query["limit"]
        )
        items = [province.view(row, names) for row in rows]
    return {"items": items, "next": cursor}, 200, caching.PUBLIC


@blp.get("/regions/monthly")
@blp.arguments(MonthlyQuery, location="query")
@blp.response(200, Monthly)
def region_monthly(query):
    """Siaran pers, pengumuman dan klarifikasi hoaks terbit per bulan per kabupaten/kota (publik).

    Bulan dihitung dalam zona waktu kantor provinsi; setiap wilayah di PROVINCE_REGIONS tercantum, juga yang
    belum mengirim apa pun. Yang ditarik tidak dihitung.
    """
    settings = suite().settings
    year = query.get("year") or public_context().today().year
    with suite().db.session() as session:
        items = province.monthly(session, year, settings)
    return {"year": year, "timezone": settings.office_timezone, "items": items}, 200, caching.PUBLIC
