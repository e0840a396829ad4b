"""The decree's attachment and the contract summary as PDF files (fpdf2, core font)."""

from __future__ import annotations

from fpdf import FPDF

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")  # fmt: skip


def tanggal(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def rupiah(value: int) -> str:
    return f"Rp {value:,}".replace(",", ".")


def _safe(text) -> str:
    return str(text or "").encode("latin-1", "replace").decode("latin-1")


def _pdf(office: str, title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, _safe(office.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, _safe(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    return pdf


def decree_attachment(office: str, decree, period, rows: list[dict]) -> bytes:
    """``rows``: [{"outlet", "legal_name", "media_type", "journalists": [(name, role, ukw)]}]."""
    pdf = _pdf(office, f"LAMPIRAN KEPUTUSAN NOMOR {decree.number}\n{period.title}")
    pdf.multi_cell(0, 5, _safe(f"Tanggal {tanggal(decree.signed_on)}. Perusahaan pers yang ditetapkan sebagai mitra:"),
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    for n, row in enumerate(rows, start=1):
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 5, _safe(f"{n}. {row['outlet']} ({row['legal_name']}), {row['media_type']}"),
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.set_font("Helvetica", "", 10)
        for name, role, ukw in row["journalists"]:
            pdf.multi_cell(0, 5, _safe(f"    - {name}, {role}, UKW: {ukw}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 5, _safe(f"Ditetapkan oleh {decree.signer}"), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def contract_summary(office: str, contract, outlet, period) -> bytes:
    pdf = _pdf(office, f"RINGKASAN KONTRAK KEMITRAAN MEDIA\nNomor {contract.number}")
    for label, value in (
        ("Perusahaan pers", f"{outlet.name} ({outlet.legal_name})"),
        ("Masa", period.title),
        ("Berlaku", f"{tanggal(contract.starts_on)} s.d. {tanggal(contract.ends_on)}"),
        ("Nilai kontrak", rupiah(contract.value)),
        ("Kuota publikasi", str(contract.quota)),
        ("Tarif per publikasi", rupiah(contract.rate)),
        ("Status", contract.status),
    ):
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(50, 6, _safe(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, _safe(value), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
