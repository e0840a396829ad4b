"""The public information list (DIP, Daftar Informasi Publik; Pasal 9-11 and 17 UU 14/2008, Perki 1/2021).

Every public body lists the information it holds, by category. Exempt
information is listed too, with its Pasal 17 grounds and the outcome of the
consequence test, but what it contains is not shown.
"""

from __future__ import annotations

import enum

from ppid.domain.workflow import EXEMPTIONS


class Category(enum.StrEnum):
    PERIODIC = "berkala"  # Pasal 9
    IMMEDIATE = "serta_merta"  # Pasal 10
    ANY_TIME = "setiap_saat"  # Pasal 11
    EXEMPT = "dikecualikan"  # Pasal 17


CATEGORY_LABELS = {
    Category.PERIODIC: "Informasi berkala (Pasal 9)",
    Category.IMMEDIATE: "Informasi serta merta (Pasal 10)",
    Category.ANY_TIME: "Informasi tersedia setiap saat (Pasal 11)",
    Category.EXEMPT: "Informasi yang dikecualikan (Pasal 17)",
}


class Form(enum.StrEnum):
    SOFT_COPY = "soft_copy"
    HARD_COPY = "hard_copy"
    BOTH = "both"


FORM_LABELS = {Form.SOFT_COPY: "Softcopy", Form.HARD_COPY: "Hardcopy", Form.BOTH: "Softcopy dan hardcopy"}

# What the public sees of an exempt entry: that it exists, who holds it, and why it is closed.
EXEMPT_VISIBLE = frozenset(
    {"id", "title", "category", "category_label", "opd", "exemption_grounds", "exemption_reason"}
)


def entry_problem(entry: dict) -> tuple[str, str] | None:
    """The first rule ``entry`` breaks, as (field, message), or None.

    Exempt entries need Pasal 17 grounds and the consequence test (Pasal 19); other entries may have neither.
    Every entry says when it was made: a date or a period.
    """
    exempt = entry.get("category") == Category.EXEMPT
    grounds = entry.get("exemption_grounds") or []
    if unknown := sorted(set(grounds) - set(EXEMPTIONS)):
        return "exemption_grounds", f"Alasan pengecualian Pasal 17 huruf a-j; tidak dikenal: {', '.join(unknown)}."
    if exempt and not grounds:
        return "exemption_grounds", "Informasi yang dikecualikan wajib menyebut alasan Pasal 17 (huruf a-j)."
    if exempt and not (entry.get("exemption_reason") or "").strip():
        return "exemption_reason", "Informasi yang dikecualikan wajib disertai ringkasan uji konsekuensi (Pasal 19)."
    if not exempt and grounds:
        return "exemption_grounds", "Alasan pengecualian hanya untuk informasi yang dikecualikan."
    if not exempt and entry.get("exemption_reason"):
        return "exemption_reason", "Alasan pengecualian hanya untuk informasi yang dikecualikan."
    if not entry.get("made_on") and not (entry.get("period") or "").strip():
        return "made_on", "Isi tanggal pembuatan atau periodenya (mis. 'Setiap tahun')."
    return None


def visible_fields(category: str, fields: set[str]) -> set[str]:
    """The fields of an entry the public may see."""
    return fields & EXEMPT_VISIBLE if category == Category.EXEMPT else fields
