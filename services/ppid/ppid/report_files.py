"""Exports of the yearly public information service report: CSV, XLSX and PDF.

All take the dict returned by :func:`ppid.domain.report.yearly_report`.
The CSV uses ``;`` as separator and ``,`` as decimal mark, as Indonesian
Excel expects; the XLSX keeps numbers as numbers; the PDF is a
:class:`chassis.letters.Letter` under the same letterhead and font as the
PPID's letters, so names and obstacles print as typed. Text cells of the CSV
and XLSX go through :func:`chassis.security.export_cell`: an OPD code or an
obstacle starting with ``=`` stays text in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from chassis.formats import month_names
from chassis.letters import Letterhead
from chassis.security import export_cell
from ppid.domain.report import DECISION_LABELS, DECISIONS, GROUND_LABELS, GROUNDS, PPID, PPID_LABEL
from ppid.letters import Office

OPD_HEADER = (
    "OPD",
    "Permohonan",
    *(DECISION_LABELS[d] for d in DECISIONS),
    "Rata-rata hari kerja",
)


def title(report: dict[str, Any]) -> str:
    return f"Laporan Layanan Informasi Publik Tahun {report['year']}"


def opd_label(code: str, name: str | None = None) -> str:
    """An OPD as a reader knows it: its name from the office's list, else its code."""
    return PPID_LABEL if code == PPID else name or code


def summary_rows(report: dict[str, Any]) -> list[tuple[str, int | float | None]]:
    """(indicator, value) rows of the summary section, in reading order."""
    days = report["days_to_decide"]
    objections = report["objections"]
    return [
        ("Jumlah permohonan", report["requests"]),
        ("Permohonan sudah diputus", report["decided"]),
        ("Permohonan belum diputus", report["pending"]),
        *((DECISION_LABELS[d], report[d]) for d in DECISIONS),
        ("Jangka waktu diperpanjang", report["extended"]),
        ("Ditutup sebagai duplikat (tidak termasuk jumlah permohonan)", report["duplicates"]),
        ("Rata-rata hari kerja sampai keputusan", days["average"]),
        ("Median hari kerja sampai keputusan", days["median"]),
        ("Paling lama (hari kerja)", days["max"]),
        ("Keberatan diajukan", objections["filed"]),
        ("Keberatan dikabulkan", objections["upheld"]),
        ("Keberatan dikabulkan sebagian", objections["partly_upheld"]),
        ("Keberatan ditolak", objections["rejected"]),
        ("Keberatan dicabut", objections["withdrawn"]),
        ("Keberatan belum diputus", objections["pending"]),
        ("Sengketa informasi ke Komisi Informasi", report["disputes"]),
    ]


def ground_rows(report: dict[str, Any]) -> list[tuple[str, int]]:
    return [(f"Pasal 17 huruf {g}: {GROUND_LABELS[g]}", report["refused_by_ground"][g]) for g in GROUNDS]


def opd_rows(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (opd_label(o["opd"], o.get("opd_name")), o["requests"], *(o[d] for d in DECISIONS), o["average_days"])
        for o in report["per_opd"]
    ]


