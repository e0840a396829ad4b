"""The payment report as downloads: CSV, XLSX (openpyxl) and PDF, the same rows as the JSON.

Outlet names are typed by the partners themselves, so every text cell of the CSV and XLSX goes through
:func:`chassis.security.export_cell`: a brand registered as ``=HYPERLINK(...)`` reaches the officer's spreadsheet
as text, never as a formula. The PDF is a :class:`chassis.letters.Letter` under the office's one letterhead.
"""

from __future__ import annotations

import csv
import io

from chassis.formats import rupiah
from chassis.security import export_cell
from registry.documents import letterhead

HEADERS = [
    "Kontrak",
    "Perusahaan pers",
    "Bulan",
    "Bukti diterima",
    "Dapat ditagih",
    "Jumlah (Rp)",
    "Dibayar (Rp)",
    "Ditahan (Rp)",
    "Status",
]
TOTALS = (("budget", "Anggaran"), ("committed", "Terikat kontrak"), ("used", "Terpakai"), ("paid", "Dibayar"))
KEYS = ("contract", "outlet", "month", "accepted", "billable", "amount", "paid", "held", "status")


def _cells(values) -> list:
    return [export_cell(v) for v in values]


def as_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in report["rows"]:
        writer.writerow(_cells(row[k] for k in KEYS))
    writer.writerow([])
    for key, label in TOTALS:
        writer.writerow(_cells((label, report[key])))
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Pembayaran"
    sheet.append(_cells([f"Laporan pembayaran kemitraan media: {report.get('period') or report['period_id']}"]))
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in report["rows"]:
        sheet.append(_cells(row[k] for k in KEYS))
    for column in "FGH":
        for cell in sheet[column][3:]:
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A4"
    for letter, width in zip("ABCDEFGHI", (22, 30, 9, 14, 14, 16, 16, 16, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    totals = book.create_sheet("Ringkasan")
    for key, label in TOTALS:
        totals.append(_cells((label, report[key])))
        totals.cell(totals.max_row, 2).number_format = "#,##0"
    totals.column_dimensions["A"].width = 20
    totals.column_dimensions["B"].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_pdf(report: dict, office: object) -> bytes:
    """``office``: the service's settings (full letterhead) or the office's name."""
    period = report.get("period") or report["period_id"]
    from chassis.letters import Letter  # fpdf2: loaded by the requests that print a report

    pdf = Letter(letterhead(office), f"Laporan Pembayaran Kemitraan Media {period}", margins=(10, 12, 10))
    pdf.title_block("LAPORAN PEMBAYARAN KEMITRAAN MEDIA", str(period))
    pdf.fields([(label, rupiah(report[key])) for key, label in TOTALS], border=False)
    header = ("Kontrak", "Perusahaan pers", "Bulan", "Bukti", "Tagih", "Jumlah", "Dibayar", "Ditahan")
    rows = [
        (
            r["contract"],
            r["outlet"],
            r["month"],
            r["accepted"],
            r["billable"],
            *map(rupiah, (r["amount"], r["paid"], r["held"])),
        )
        for r in report["rows"]
    ]
    if rows:
        pdf.table(header, rows, [30, 40, 15, 14, 14, 27, 25, 25], numeric_from=3)
    else:
        pdf.paragraph("Belum ada bukti tayang yang diterima.", align="L", size=10)
    return pdf.to_bytes()
