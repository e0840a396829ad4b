"""What the office publishes without a request: the public information list (DIP), OPD guidance, and the survey.

DIP (Daftar Informasi Publik) lists the information the body holds, by its
category in UU 14/2008; OPD guidance tells requesters which department
holds what; the SKM (Survei Kepuasan Masyarakat, PermenPANRB 14/2017) asks
requesters how they were served, once their request has ended.
"""

from __future__ import annotations

import csv
import io

from flask.views import MethodView
from flask_smorest import Blueprint

from chassis import caching
from chassis.db import values as db_values
from chassis.openapi import file_answer, json_answer
from chassis.permissions import calls
from chassis.problems import Problem
from chassis.web import download, unit_of_work
from ppid import schemas
from ppid.context import context, reading
from ppid.domain import dip as dip_rules
from ppid.models import DipEntry
from ppid.use_cases import public_info, surveys

blp = Blueprint(
    "public_info", __name__, url_prefix="/api/ppid", description="Daftar Informasi Publik, panduan OPD, survei kepuasan"
)

PUBLIC_CACHE = caching.public(60, vary="Authorization")
PRIVATE = caching.private(vary="Authorization")
STAFF_FIELDS = ("published", "created_by", "created_at", "file_sha256")
CSV_HEADER = (
    "No",
    "Judul informasi",
    "Kategori",
    "Ringkasan isi informasi",
    "Pejabat/unit yang menguasai informasi",
    "Penanggung jawab pembuatan atau penerbitan informasi",
    "Waktu pembuatan",
    "Tempat pembuatan",
    "Bentuk informasi yang tersedia",
    "Jangka waktu penyimpanan",
    "Tautan",
    "Alasan pengecualian (Pasal 17)",
    "Uji konsekuensi (Pasal 19)",
)


def dip_view(entry: DipEntry, staff: bool) -> dict:
    body = db_values(entry)
    body.update(
        category_label=dip_rules.CATEGORY_LABELS[dip_rules.Category(entry.category)],
        form_label=dip_rules.FORM_LABELS[dip_rules.Form(entry.form)],
    )
    if staff:
        return body
    visible = dip_rules.visible_fields(entry.category, set(body) - set(STAFF_FIELDS))
    return {k: v for k, v in body.items() if k in visible}


def list_dip(query: dict, *, anonymous: bool = False) -> tuple[list[dict], str | None, bool]:
    """A page of the list as this caller sees it (``anonymous``: as the public), and whether they see it as its
    manager."""
    with reading() as uow:
        rows, cursor, staff = public_info.dip_entries(uow, context(uow.session, anonymous=anonymous), query)
        return [dip_view(e, staff) for e in rows], cursor, staff


@blp.route("/dip")
class Dip(MethodView):
    @blp.arguments(schemas.DipQuery, location="query")
    @blp.response(200, schemas.DipList)
    def get(self, query):
        """Daftar Informasi Publik: yang diterbitkan, urut judul; saring kategori, OPD, kata kunci.

        Informasi yang dikecualikan hanya tampil judul, OPD, dan alasan pengecualiannya.
        Petugas PPID (dengan token) juga melihat entri yang belum diterbitkan.
        """
        items, cursor, staff = list_dip(query)
        return {"items": items, "next": cursor}, 200, PRIVATE if staff else PUBLIC_CACHE

    @blp.arguments(schemas.DipInput)
    @blp.response(201, schemas.DipEntryOut)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    @blp.doc(security=[{"bearer": []}])
    @calls(public_info.create_dip_entry)
    def post(self, data):
        """Tambah entri DIP (petugas PPID); yang dikecualikan wajib menyebut alasan Pasal 17 dan uji konsekuensi."""
        with unit_of_work() as uow:
            entry = public_info.create_dip_entry(uow, context(uow.session), data)
            return dip_view(entry, staff=True)


@blp.route("/dip/<int:entry_id>")
class DipItem(MethodView):
    @blp.response(200, schemas.DipEntryOut)
    @blp.alt_response(404, description="Tidak ada, atau belum diterbitkan")
    def get(self, entry_id):
        """Satu entri DIP (yang belum diterbitkan hanya bagi petugas PPID)."""
        with reading() as uow:
            entry, staff = public_info.dip_entry(uow, context(uow.session), entry_id)
            return dip_view(entry, staff), 200, PRIVATE if staff else PUBLIC_CACHE

    @blp.arguments(schemas.DipChanges(partial=True))
    @blp.response(200, schemas.DipEntryOut)
    @blp.alt_response(422, description="Isian tidak valid (problem+json, per field)")
    @blp.doc(security=[{"bearer": []}])
    @calls(public_info.update_dip_entry)
    def patch(self, changes, entry_id):
        """Ubah entri DIP, termasuk menerbitkan (`published`) atau menariknya."""
        with unit_of_work() as uow:
            entry = public_info.update_dip_entry(uow, context(uow.session), entry_id, changes)
            return dip_view(entry, staff=True)


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "@", "\t", "\r") else text


