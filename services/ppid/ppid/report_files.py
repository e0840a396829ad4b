"""Exports of the yearly public information service report: CSV, XLSX and PDF.

All take the dict returned by :func:`ppid.domain.report.yearly_report`.
The CSV uses ``;`` as separator and ``,`` as decimal mark, as Indonesian
Excel expects; the XLSX keeps numbers as numbers; the PDF uses the core
Helvetica font, so its text is reduced to latin-1.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from ppid.domain.report import DECISION_LABELS, DECISIONS, GROUND_LABELS, GROUNDS, PPID
from ppid.letters import MONTHS, latin1

OPD_HEADER = (
    "OPD",
    "Permohonan",
    *(DECISION_LABELS[d] for d in DECISIONS),
    "Rata-rata hari kerja",
)


def title(report: dict[str, Any]) -> str:
    return f"Laporan Layanan Informasi Publik Tahun {report['year']}"


def opd_label(code: str) -> str:
    return "PPID (tanpa disposisi)" if code == PPID else code


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
        (opd_label(o["opd"]), o["requests"], *(o[d] for d in DECISIONS), o["average_days"]) for o in report["per_opd"]
    ]


def _csv_value(value: int | float | str | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def to_csv(report: dict[str, Any]) -> str:
    """Semicolon-separated sections: ringkasan, alasan penolakan, per OPD, per bulan."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def section(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        writer.writerow(header)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        writer.writerow(())

    scope = opd_label(report["opd"]) if report["opd"] else "Semua"
    section(
        ("Indikator", "Jumlah"),
        [("Tahun", str(report["year"])), ("OPD", scope), *summary_rows(report)],
    )
    section(("Alasan penolakan (Pasal 17 UU 14/2008)", "Jumlah"), ground_rows(report))
    section(OPD_HEADER, opd_rows(report))
    section(("Bulan", "Permohonan"), list(zip(MONTHS, report["per_month"], strict=True)))
    if report.get("survey"):
        section(("Survei kepuasan (PermenPANRB 14/2017)", "Nilai"), survey_rows(report["survey"]))
    return buffer.getvalue()


def survey_rows(survey: dict[str, Any]) -> list[tuple[str, Any]]:
    rows = [("Responden", survey["responses"])]
    rows += [(f"Rata-rata: {e['label']}", e["mean"]) for e in survey["elements"].values()]
    rows += [("Indeks kepuasan (25-100)", survey["index"]), ("Mutu pelayanan", survey["band_label"] or "-")]
    return rows


def to_xlsx(report: dict[str, Any]) -> bytes:
    """Workbook with sheets Ringkasan, Per OPD and Per Bulan."""
    bold = Font(bold=True)
    workbook = Workbook()

    def header(sheet, values: tuple[str, ...]) -> None:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.font = bold

    summary = workbook.active
    summary.title = "Ringkasan"
    summary.append((title(report),))
    summary["A1"].font = Font(bold=True, size=13)
    summary.append(("OPD", opd_label(report["opd"]) if report["opd"] else "Semua"))
    summary.append(())
    header(summary, ("Indikator", "Jumlah"))
    for row in summary_rows(report):
        summary.append(row)
    summary.append(())
    header(summary, ("Alasan penolakan (Pasal 17 UU 14/2008)", "Jumlah"))
    for row in ground_rows(report):
        summary.append(row)
    summary.column_dimensions["A"].width = 60
    summary.column_dimensions["B"].width = 12

    per_opd = workbook.create_sheet("Per OPD")
    header(per_opd, OPD_HEADER)
    for row in opd_rows(report):
        per_opd.append(row)
    per_opd.column_dimensions["A"].width = 28
    for column in "BCDEFGH":
        per_opd.column_dimensions[column].width = 16

    per_month = workbook.create_sheet("Per Bulan")
    header(per_month, ("Bulan", "Permohonan"))
    for row in zip(MONTHS, report["per_month"], strict=True):
        per_month.append(row)
    per_month.append(("Jumlah", sum(report["per_month"])))
    per_month[per_month.max_row][0].font = bold
    per_month.column_dimensions["A"].width = 14

    if report.get("survey"):
        sheet = workbook.create_sheet("Survei")
        header(sheet, ("Unsur", "Nilai"))
        for row in survey_rows(report["survey"]):
            sheet.append(row)
        sheet.column_dimensions["A"].width = 60

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pdf_value(value: int | float | str | None) -> str:
    return latin1(_csv_value(value))


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, latin1(f"{self.footer_text} - halaman {self.page_no()}"), align="R")


