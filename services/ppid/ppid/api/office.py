"""The office's own settings and views: closed days, deadline alarms, the yearly report."""

from __future__ import annotations

import click
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from chassis.openapi import file_answer
from chassis.permissions import calls
from chassis.schemas import Schema
from chassis.web import DOWNLOAD_TYPES, download, suite, unit_of_work
from ppid import letters, report_files, reporting, schemas, summary
from ppid.context import context, reading
from ppid.models import Disposition
from ppid.use_cases import calendar, reports

blp = Blueprint(
    "office", __name__, url_prefix="/api/ppid", description="Hari tutup kantor, tenggat, laporan", cli_group="ppid"
)


@blp.get("/closed-days")
@blp.response(200, schemas.ClosedDayList)
@blp.doc(security=[{"bearer": []}])
@calls(calendar.closed_days)
def closed_days():
    """Hari tutup kantor (selain libur nasional dan cuti bersama)."""
    with reading() as uow:
        return {"items": calendar.closed_days(uow, context(uow.session))}


@blp.post("/closed-days")
@blp.arguments(schemas.ClosedDayInput)
@blp.response(200, schemas.ClosedDayResult)
@blp.doc(security=[{"bearer": []}])
@calls(calendar.close_office_day)
def close_day(data):
    """Tambah hari tutup: tanpa `apply` tampilkan tenggat yang akan bergeser; dengan `apply` terapkan dan catat."""
    with unit_of_work() as uow:
        moved = calendar.close_office_day(uow, context(uow.session), data["day"], data["reason"], data["apply"])
    return {"day": data["day"], "reason": data["reason"], "applied": data["apply"], "moved": moved}


@blp.post("/closed-days/reopen")
@blp.arguments(schemas.ReopenDayInput)
@blp.response(200, schemas.ClosedDayResult)
@blp.doc(security=[{"bearer": []}])
@calls(calendar.reopen_office_day)
def reopen_day(data):
    """Batalkan hari tutup: tanpa `apply` tampilkan tenggat yang akan maju; dengan `apply` terapkan dan catat."""
    with unit_of_work() as uow:
        moved = calendar.reopen_office_day(uow, context(uow.session), data["day"], data["apply"])
    return {"day": data["day"], "reason": None, "applied": data["apply"], "moved": moved}


class CalendarChange(Schema):
    apply = fields.Boolean(load_default=False, metadata={"description": "false: tampilkan saja"})
    reason = fields.String(load_default="", validate=validate.Length(max=500))


@blp.post("/calendar/changes")
@blp.arguments(CalendarChange)
@blp.response(200, schemas.CalendarChangeResult)
@blp.doc(security=[{"bearer": []}])
@calls(calendar.calendar_changes)
def calendar_changes(data):
    """Tenggat terbuka yang berubah menurut kalender hari kerja saat ini (mis. revisi SKB cuti bersama).

    Tanpa `apply` hanya ditampilkan; dengan `apply` tenggat digeser dan dicatat di jejak audit tiap permohonan.
    """
    with unit_of_work() as uow:
        moved = calendar.calendar_changes(uow, context(uow.session), data["apply"], data["reason"])
    return {"applied": data["apply"], "moved": moved}


@blp.get("/deadlines")
@blp.arguments(schemas.DeadlineQuery, location="query")
@blp.response(200, schemas.Deadlines)
@blp.doc(security=[{"bearer": []}])
@calls(calendar.upcoming_deadlines)
def deadlines(query):
    """Permohonan dan keberatan yang jatuh tempo dalam N hari kerja, dan yang sudah lewat."""
    with reading() as uow:
        return calendar.upcoming_deadlines(uow, context(uow.session), query["within"])


class ReportQuery(schemas.ReportYear):
    opd = fields.String(validate=schemas.OPD_CODE, metadata={"description": "Kode OPD, atau ppid (tanpa disposisi)"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx", "pdf"]))


@blp.get("/reports/yearly")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, schemas.YearlyReport)
@blp.doc(
    **file_answer(
        "text/csv", DOWNLOAD_TYPES["xlsx"], "application/pdf", description="Laporan", json_schema="YearlyReport"
    )
)
@blp.doc(security=[{"bearer": []}])
@calls(reports.yearly_report)
def yearly(query):
    """Laporan layanan informasi publik per tahun (dan per OPD): JSON, CSV, XLSX atau PDF."""
    with reading() as uow:
        figures, opd = reports.yearly_report(uow, context(uow.session), query["year"], query.get("opd"))
    name = f"laporan-ppid-{query['year']}{'-' + opd if opd else ''}"
    kind = query["format"]
    if kind == "json":
        return figures
    if kind == "csv":
        body = report_files.to_csv(figures).encode("utf-8-sig")
    elif kind == "xlsx":
        body = report_files.to_xlsx(figures)
    else:
        body = report_files.to_pdf(figures, letters.Office.from_settings(suite().settings))
    return download(body, f"{name}.{kind}")


@blp.route("/reports/obstacles")
class Obstacles(MethodView):
    @blp.arguments(schemas.ReportYear, location="query")
    @blp.response(200, schemas.ObstacleList)
    @blp.doc(security=[{"bearer": []}])
    @calls(reports.obstacles)
    def get(self, query):
        """Hambatan pelayanan informasi setahun dan penyebabnya (untuk laporan tahunan, Perki 1/2021)."""
        with reading() as uow:
            return {"items": reports.obstacles(uow, context(uow.session), query["year"])}

    @blp.arguments(schemas.ObstacleInput)
    @blp.response(201, schemas.ObstacleOut)
    @blp.doc(security=[{"bearer": []}])
    @calls(reports.record_obstacle)
    def post(self, data):
        """Catat satu hambatan dan penyebabnya untuk tahun itu (petugas PPID)."""
        with unit_of_work() as uow:
            return reports.record_obstacle(uow, context(uow.session), data)


@blp.delete("/reports/obstacles/<int:obstacle_id>")
@blp.response(204)
@blp.doc(security=[{"bearer": []}])
@calls(reports.remove_obstacle)
def remove_obstacle(obstacle_id):
    """Hapus hambatan yang salah dicatat."""
    with unit_of_work() as uow:
        reports.remove_obstacle(uow, context(uow.session), obstacle_id)


@blp.cli.command("report-check")
@click.option("--year", type=int, help="Tahun laporan (bawaan: tahun ini).")
@click.option("--rebuild", is_flag=True, help="Hitung ulang ringkasan dari seluruh permohonan lebih dulu.")
def report_check(year: int | None, rebuild: bool) -> None:
    """Bandingkan laporan tahunan dari ringkasan dengan perhitungan penuh atas seluruh permohonan."""
    with suite().db.session() as session:
        if rebuild:
            summary.rebuild(session.connection())
            session.commit()
            click.echo("Ringkasan dihitung ulang dari seluruh permohonan.")
        ctx = context(session, anonymous=True)
        year = year or ctx.today().year
        opds = session.scalars(select(Disposition.opd).distinct()).all()
        differ = [
            opd or "semua"
            for opd in (None, "ppid", *sorted(opds))
            if reporting.yearly_report(session, year, ctx.calendar, opd)
            != reporting.computed_report(session, year, ctx.calendar, opd)
        ]
    if differ:
        raise click.ClickException(
            f"Ringkasan laporan {year} berbeda dari perhitungan penuh untuk: {', '.join(differ)}"
        )
    click.echo(f"Ringkasan laporan {year} sama dengan perhitungan penuh ({len(opds) + 2} cakupan).")
