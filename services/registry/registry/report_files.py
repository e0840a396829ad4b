"""The payment report as downloads: CSV, XLSX (openpyxl) and PDF (fpdf2), the same rows as the JSON."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from registry.documents import _pdf, _safe, rupiah

HEADERS = ["Kontrak", "Perusahaan pers", "Bulan", "Bukti diterima", "Dapat ditagih", "Jumlah (Rp)", "Dibayar (Rp)",
           "Ditahan (Rp)", "Status"]  # fmt: skip
TOTALS = (("budget", "Anggaran"), ("committed", "Terikat kontrak"), ("used", "Terpakai"), ("paid", "Dibayar"))
KEYS = ("contract", "outlet", "month", "accepted", "billable", "amount", "paid", "held", "status")


def as_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in report["rows"]:
        writer.writerow([row[k] for k in KEYS])
    writer.writerow([])
    for key, label in TOTALS:
        writer.writerow([label, report[key]])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(report: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pembayaran"
    sheet.append([f"Laporan pembayaran kemitraan media: {report.get('period') or report['period_id']}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in report["rows"]:
        sheet.append([row[k] for k in KEYS])
    for column in "FGH":
        for cell in sheet[column][3:]:
            cell.number_format = "#,##0"
    sheet.freeze_panes = "A4"
    for letter, width in zip("ABCDEFGHI", (22, 30, 9, 14, 14, 16, 16, 16, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    totals = book.create_sheet("Ringkasan")
    for key, label in TOTALS:
        totals.append([label, report[key]])
        totals.cell(totals.max_row, 2).number_format = "#,##0"
    totals.column_dimensions["A"].width = 20
    totals.column_dimensions["B"].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_pdf(report: dict, office: str) -> bytes:
    pdf = _pdf(office, f"LAPORAN PEMBAYARAN KEMITRAAN MEDIA\n{report.get('period') or report['period_id']}")
    for key, label in TOTALS:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(45, 6, _safe(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, _safe(rupiah(report[key])), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    widths = (30, 38, 15, 14, 14, 27, 27, 25)
    header = ("Kontrak", "Perusahaan pers", "Bulan", "Bukti", "Tagih", "Jumlah", "Dibayar", "Ditahan")
    pdf.set_font("Helvetica", "B", 8)
    for width, label in zip(widths, header, strict=True):
        pdf.cell(width, 6, label, border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in report["rows"]:
        cells = (row["contract"], row["outlet"], row["month"], str(row["accepted"]), str(row["billable"]),
                 rupiah(row["amount"]), rupiah(row["paid"]), rupiah(row["held"]))  # fmt: skip
        for n, (width, text) in enumerate(zip(widths, cells, strict=True)):
            text = _safe(text)
            while n < 2 and len(text) > 3 and pdf.get_string_width(text) > width - 2:
                text = text[:-2] + "~"
            pdf.cell(width, 6, text, border=1, align="R" if n >= 3 else "L")
        pdf.ln()
    if not report["rows"]:
        pdf.cell(0, 6, "Belum ada bukti tayang yang diterima.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
