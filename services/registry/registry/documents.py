"""The decree's attachment, the contract summary and a partner's copy of its personal data as PDF letters.

Each is a :class:`chassis.letters.Letter`, so it carries the same letterhead and embedded Unicode font
as every other letter of the office: an outlet called “Suara Bolmong — Online” or a journalist named Ñoño prints
as typed. ``office`` is best the service's settings (the letterhead then has the region, address and city); a
bare office name still gives a letterhead with the name alone.
"""

from __future__ import annotations

from chassis.formats import date_id, rupiah
from chassis.letters import Letterhead, Signer

__all__ = ["contract_summary", "decree_attachment", "letterhead", "privacy_copy"]


def letterhead(office: object) -> Letterhead:
    """The office's one letterhead, from the settings, a ready letterhead, or just the office's name."""
    if isinstance(office, Letterhead):
        return office
    if isinstance(office, str):
        return Letterhead(name=office)
    return Letterhead.from_settings(office)


def decree_signer(office: object, decree) -> Signer:
    """Who signed the decree: the head of office from ``DECREE_SIGNER_*`` when set, else the name on the decree."""
    name = str(getattr(office, "decree_signer_name", "") or "")
    if name.strip():
        return Signer(
            name=name,
            nip=str(getattr(office, "decree_signer_nip", "") or ""),
            position=str(getattr(office, "decree_signer_position", "") or ""),
        )
    return Signer(name=decree.signer or "")


def decree_attachment(office: object, decree, period, rows: list[dict]) -> bytes:
    """``rows``: [{"outlet", "legal_name", "media_type", "journalists": [(name, role, ukw)]}]."""
    head = letterhead(office)
    from chassis.letters import Letter  # fpdf2: loaded by the requests that print a letter

    pdf = Letter(head, f"Lampiran Keputusan Nomor {decree.number}")
    pdf.title_block(f"LAMPIRAN KEPUTUSAN NOMOR {decree.number}", str(period.title))
    pdf.paragraph(
        f"Tanggal {date_id(decree.signed_on)}. Perusahaan pers yang ditetapkan sebagai mitra:", align="L", size=10
    )
    pdf.ln(2)
    for n, row in enumerate(rows, start=1):
        heading = f"{n}. {row['outlet']} ({row['legal_name']}), {row['media_type']}"
        pdf.paragraph(heading, style="B", align="L", size=10)
        pdf.items(((" -", f"{name}, {role}, UKW: {ukw or '-'}") for name, role, ukw in row["journalists"]), size=10)
    if not rows:
        pdf.paragraph("Tidak ada perusahaan pers dalam keputusan ini.", align="L", size=10)
    placed = f"Ditetapkan di {head.city}\n" if head.city.strip() else ""
    pdf.signature(f"{placed}pada tanggal {date_id(decree.signed_on)}", decree_signer(office, decree))
    return pdf.to_bytes()


def contract_summary(office: object, contract, outlet, period) -> bytes:
    from chassis.letters import Letter

    pdf = Letter(letterhead(office), f"Ringkasan Kontrak {contract.number}")
    pdf.title_block("RINGKASAN KONTRAK KEMITRAAN MEDIA", f"Nomor {contract.number}")
    pdf.fields(
        [
            ("Perusahaan pers", f"{outlet.name} ({outlet.legal_name})"),
            ("Masa", period.title),
            ("Berlaku", f"{date_id(contract.starts_on)} s.d. {date_id(contract.ends_on)}"),
            ("Nilai kontrak", rupiah(contract.value)),
            ("Kuota publikasi", str(contract.quota)),
            ("Tarif per publikasi", rupiah(contract.rate)),
            ("Status", contract.status),
        ]
    )
    return pdf.to_bytes()


def privacy_copy(office: object, copy: dict) -> bytes:
    """The copy a partner asked for (``registry.use_cases.privacy.copy_of``) as a letter: the same data as the JSON."""
    from chassis.letters import Letter

    pdf = Letter(letterhead(office), f"Salinan data pribadi {copy['number']}")
    pdf.title_block("SALINAN DATA PRIBADI", f"Permintaan {copy['number']} (UU 27/2022)")
    outlet = copy["outlet"]
    labels = (
        ("name", "Nama media"),
        ("legal_name", "Badan hukum"),
        ("address", "Alamat"),
        ("city", "Kota"),
        ("email", "Email"),
        ("phone", "Telepon"),
    )
    pdf.fields([(label, str(outlet.get(key) or "-")) for key, label in labels])
    pdf.paragraph("Akun pengelola: " + ", ".join(a for a in copy["accounts"] if a), align="L", size=10)
    pdf.paragraph("Wartawan:", style="B", align="L", size=10)
    rows = (
        (
            " -",
            f"{j['name']}, NIK {j['nik']}, {j['role']}, UKW {j['ukw_level']}"
            f"{', keluar ' + date_id(j['left_on']) if j['left_on'] else ''}",
        )
        for j in copy["journalists"]
    )
    pdf.items(rows, size=10)
    return pdf.to_bytes()
