"""Yearly public information service report (laporan layanan informasi publik).

UU 14/2008 and Perki 1/2021 require every public body to publish a yearly
report on how it served information requests: how many were received, how
they were decided, on which Pasal 17 grounds information was refused, how
long decisions took, and how many objections (keberatan) and disputes
(sengketa informasi) followed.

This module is pure: it takes plain dicts (one per request received in the
year) and returns a JSON-serialisable dict. It makes a single pass over the
rows, so it can be fed a streaming query over a million requests; the only
per-row values it keeps are the working-day counts needed for the median.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

PPID = "ppid"
PPID_LABEL = "PPID (tanpa disposisi)"
"""Pseudo-OPD code for requests handled by the PPID itself (no disposition)."""

DECISIONS = ("granted", "partly_granted", "refused", "not_held", "not_documented")

DECISION_LABELS = {
    "granted": "Diterima seluruhnya",
    "partly_granted": "Diterima sebagian",
    "refused": "Ditolak",
    "not_held": "Tidak dikuasai",
    "not_documented": "Belum didokumentasikan",
}

GROUNDS = tuple("abcdefghij")

GROUND_LABELS = {
    "a": "Penegakan hukum",
    "b": "Hak kekayaan intelektual dan persaingan usaha",
    "c": "Pertahanan dan keamanan negara",
    "d": "Kekayaan alam Indonesia",
    "e": "Ketahanan ekonomi nasional",
    "f": "Hubungan luar negeri",
    "g": "Akta otentik/wasiat",
    "h": "Rahasia pribadi",
    "i": "Memorandum antar/intra badan publik",
    "j": "Dikecualikan undang-undang",
}
"""Short labels of the exemption grounds of Pasal 17 huruf a-j UU 14/2008."""

OBJECTION_OUTCOMES = ("upheld", "partly_upheld", "rejected", "withdrawn")

DUPLICATE = "duplicate"
"""A request closed as a duplicate of an earlier one: counted apart (``duplicates``), not in the requests received,
their decisions or the days taken, so one information asked twice is one request in the report."""

DISPUTE_OUTCOMES = ("mediation_reached", "mediation_failed", "granted", "partly_granted", "refused")
"""What the Komisi Informasi decided; a dispute with none of these yet is ``pending``."""

_REFUSING = frozenset({"refused", "partly_granted"})


def average(total: int, count: int) -> float | None:
    return round(total / count, 1) if count else None


def yearly_report(year: int, rows: Iterable[dict[str, Any]], opd: str | None = None) -> dict[str, Any]:
    """Compute the yearly report for ``year`` over ``rows``.

    ``rows`` are the requests received in ``year`` (rows received in another
    year are skipped). When ``opd`` is given only requests disposed to that
    OPD are counted (``"ppid"`` selects requests without a disposition) and
    ``per_opd`` holds that OPD only. A request disposed to several OPDs
    counts once in the totals and once for each of its OPDs in ``per_opd``.
    """
    decisions = dict.fromkeys(DECISIONS, 0)
    grounds = dict.fromkeys(GROUNDS, 0)
    objections = dict.fromkeys(OBJECTION_OUTCOMES, 0)
    dispute_outcomes = dict.fromkeys((*DISPUTE_OUTCOMES, "pending"), 0)
    per_month = [0] * 12
    # opd -> [requests, granted, partly_granted, refused, not_held, not_documented, days_total, days_count]
    per_opd: dict[str, list[int]] = {}
    decision_index = {d: i + 1 for i, d in enumerate(DECISIONS)}
    days: list[int] = []
    requests = pending = extended = objections_filed = objections_pending = disputes = duplicates = 0

    for row in rows:
        received_on = row["received_on"]
        if received_on.year != year:
            continue
        opds = row.get("opds") or ()
        if opd is not None:
            if opd == PPID:
                if opds:
                    continue
            elif opd not in opds:
                continue

        duplicate = bool(row.get("duplicate_of"))
        decision = None if duplicate else row.get("decision")
        if duplicate:
            duplicates += 1
        else:
            requests += 1
            per_month[received_on.month - 1] += 1
            pending += decision is None

        if decision is None:
            pass
        elif decision in decisions:
            decisions[decision] += 1
            if decision in _REFUSING:
                row_grounds = row.get("refusal_grounds") or ()
                for ground in set(row_grounds) if len(row_grounds) > 1 else row_grounds:
                    if ground not in grounds:
                        raise ValueError(f"{row.get('registration_number')}: unknown refusal ground {ground!r}")
                    grounds[ground] += 1
        else:
            raise ValueError(f"{row.get('registration_number')}: unknown decision {decision!r}")

        if row.get("extended") and not duplicate:
            extended += 1

        working_days = None if duplicate else row.get("working_days_to_decide")
        if working_days is not None:
            days.append(working_days)

        for objection in row.get("objections") or ():
            objections_filed += 1
            outcome = objection.get("outcome")
            if outcome is None:
                objections_pending += 1
            elif outcome in objections:
                objections[outcome] += 1
            else:
                raise ValueError(f"{row.get('registration_number')}: unknown objection outcome {outcome!r}")
            if objection.get("dispute_filed"):
                disputes += 1
                dispute_outcome = objection.get("dispute_outcome") or "pending"
                if dispute_outcome not in dispute_outcomes:
                    raise ValueError(f"{row.get('registration_number')}: unknown dispute outcome {dispute_outcome!r}")
                dispute_outcomes[dispute_outcome] += 1

        if duplicate:
            codes: Iterable[str] = ()
        elif opd is not None:
            codes = (opd,)
        elif not opds:
            codes = (PPID,)
        elif len(opds) > 1:
            codes = dict.fromkeys(opds)  # a request disposed twice to one OPD counts once
        else:
            codes = opds
        for code in codes:
            counts = per_opd.get(code)
            if counts is None:
                counts = per_opd[code] = [0] * 8
            counts[0] += 1
            if decision is not None:
                counts[decision_index[decision]] += 1
            if working_days is not None:
                counts[6] += working_days
                counts[7] += 1

    return assemble(
        year, opd, requests, pending, decisions, grounds, extended,
        days_to_decide={
            "average": average(sum(days), len(days)),
            "median": float(statistics.median(days)) if days else None,
            "max": max(days) if days else None,
        },
        objections={"filed": objections_filed, **objections, "pending": objections_pending},
        disputes=disputes, dispute_outcomes=dispute_outcomes, per_opd=per_opd, per_month=per_month,
        duplicates=duplicates,
    )  # fmt: skip


def assemble(
    year: int,
    opd: str | None,
    requests: int,
    pending: int,
    decisions: dict,
    grounds: dict,
    extended: int,
    *,
    days_to_decide: dict,
    objections: dict,
    disputes: int,
    dispute_outcomes: dict,
    per_opd: dict[str, list[int]],
    per_month: list[int],
    duplicates: int = 0,
) -> dict[str, Any]:
    """The report's shape, one place for every way of counting it.

    ``per_opd`` maps an OPD code to [requests, one count per decision..., days total, days counted].
    """
    return {
        "year": year,
        "opd": opd,
        "requests": requests,
        "decided": requests - pending,
        "pending": pending,
        "granted": decisions["granted"],
        "partly_granted": decisions["partly_granted"],
        "refused": decisions["refused"],
        "refused_by_ground": grounds,
        "not_held": decisions["not_held"],
        "not_documented": decisions["not_documented"],
        "extended": extended,
        "duplicates": duplicates,
        "days_to_decide": days_to_decide,
        "objections": objections,
        "disputes": disputes,
        "dispute_outcomes": dispute_outcomes,
        "per_opd": [
            {
                "opd": code,
                "requests": counts[0],
                **{d: counts[i + 1] for i, d in enumerate(DECISIONS)},
                "average_days": average(counts[6], counts[7]),
            }
            for code, counts in sorted(per_opd.items())
        ],
        "per_month": per_month,
    }  # fmt: skip