def dip_csv(entries) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for number, entry in enumerate(entries, start=1):
        row = dip_view(entry, staff=False)
        made = row.get("made_on")
        writer.writerow(
            _cell(v)
            for v in (
                number,
                row["title"],
                row["category_label"],
                row.get("summary"),
                row["opd"],
                row.get("responsible"),
                made.isoformat() if made else row.get("period"),
                row.get("place"),
                row.get("form_label"),
                row.get("retention"),
                row.get("url"),
                ", ".join(row["exemption_grounds"]),
                row.get("exemption_reason"),
            )
        )
    return buffer.getvalue()


@blp.get("/dip/export.csv")
@blp.doc(**file_answer("text/csv", description="CSV"))
def dip_export():
    """Daftar Informasi Publik yang diterbitkan, sebagai CSV (pemisah `;`, UTF-8 dengan BOM untuk Excel)."""
    with reading() as uow:
        entries = public_info.published_dip(uow, context(uow.session, anonymous=True))
    return download(dip_csv(entries).encode("utf-8-sig"), "daftar-informasi-publik.csv", headers=PUBLIC_CACHE)


# --- OPD guidance -----------------------------------------------------------------------------------------------


@blp.get("/guidance")
@blp.response(200, schemas.GuidanceList)
def guidance_list():
    """Panduan per OPD: informasi yang dikuasai dan yang tidak dapat diberikan, sebelum mengajukan permohonan."""
    with reading() as uow:
        rows = public_info.guidance_list(uow, context(uow.session, anonymous=True))
    return {"items": rows}, 200, PUBLIC_CACHE


@blp.route("/guidance/<string:opd>")
class GuidanceItem(MethodView):
    @blp.response(200, schemas.GuidanceOut)
    @blp.alt_response(404, description="OPD belum mempunyai panduan")
    def get(self, opd):
        """Panduan satu OPD."""
        with reading() as uow:
            guidance = public_info.guidance_of(uow, context(uow.session, anonymous=True), opd)
        return guidance, 200, PUBLIC_CACHE

    @blp.arguments(schemas.GuidanceInput)
    @blp.response(200, schemas.GuidanceOut)
    @blp.alt_response(201, schema=schemas.GuidanceOut, description="Panduan baru")
    @blp.doc(security=[{"bearer": []}])
    @calls(public_info.save_guidance)
    def put(self, data, opd):
        """Tulis panduan OPD: PPID untuk semua OPD, petugas OPD hanya untuk OPD-nya sendiri."""
        if schemas.OPD_CODE.regex.match(opd) is None:
            raise Problem(422, "Kode OPD tidak sah.", errors=[{"field": "opd", "message": schemas.OPD_CODE.error}])
        with unit_of_work() as uow:
            guidance, created = public_info.save_guidance(uow, context(uow.session), opd, data)
            return guidance, 201 if created else 200


# --- satisfaction survey (SKM) ----------------------------------------------------------------------------------


@blp.post("/survey")
@blp.arguments(schemas.SurveyInput)
@blp.response(201, schemas.SurveyReceipt)
@blp.alt_response(409, description="Permohonan belum selesai, atau survei sudah diisi (problem+json)")
def survey_answer(data):
    """Isi survei kepuasan (sembilan unsur, nilai 1-4) atas permohonan yang telah selesai, sekali per permohonan."""
    with unit_of_work() as uow:
        response, request = surveys.answer_survey(uow, context(uow.session, anonymous=True), data)
        return {"registration_number": request.registration_number, "answered_on": response.answered_on}


@blp.get("/survey/yearly")
@blp.arguments(schemas.SurveyYearQuery, location="query")
@blp.response(200, schemas.SurveyYear)
@blp.doc(security=[{"bearer": []}])
@calls(surveys.survey_year)
def survey_yearly(query):
    """Indeks kepuasan masyarakat setahun: rata-rata per unsur, indeks 25-100 dan mutu pelayanan A-D."""
    with reading() as uow:
        return surveys.survey_year(uow, context(uow.session), query["year"])


@blp.post("/dip/<int:entry_id>/file")
@blp.doc(**json_answer())
@blp.doc(**schemas.upload_body("file"))
@blp.doc(security=[{"bearer": []}])
@calls(public_info.attach_dip_file)
def dip_upload(entry_id):
    """Lampirkan dokumen ke entri DIP (multipart `file`: PDF, JPEG atau PNG; jenis diperiksa dari isinya)."""
    from ppid.api.messages import incoming

    _data, upload = incoming()
    with unit_of_work() as uow:
        entry = public_info.attach_dip_file(uow, context(uow.session), entry_id, upload)
        return dip_view(entry, staff=True), 200


@blp.get("/dip/<int:entry_id>/file")
@blp.doc(**schemas.ATTACHMENT_ANSWER)
def dip_download(entry_id):
    """Dokumen entri DIP: publik bila diterbitkan dan tidak dikecualikan; selalu diunduh, tidak dibuka di halaman
    kita, agar PDF berskrip atau gambar yang juga HTML tidak berjalan dari alamat kantor."""
    from chassis import filestore

    with reading() as uow:
        entry, staff = public_info.dip_document(uow, context(uow.session), entry_id)
    cache = caching.PRIVATE if staff else caching.public(300)
    return filestore.send(entry.file_sha256, entry.file_type, entry.file_name, headers=cache)