def _csv_value(value: int | float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return export_cell(str(value)) if isinstance(value, str) else str(value)


def to_csv(report: dict[str, Any]) -> str:
    """Semicolon-separated sections: ringkasan, alasan penolakan, per OPD, per bulan."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def section(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        writer.writerow(header)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        writer.writerow(())

    scope = opd_label(report["opd"], report.get("opd_name")) if report["opd"] else "Semua"
    section(
        ("Indikator", "Jumlah"),
        [("Tahun", str(report["year"])), ("OPD", scope), *summary_rows(report)],
    )
    section(("Alasan penolakan (Pasal 17 UU 14/2008)", "Jumlah"), ground_rows(report))
    section(OPD_HEADER, opd_rows(report))
    section(("Bulan", "Permohonan"), list(zip(month_names(), report["per_month"], strict=True)))
    if report.get("survey"):
        section(("Survei kepuasan (PermenPANRB 14/2017)", "Nilai"), survey_rows(report["survey"]))
    if report.get("obstacles"):
        section(OBSTACLE_HEADER, obstacle_rows(report))
    return buffer.getvalue()


OBSTACLE_HEADER = ("Hambatan pelayanan informasi", "Penyebab")


def obstacle_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The year's obstacles (hambatan) and their causes, as Perki 1/2021 asks the yearly report to state."""
    return [(o["obstacle"], o["cause"]) for o in report.get("obstacles") or []]


def survey_rows(survey: dict[str, Any]) -> list[tuple[str, Any]]:
    rows = [("Responden", survey["responses"])]
    rows += [(f"Rata-rata: {e['label']}", e["mean"]) for e in survey["elements"].values()]
    rows += [("Indeks kepuasan (25-100)", survey["index"]), ("Mutu pelayanan", survey["band_label"] or "-")]
    return rows


def to_xlsx(report: dict[str, Any]) -> bytes:
    """Workbook with sheets Ringkasan, Per OPD and Per Bulan (and Survei, Hambatan when the year has them)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()

    def put(sheet, values) -> None:
        sheet.append([export_cell(v) for v in values])

    def header(sheet, values: tuple[str, ...]) -> None:
        put(sheet, values)
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    summary = workbook.active
    summary.title = "Ringkasan"
    put(summary, (title(report),))
    summary["A1"].font = Font(bold=True, size=13)
    put(summary, ("OPD", opd_label(report["opd"], report.get("opd_name")) if report["opd"] else "Semua"))
    summary.append(())
    header(summary, ("Indikator", "Jumlah"))
    for row in summary_rows(report):
        put(summary, row)
    summary.append(())
    header(summary, ("Alasan penolakan (Pasal 17 UU 14/2008)", "Jumlah"))
    for row in ground_rows(report):
        put(summary, row)
    summary.column_dimensions["A"].width = 60
    summary.column_dimensions["B"].width = 12

    per_opd = workbook.create_sheet("Per OPD")
    header(per_opd, OPD_HEADER)
    for row in opd_rows(report):
        put(per_opd, row)
    per_opd.column_dimensions["A"].width = 28
    for column in "BCDEFGH":
        per_opd.column_dimensions[column].width = 16

    per_month = workbook.create_sheet("Per Bulan")
    header(per_month, ("Bulan", "Permohonan"))
    for row in zip(month_names(), report["per_month"], strict=True):
        put(per_month, row)
    put(per_month, ("Jumlah", sum(report["per_month"])))
    per_month[per_month.max_row][0].font = bold
    per_month.column_dimensions["A"].width = 14

    if report.get("survey"):
        sheet = workbook.create_sheet("Survei")
        header(sheet, ("Unsur", "Nilai"))
        for row in survey_rows(report["survey"]):
            put(sheet, row)
        sheet.column_dimensions["A"].width = 60

    if report.get("obstacles"):
        sheet = workbook.create_sheet("Hambatan")
        header(sheet, OBSTACLE_HEADER)
        for row in obstacle_rows(report):
            put(sheet, row)
        sheet.column_dimensions["A"].width = 60
        sheet.column_dimensions["B"].width = 60

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(report: dict[str, Any], office: Office | Letterhead | str) -> bytes:
    """A compact table report (one or two A4 pages) in Indonesian, under the office's letterhead.

    ``office`` is best :meth:`ppid.letters.Office.from_settings`; a bare office name still gives a letterhead.
    """
    if isinstance(office, str):
        office = Office(name=office)
    letterhead = office.letterhead if isinstance(office, Office) else office
    from chassis.letters import Letter  # fpdf2: loaded by the requests that print a report

    pdf = Letter(letterhead, title(report), margins=(15, 12, 15), footer_text=title(report))
    width = pdf.epw

    scope = f"OPD: {opd_label(report['opd'], report.get('opd_name'))}" if report["opd"] else "Seluruh OPD"
    pdf.title_block(
        title(report).upper(),
        f"Badan publik: {letterhead.name}\n{scope} - UU 14/2008 tentang Keterbukaan Informasi Publik dan Perki 1/2021",
    )

    def heading(text: str) -> None:
        pdf.paragraph(text, style="B", size=9, align="L")

    def table(headers: tuple[str, ...], rows: list[tuple[Any, ...]], widths: list[float]) -> None:
        pdf.table(headers, [tuple(_csv_value(v) for v in row) for row in rows], widths)

    heading("Ringkasan")
    table(("Indikator", "Jumlah"), summary_rows(report), [width * 0.85, width * 0.15])

    heading("Alasan penolakan (Pasal 17 UU 14/2008)")
    table(("Alasan", "Jumlah"), ground_rows(report), [width * 0.85, width * 0.15])

    heading("Permohonan per bulan")
    months = month_names("abbreviated")
    month_width = (width - 22) / 12
    table(("Bulan", *months), [("Permohonan", *report["per_month"])], [22] + [month_width] * 12)

    heading("Permohonan per OPD")
    first = width * 0.28
    rest = (width - first) / (len(OPD_HEADER) - 1)
    table(OPD_HEADER, opd_rows(report), [first] + [rest] * (len(OPD_HEADER) - 1))

    if report.get("obstacles"):
        heading("Hambatan pelayanan informasi dan penyebabnya (Perki 1/2021)")
        pdf.fields(obstacle_rows(report), size=8.5)
    return pdf.to_bytes()