def to_pdf(report: dict[str, Any], office_name: str) -> bytes:
    """A compact table report (one or two A4 pages) in Indonesian."""
    pdf = _ReportPDF(orientation="P", unit="mm", format="A4")
    pdf.footer_text = title(report)
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw
    line = 4.5

    pdf.set_font("Helvetica", style="B", size=13)
    pdf.multi_cell(width, 7, latin1(title(report)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(width, 5, latin1(office_name), align="C", new_x="LMARGIN", new_y="NEXT")
    scope = f"OPD: {opd_label(report['opd'])}" if report["opd"] else "Seluruh OPD"
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(
        width,
        4,
        latin1(f"{scope} - UU 14/2008 tentang Keterbukaan Informasi Publik dan Perki 1/2021"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)

    def heading(text: str) -> None:
        pdf.set_font("Helvetica", style="B", size=9)
        pdf.cell(width, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def table_header(headers: tuple[str, ...], widths: list[float]) -> None:
        pdf.set_font("Helvetica", style="B", size=7)
        pdf.set_fill_color(225, 225, 225)
        lines = max(
            len(pdf.multi_cell(w, 3.5, latin1(h), dry_run=True, output="LINES"))
            for h, w in zip(headers, widths, strict=True)
        )
        height = max(5.0, lines * 3.5)
        y = pdf.get_y()
        x = pdf.l_margin
        for text, w in zip(headers, widths, strict=True):
            pdf.rect(x, y, w, height, style="DF")
            pdf.set_xy(x, y)
            pdf.multi_cell(w, height if lines == 1 else 3.5, latin1(text), align="C")
            x += w
        pdf.set_xy(pdf.l_margin, y + height)
        pdf.set_font("Helvetica", size=8)

    def table(headers: tuple[str, ...], rows: list[tuple[Any, ...]], widths: list[float]) -> None:
        if pdf.will_page_break(12 + line * min(len(rows), 2)):
            pdf.add_page()
        table_header(headers, widths)
        for row in rows:
            if pdf.will_page_break(line):
                pdf.add_page()
                table_header(headers, widths)
            for index, (value, w) in enumerate(zip(row, widths, strict=True)):
                text = _pdf_value(value)
                if index == 0:
                    while pdf.get_string_width(text) > w - 2 and len(text) > 4:
                        text = text[:-4] + "..."
                pdf.cell(w, line, text, border=1, align="L" if index == 0 else "R")
            pdf.ln(line)
        pdf.ln(2)

    heading("Ringkasan")
    table(("Indikator", "Jumlah"), summary_rows(report), [width * 0.85, width * 0.15])

    heading("Alasan penolakan (Pasal 17 UU 14/2008)")
    table(("Alasan", "Jumlah"), ground_rows(report), [width * 0.85, width * 0.15])

    heading("Permohonan per bulan")
    months = [m[:3] for m in MONTHS]
    month_width = (width - 22) / 12
    table(("Bulan", *months), [("Permohonan", *report["per_month"])], [22] + [month_width] * 12)

    heading("Permohonan per OPD")
    first = width * 0.28
    rest = (width - first) / (len(OPD_HEADER) - 1)
    table(OPD_HEADER, opd_rows(report), [first] + [rest] * (len(OPD_HEADER) - 1))

    return bytes(pdf.output())
