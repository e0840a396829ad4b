"""The yearly report, for offices with many requests.

``ppid.domain.report.yearly_report`` is the specification: a pure function
over one row per request. ``yearly_report`` reads the same figures from the
summary tables kept with every change (``ppid.summary``): a few thousand
rows whatever the number of requests. ``computed_report`` computes them
from the requests themselves with a few GROUP BY queries; tests and
``flask ppid report-check`` hold the three equal.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from sqlalchemy import Text, and_, case, cast, exists, extract, func, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session, aliased

from ppid import summary
from ppid.domain import report
from ppid.domain.report import DECISIONS, DISPUTE_OUTCOMES, DUPLICATE, GROUNDS, OBJECTION_OUTCOMES, PPID
from ppid.models import Disposition, Objection, Request

REFUSING = ("refused", "partly_granted")


class WorkingDayIndex:
    """Working days between two dates in O(1), from a cumulative count over a range of dates."""

    def __init__(self, calendar, first: dt.date, last: dt.date):
        self.calendar = calendar
        self.first = first
        self.cumulative = []
        count = 0
        for n in range((last - first).days + 1):
            count += calendar.is_working_day(first + dt.timedelta(days=n))
            self.cumulative.append(count)

    def between(self, start: dt.date, end: dt.date) -> int:
        a, b = (start - self.first).days, (end - self.first).days
        if 0 <= a < len(self.cumulative) and 0 <= b < len(self.cumulative):
            return self.cumulative[b] - self.cumulative[a]
        return self.calendar.working_days_between(start, end)


def _weighted_median(values: Counter) -> float | None:
    total = sum(values.values())
    if not total:
        return None
    ordered = sorted(values.items())

    def nth(k: int) -> int:  # the k-th smallest value, 0-based
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def computed_report(session: Session, year: int, calendar, opd: str | None = None) -> dict[str, Any]:
    """The same dict as ``ppid.domain.report.yearly_report``, from grouped queries over the requests."""
    if session.get_bind().dialect.name == "postgresql":
        # A few thousand groups: enough memory to hash them instead of sorting a million rows on disk,
        # and no JIT compilation, which costs more than it saves on queries this short.
        session.execute(text_sql("SET LOCAL work_mem = '64MB'"))
        session.execute(text_sql("SET LOCAL jit = off"))
    index = WorkingDayIndex(calendar, dt.date(year, 1, 1), dt.date(year + 1, 12, 31))
    in_year = Request.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
    other = aliased(Disposition)  # the scope's own copy, so it also works inside the query that joins dispositions
    disposed = exists(select(other.id).where(other.request_id == Request.id))
    if opd == PPID:
        scope = and_(in_year, ~disposed)
    elif opd is not None:
        scope = and_(in_year, exists(select(other.id).where(other.request_id == Request.id, other.opd == opd)))
    else:
        scope = in_year
    decided = Request.decided_on.is_not(None)
    decision = case((decided, Request.decision), else_=None)
    extended = Request.extended_at.is_not(None)
    duplicate = Request.duplicate_of.is_not(None)
    duplicates = session.scalar(select(func.count()).select_from(Request).where(scope, duplicate))
    requests_scope, scope = scope, and_(scope, ~duplicate)  # duplicates are counted apart

    per_month = [0] * 12
    decisions = dict.fromkeys(DECISIONS, 0)
    days: Counter = Counter()
    requests = pending = extended_count = 0
    totals = select(Request.received_on, decision, Request.decided_on, extended, func.count()).where(scope)
    for received_on, choice, decided_on, was_extended, n in session.execute(
        totals.group_by(Request.received_on, decision, Request.decided_on, extended)
    ):
        requests += n
        per_month[received_on.month - 1] += n
        if choice is None:
            pending += n
        else:
            decisions[choice] += n
            days[index.between(received_on, decided_on)] += n
        if was_extended:
            extended_count += n

    grounds = dict.fromkeys(GROUNDS, 0)
    text = cast(Request.refusal_grounds, Text)
    for raw, n in session.execute(
        select(text, func.count()).where(scope, decided, Request.decision.in_(REFUSING)).group_by(text)
    ):
        for ground in set(json.loads(raw) if isinstance(raw, str) else raw or []):
            grounds[ground] += n

    per_opd: dict[str, list[int]] = {}
    decision_index = {d: i + 1 for i, d in enumerate(DECISIONS)}
    opd_code = func.coalesce(Disposition.opd, PPID)
    by_opd = (
        select(opd_code, decision, Request.received_on, Request.decided_on, func.count())
        .select_from(Request)
        .outerjoin(Disposition, Disposition.request_id == Request.id)
        .where(scope)
    )
    if opd is not None:
        by_opd = by_opd.where(opd_code == opd)
    for code, choice, received_on, decided_on, n in session.execute(
        by_opd.group_by(opd_code, decision, Request.received_on, Request.decided_on)
    ):
        counts = per_opd.setdefault(code, [0] * 8)
        counts[0] += n
        if choice is not None:
            counts[decision_index[choice]] += n
            counts[6] += index.between(received_on, decided_on) * n
            counts[7] += n

    outcomes = dict.fromkeys(OBJECTION_OUTCOMES, 0)
    dispute_outcomes = dict.fromkeys((*DISPUTE_OUTCOMES, "pending"), 0)
    filed = objections_pending = disputes = 0
    dispute = Objection.dispute_filed_on.is_not(None)
    for outcome, disputed, dispute_outcome, n in session.execute(
        select(Objection.outcome, dispute, Objection.dispute_outcome, func.count())
        .join(Request, Request.id == Objection.request_id)
        .where(requests_scope)
        .group_by(Objection.outcome, dispute, Objection.dispute_outcome)
    ):
        filed += n
        if outcome is None:
            objections_pending += n
        else:
            outcomes[outcome] += n
        if disputed:
            disputes += n
            dispute_outcomes[dispute_outcome or "pending"] += n

    decided_days = sum(value * n for value, n in days.items())
    decided_count = sum(days.values())
    return report.assemble(
        year, opd, requests, pending, decisions, grounds, extended_count,
        days_to_decide={
            "average": report.average(decided_days, decided_count),
            "median": _weighted_median(days),
            "max": max(days) if days else None,
        },
        objections={"filed": filed, **outcomes, "pending": objections_pending},
        disputes=disputes, dispute_outcomes=dispute_outcomes, per_opd=per_opd, per_month=per_month,
        duplicates=duplicates,
    )  # fmt: skip


def yearly_report(session: Session, year: int, calendar, opd: str | None = None) -> dict[str, Any]:
    """The same dict as ``ppid.domain.report.yearly_report``, from the summary tables."""
    index = WorkingDayIndex(calendar, dt.date(year, 1, 1), dt.date(year + 1, 12, 31))
    r, o = summary.report_requests, summary.report_objections
    scope = summary.ALL if opd is None else opd
    rows = session.execute(
        select(r.c.scope, r.c.received_on, r.c.decision, r.c.decided_on, r.c.extended, r.c.grounds, r.c.count).where(
            r.c.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            r.c.count != 0,
            (r.c.scope == opd) if opd is not None else r.c.scope.is_not(None),
        )
    ).all()
    per_month = [0] * 12
    decisions = dict.fromkeys(DECISIONS, 0)
    grounds = dict.fromkeys(GROUNDS, 0)
    days: Counter = Counter()
    per_opd: dict[str, list[int]] = {}
    decision_index = {d: i + 1 for i, d in enumerate(DECISIONS)}
    requests = pending = extended_count = duplicates = 0
    for where, received_on, decision, decided_on, extended, letters, n in rows:
        if decision == DUPLICATE:
            duplicates += n if where == scope else 0
            continue
        taken = index.between(received_on, decided_on) if decision else None
        if where == scope:
            requests += n
            per_month[received_on.month - 1] += n
            if decision:
                decisions[decision] += n
                days[taken] += n
                for ground in letters:
                    grounds[ground] += n
            else:
                pending += n
            if extended:
                extended_count += n
        if where != summary.ALL:
            counts = per_opd.setdefault(where, [0] * 8)
            counts[0] += n
            if decision:
                counts[decision_index[decision]] += n
                counts[6] += taken * n
                counts[7] += n

    outcomes = dict.fromkeys(OBJECTION_OUTCOMES, 0)
    dispute_outcomes = dict.fromkeys((*DISPUTE_OUTCOMES, "pending"), 0)
    filed = objections_pending = disputes = 0
    for outcome, disputed, dispute_outcome, n in session.execute(
        select(o.c.outcome, o.c.disputed, o.c.dispute_outcome, o.c.count).where(
            o.c.scope == scope, o.c.year == year, o.c.count != 0
        )
    ):
        filed += n
        if outcome:
            outcomes[outcome] += n
        else:
            objections_pending += n
        if disputed:
            disputes += n
            dispute_outcomes[dispute_outcome or "pending"] += n

    return report.assemble(
        year, opd, requests, pending, decisions, grounds, extended_count,
        days_to_decide={
            "average": report.average(sum(value * n for value, n in days.items()), sum(days.values())),
            "median": _weighted_median(days),
            "max": max(days) if days else None,
        },
        objections={"filed": filed, **outcomes, "pending": objections_pending},
        disputes=disputes, dispute_outcomes=dispute_outcomes, per_opd=per_opd, per_month=per_month,
        duplicates=duplicates,
    )  # fmt: skip


def request_rows(session, calendar, year: int):
    """One row per request of ``year`` as the pure ``yearly_report`` takes them (slow for big years; for checks)."""
    received = extract("year", Request.received_on) == year
    opds: dict[int, list[str]] = {}
    for request_id, opd in session.execute(
        select(Disposition.request_id, Disposition.opd).join(Request).where(received)
    ):
        opds.setdefault(request_id, []).append(opd)
    objections: dict[int, list[dict]] = {}
    for request_id, outcome, dispute, dispute_outcome in session.execute(
        select(Objection.request_id, Objection.outcome, Objection.dispute_filed_on, Objection.dispute_outcome)
        .join(Request)
        .where(received)
    ):
        objections.setdefault(request_id, []).append(
            {"outcome": outcome, "dispute_filed": dispute is not None, "dispute_outcome": dispute_outcome}
        )
    index = WorkingDayIndex(calendar, dt.date(year, 1, 1), dt.date(year + 1, 12, 31))
    columns = (Request.id, Request.registration_number, Request.received_on, Request.status, Request.decision,
               Request.refusal_grounds, Request.decided_on, Request.extended_at, Request.duplicate_of)  # fmt: skip
    for row in session.execute(select(*columns).where(received).execution_options(yield_per=5000)):
        decided = row.decided_on is not None
        yield {
            "registration_number": row.registration_number,
            "received_on": row.received_on,
            "opds": opds.get(row.id, []),
            "status": row.status,
            "decision": row.decision if decided else None,
            "refusal_grounds": row.refusal_grounds or [],
            "working_days_to_decide": index.between(row.received_on, row.decided_on) if decided else None,
            "extended": row.extended_at is not None,
            "duplicate_of": row.duplicate_of,
            "objections": objections.get(row.id, []),
        }
