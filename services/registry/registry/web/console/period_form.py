"""The period form's parser: the tiers' rows, the requirements ticked, and the scoring criteria typed into blocks of
rows, read into the API's body (``PeriodIn``) with every error put back next to the field it is about."""

from __future__ import annotations

import dataclasses
import re

from flask import request

from chassis import formats

TIER_ROWS = 4
CRITERION_BLOCKS, CRITERION_ROWS = 3, 3  # blank criterion blocks, and option/band rows per block, shown at first
MORE_BLOCKS, MORE_ROWS, MOST_ROWS = 1, 2, 30  # what "Tambah baris" adds; at most this many blocks or rows
CRITERION_FIELDS = ("code", "label", "media_type", "max_points", "unit")
ROW_FIELDS = {"options": ("code", "label", "points"), "bands": ("min", "points", "label")}
KIND_LABELS = {"options": "pilihan tetap", "bands": "rentang angka"}


@dataclasses.dataclass(frozen=True)
class CriteriaRows:
    """The scoring criteria typed into the period form's blocks, as the API's ``criteria``.

    Blank blocks and blank rows are left out, so the n-th criterion (and its m-th option or band) is not always the
    n-th block (row) of the form: ``where`` keeps, per criterion, its block and the row of each option or band, to put
    every error back next to the field it is about. ``problems``: rows typed under the kind the block did not choose.
    """

    criteria: list[dict]
    where: list[tuple[int, list[int]]]
    problems: list[dict]

    @classmethod
    def read(cls, form, blocks: int, rows: int) -> CriteriaRows:
        criteria, where, problems = [], [], []
        for n in range(blocks):
            head = {k: form.get(f"criterion-{n}-{k}", "").strip() for k in CRITERION_FIELDS}
            filled = {kind: [] for kind in ROW_FIELDS}
            for kind, keys in ROW_FIELDS.items():
                for m in range(rows):
                    row = {k: form.get(f"criterion-{n}-{kind}-{m}-{k}", "").strip() for k in keys}
                    if any(row.values()):
                        filled[kind].append((m, {k: v for k, v in row.items() if v}))
            if not any(head.values()) and not any(filled.values()):
                continue
            kind = "bands" if form.get(f"criterion-{n}-kind") == "bands" else "options"
            other = "options" if kind == "bands" else "bands"
            if filled[other]:
                message = (
                    f"Jenis kriteria ini {KIND_LABELS[kind]}: kosongkan baris {KIND_LABELS[other]}, "
                    f"atau ganti jenisnya."
                )
                problems.append({"field": f"criteria.{len(criteria)}.kind", "message": message})
            criteria.append({**{k: v for k, v in head.items() if v}, kind: [row for _, row in filled[kind]]})
            where.append((n, [m for m, _ in filled[kind]]))
        return cls(criteria, where, problems)

    def at_rows(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """``errors`` named after the form's blocks and rows (``criteria.2.bands.1.points``), not the list's."""
        moved: dict[str, list[str]] = {}
        for name, messages in errors.items():
            found = re.fullmatch(r"criteria\.(\d+)(?:\.(options|bands)\.(\d+))?(\..+)?", name)
            if found and int(found[1]) < len(self.where):
                block, rows = self.where[int(found[1])]
                name = f"criteria.{block}"
                if found[2]:
                    m = int(found[3])
                    name += f".{found[2]}.{rows[m] if m < len(rows) else m}"
                name += found[4] or ""
            moved.setdefault(name, []).extend(messages)
        return moved


def criteria_size(form) -> tuple[int, int]:
    """How many criterion blocks and rows per block the posted form had (never fewer than at first)."""
    sizes = []
    for name, least in (("criterion_blocks", CRITERION_BLOCKS), ("criterion_rows", CRITERION_ROWS)):
        posted = form.get(name, "")
        sizes.append(min(max(int(posted) if posted.isdigit() else least, least), MOST_ROWS))
    return sizes[0], sizes[1]


def period_form(criteria: CriteriaRows, timezone) -> dict:
    """The period form as the API's body: catalogue documents ticked, tier rows filled, criteria from their blocks."""
    form = request.form
    data = {
        k: form[k].strip() for k in ("name", "fiscal_year", "kind", "budget", "appeal_days") if form.get(k, "").strip()
    }
    data.update({k: v for k in ("opens_at", "closes_at") if (v := formats.parse_local_datetime(form.get(k), timezone))})
    data["rules"] = {
        "require_dewan_pers": "require_dewan_pers" in form,
        "require_ukw_utama_for_chief": "require_ukw_utama_for_chief" in form,
    }
    data["requirements"] = [
        {"code": code, "required": f"opsional-{code}" not in form} for code in form.getlist("requirements")
    ]
    tiers = []
    for n in range(TIER_ROWS):
        row = {
            k: form.get(f"tier-{k}-{n}", "").strip() for k in ("code", "label", "rate", "quota", "seats", "min_score")
        }
        if any(row[k] for k in ("code", "label", "rate")):
            tiers.append({k: v for k, v in row.items() if v})
    data["tiers"] = tiers
    data["criteria"] = criteria.criteria
    return data
