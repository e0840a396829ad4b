"""Figures offices are judged on: releases per OPD per month, time from submission to publication, verdicts."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from chassis import formats
from newsroom.domain.states import PUBLIC
from newsroom.models import Article


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0-100) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def yearly(session: Session, year: int, timezone: str) -> dict:
    """The year's figures, its months counted in the office's zone: a release out at 06.00 WIB on 1 March is a
    March release, though it is still February in UTC. The bounds are moments, so SQLite and PostgreSQL agree."""
    zone = ZoneInfo(timezone)
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = session.execute(
        select(Article.type, Article.opd, Article.published_at, Article.submitted_at, Article.clarification).where(
            Article.published_at >= start,
            Article.published_at < end,
            Article.status.in_([s.value for s in PUBLIC]),
        )
    ).all()
    per_opd: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    hours: list[float] = []
    verdicts: Counter = Counter()
    for kind, opd, published_at, submitted_at, clarification in rows:
        if kind == "release":
            per_opd[opd][published_at.astimezone(zone).month - 1] += 1
        if submitted_at is not None:
            hours.append((published_at - submitted_at).total_seconds() / 3600)
        if kind == "clarification" and clarification:
            verdicts[clarification["verdict"]] += 1
    return {
        "year": year,
        "releases_per_opd": [
            {"opd": opd, "months": months, "total": sum(months)} for opd, months in sorted(per_opd.items())
        ],
        "hours_to_publish": {
            "count": len(hours),
            "median": round(percentile(hours, 50), 1) if hours else None,
            "p90": round(percentile(hours, 90), 1) if hours else None,
        },
        "clarifications_per_verdict": {v: verdicts.get(v, 0) for v in ("HOAKS", "DISINFORMASI", "MISINFORMASI")},
    }


def to_xlsx(figures: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Siaran per OPD"
    sheet.append(["OPD", *formats.month_names("abbreviated"), "Jumlah"])
    for row in figures["releases_per_opd"]:
        sheet.append([row["opd"], *row["months"], row["total"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    other = book.create_sheet("Ringkasan")
    other.append(["Indikator", "Nilai"])
    other.append(["Naskah diajukan lalu terbit", figures["hours_to_publish"]["count"]])
    other.append(["Median jam dari pengajuan ke terbit", figures["hours_to_publish"]["median"]])
    other.append(["Persentil 90 jam dari pengajuan ke terbit", figures["hours_to_publish"]["p90"]])
    for verdict, count in figures["clarifications_per_verdict"].items():
        other.append([f"Klarifikasi {verdict}", count])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
