"""counts kept with every change: requests per status, the yearly report's summary, the calendar's version

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:00:00

The summary tables are filled from the rows already there (``ppid.summary.rebuild`` does the same later).
"""

import json
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ALL, PPID = "*", "ppid"
REFUSING = ("refused", "partly_granted")


def upgrade() -> None:
    status_counts = op.create_table(
        "request_status_counts",
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", name=op.f("pk_request_status_counts")),
    )
    report_requests = op.create_table(
        "report_requests",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("grounds", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "scope", "received_on", "decision", "decided_on", "extended", "grounds", name=op.f("pk_report_requests")
        ),
    )
    report_objections = op.create_table(
        "report_objections",
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("disputed", sa.Boolean(), nullable=False),
        sa.Column("dispute_outcome", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "scope", "year", "outcome", "disputed", "dispute_outcome", name=op.f("pk_report_objections")
        ),
    )
    version = op.create_table(
        "calendar_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_version")),
    )
    op.bulk_insert(version, [{"id": 1, "version": 1}])
    backfill(op.get_bind(), status_counts, report_requests, report_objections)


def backfill(connection, status_counts, report_requests, report_objections) -> None:
    statuses = connection.execute(sa.text("SELECT status, count(*) FROM requests GROUP BY status")).all()
    if statuses:
        op.bulk_insert(status_counts, [{"status": s, "count": n} for s, n in statuses])
    requests: Counter = Counter()
    columns = "r.received_on, r.decision, r.decided_on, r.extended_at IS NOT NULL, CAST(r.refusal_grounds AS TEXT)"
    for sql in (
        f"SELECT '{ALL}', {columns}, count(*) FROM requests r GROUP BY {columns}",
        f"SELECT coalesce(d.opd, '{PPID}'), {columns}, count(*) FROM requests r "
        f"LEFT JOIN dispositions d ON d.request_id = r.id GROUP BY coalesce(d.opd, '{PPID}'), {columns}",
    ):
        for where, received_on, decision, decided_on, extended, raw, n in connection.execute(sa.text(sql)):
            received_on, decided_on = _date(received_on), _date(decided_on)
            decided = decided_on is not None
            grounds = "".join(sorted(set(json.loads(raw or "[]")))) if decided and decision in REFUSING else ""
            key = (
                where,
                received_on,
                decision if decided else "",
                decided_on if decided else received_on,
                bool(extended),
                grounds,
            )
            requests[key] += n
    names = ("scope", "received_on", "decision", "decided_on", "extended", "grounds")
    if requests:
        rows = [{**dict(zip(names, k, strict=True)), "count": n} for k, n in requests.items() if n]
        op.bulk_insert(report_requests, rows)
    objections: Counter = Counter()
    ocolumns = "r.received_on, o.outcome, o.dispute_filed_on IS NOT NULL, o.dispute_outcome"
    for sql in (
        f"SELECT '{ALL}', {ocolumns}, count(*) FROM objections o JOIN requests r ON r.id = o.request_id "
        f"GROUP BY {ocolumns}",
        f"SELECT coalesce(d.opd, '{PPID}'), {ocolumns}, count(*) FROM objections o "
        f"JOIN requests r ON r.id = o.request_id LEFT JOIN dispositions d ON d.request_id = r.id "
        f"GROUP BY coalesce(d.opd, '{PPID}'), {ocolumns}",
    ):
        for where, received_on, outcome, disputed, dispute_outcome, n in connection.execute(sa.text(sql)):
            objections[(where, _date(received_on).year, outcome or "", bool(disputed), dispute_outcome or "")] += n
    onames = ("scope", "year", "outcome", "disputed", "dispute_outcome")
    if objections:
        rows = [{**dict(zip(onames, k, strict=True)), "count": n} for k, n in objections.items() if n]
        op.bulk_insert(report_objections, rows)


def _date(value):
    """SQLite answers a date column of a text query as text."""
    if value is None or not isinstance(value, str):
        return value
    import datetime as dt

    return dt.date.fromisoformat(value[:10])


def downgrade() -> None:
    for table in ("calendar_version", "report_objections", "report_requests", "request_status_counts"):
        op.drop_table(table)
