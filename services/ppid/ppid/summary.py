"""Counts kept with every change, so the officer's inbox and the yearly report do not count a million rows.

(Over 400 lines on purpose: the tables, the session hooks that keep them and ``rebuild`` define one count.)

Three tables, written in the same transaction as the change they count (exact at once, never a stale figure):

- ``request_status_counts``: requests per status, for the inbox's counts.
- ``report_requests``: requests per (scope, day received, decision, day decided, extended, refusal grounds).
  The scope is ``*`` (every request) or one OPD (each OPD the request was disposed to, or ``ppid`` when it
  was disposed to none), so a report per OPD reads its own rows. The decision day is kept rather than the
  working days it took: the report counts them with today's calendar, so a closed day added later still
  counts as it does in the full computation.
- ``report_objections``: objections per (scope, year the request was received, outcome, disputed, dispute
  outcome).

A SQLAlchemy session hook finds the requests a flush touches (their report fields, dispositions, objections
or status), reads what they counted before the flush and what they count after it, and applies the
difference at commit. A change made with a bulk SQL statement bypasses the hook: ``rebuild`` counts the
tables again from the rows (the bench's SQL fill, ``flask ppid report-check --rebuild``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    String,
    Table,
    Text,
    cast,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ppid.domain.report import DUPLICATE
from ppid.models import Base, Disposition, Objection, Request

ALL = "*"
"""The scope of every request, whatever OPD it went to."""
PPID = "ppid"
NONE = ""
"""Stands for "none yet" in a key column (no decision, no outcome), so every key column can be in the primary key."""
REFUSING = frozenset({"refused", "partly_granted"})
REPORT_FIELDS = ("received_on", "decision", "decided_on", "extended_at", "refusal_grounds", "duplicate_of")
OBJECTION_FIELDS = ("outcome", "dispute_filed_on", "dispute_outcome", "request_id")

status_counts = Table(
    "request_status_counts",
    Base.metadata,
    Column("status", String(30), primary_key=True),
    Column("count", Integer, nullable=False),
)
report_requests = Table(
    "report_requests",
    Base.metadata,
    Column("scope", String(64), primary_key=True),
    Column("received_on", Date, primary_key=True),
    Column("decision", String(20), primary_key=True),
    # The day received when not decided yet (never read then): a key column cannot be NULL.
    Column("decided_on", Date, primary_key=True),
    Column("extended", Boolean, primary_key=True),
    # The Pasal 17 letters of a refusal or partial grant, sorted ("ah"); empty otherwise.
    Column("grounds", String(20), primary_key=True),
    Column("count", Integer, nullable=False),
)
report_objections = Table(
    "report_objections",
    Base.metadata,
    Column("scope", String(64), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("outcome", String(20), primary_key=True),
    Column("disputed", Boolean, primary_key=True),
    Column("dispute_outcome", String(30), primary_key=True),
    Column("count", Integer, nullable=False),
)
CHUNK = 1000
"""Rows per statement: a rebuild's thousands of keys stay within the databases' limits on parameters."""
REQUEST_KEY = ("scope", "received_on", "decision", "decided_on", "extended", "grounds")
OBJECTION_KEY = ("scope", "year", "outcome", "disputed", "dispute_outcome")


def grounds_key(decision: str | None, grounds) -> str:
    if decision not in REFUSING:
        return ""
    if isinstance(grounds, str):
        grounds = json.loads(grounds)
    return "".join(sorted(set(grounds or ())))


def contribution(row: dict, opds: Iterable[str], objections: Iterable[dict]) -> tuple[Counter, Counter]:
    """What one request counts in the two report tables: a Counter of keys for each."""
    scopes = (ALL, *(sorted(set(opds)) or (PPID,)))
    decided = row["decided_on"] is not None
    decision = (row["decision"] or NONE) if decided else NONE
    key = (
        row["received_on"],
        decision,
        row["decided_on"] if decided else row["received_on"],
        bool(row["extended"]),
        grounds_key(decision, row["refusal_grounds"]) if decided else "",
    )
    if row.get("duplicate_of"):  # counted apart, whatever it had reached before it was closed
        key = (row["received_on"], DUPLICATE, row["received_on"], bool(row["extended"]), "")
    requests = Counter((scope, *key) for scope in scopes)
    found = Counter()
    for o in objections:
        okey = (
            row["received_on"].year,
            o["outcome"] or NONE,
            o["dispute_filed_on"] is not None,
            o["dispute_outcome"] or NONE,
        )
        found.update((scope, *okey) for scope in scopes)
    return requests, found


def _read(connection, ids: set[int]) -> dict[int, tuple[Counter, Counter]]:
    """What the requests ``ids`` count now, read from the database."""
    if not ids:
        return {}
    r = Request.__table__
    rows = connection.execute(
        select(
            r.c.id,
            r.c.received_on,
            r.c.decision,
            r.c.decided_on,
            r.c.extended_at.is_not(None).label("extended"),
            r.c.refusal_grounds,
            r.c.duplicate_of,
        ).where(r.c.id.in_(ids))
    ).mappings()
    d, o = Disposition.__table__, Objection.__table__
    opds: dict[int, list[str]] = {}
    for request_id, opd in connection.execute(select(d.c.request_id, d.c.opd).where(d.c.request_id.in_(ids))):
        opds.setdefault(request_id, []).append(opd)
    objections: dict[int, list[dict]] = {}
    for found in connection.execute(
        select(o.c.request_id, o.c.outcome, o.c.dispute_filed_on, o.c.dispute_outcome).where(o.c.request_id.in_(ids))
    ).mappings():
        objections.setdefault(found["request_id"], []).append(found)
    return {row["id"]: contribution(row, opds.get(row["id"], ()), objections.get(row["id"], ())) for row in rows}


def _changed(obj, fields) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _request_id(obj) -> int | None:
    if isinstance(obj, Request):
        return obj.id
    if obj.request_id is not None:
        return obj.request_id
    return obj.request.id if obj.request is not None else None


def _touched(session: Session) -> set[int]:
    """Ids of stored requests whose report counts this flush may change."""
    ids = set()
    for obj in session.dirty:
        if isinstance(obj, Request) and _changed(obj, REPORT_FIELDS):
            ids.add(obj.id)
        elif isinstance(obj, Objection) and _changed(obj, OBJECTION_FIELDS):
            ids.add(_request_id(obj))
            history = inspect(obj).attrs.request_id.history
            ids.update(history.deleted or ())
        elif isinstance(obj, Disposition) and _changed(obj, ("opd", "request_id")):
            ids.add(_request_id(obj))
            ids.update(inspect(obj).attrs.request_id.history.deleted or ())
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Request) and obj in session.deleted:
            ids.add(obj.id)
        elif isinstance(obj, Disposition | Objection):
            ids.add(_request_id(obj))
    ids.discard(None)
    return ids


def _status_changes(session: Session) -> Counter:
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Request):
            changes[obj.status] += 1
    for obj in session.dirty:
        if isinstance(obj, Request):
            history = inspect(obj).attrs.status.history
            if history.has_changes():
                for old in history.deleted or ():
                    changes[old] -= 1
                for new in history.added or ():
                    changes[new] += 1
    for obj in session.deleted:
        if isinstance(obj, Request):
            history = inspect(obj).attrs.status.history
            for old in history.deleted or history.unchanged or ():
                changes[old] -= 1
    return changes


class Pending:
    """The differences a transaction has counted so far, applied together just before it commits."""

    def __init__(self):
        self.statuses: Counter = Counter()
        self.requests: Counter = Counter()
        self.objections: Counter = Counter()

    def add(self, before: tuple[Counter, Counter] | None, after: tuple[Counter, Counter] | None) -> None:
        for counts, index in ((self.requests, 0), (self.objections, 1)):
            if after:
                counts.update(after[index])
            if before:
                counts.subtract(before[index])

    def copy(self) -> Pending:
        other = Pending()
        other.statuses, other.requests, other.objections = (
            self.statuses.copy(),
            self.requests.copy(),
            self.objections.copy(),
        )
        return other

    def apply(self, connection) -> None:
        _upsert(
            connection,
            (status_counts, ("status",), self.statuses),
            (report_requests, REQUEST_KEY, self.requests),
            (report_objections, OBJECTION_KEY, self.objections),
        )
        self.__init__()


def _upsert(connection, *changes: tuple[Table, tuple[str, ...], Counter]) -> None:
    """Add each change to its row, creating the row first; keys in a fixed order, so two transactions never wait
    for each other's rows in opposite orders. On PostgreSQL every table's change goes in one statement (one
    round trip: the citizen's submit waits for it while holding the number's lock)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statements, rows_in_all = [], 0
    for table, key, counts in changes:
        rows = [
            {**dict(zip(key, k if isinstance(k, tuple) else (k,), strict=True)), "count": n}
            for k, n in sorted(counts.items(), key=lambda item: repr(item[0]))
            if n
        ]
        rows_in_all += len(rows)
        for start in range(0, len(rows), CHUNK):
            statement = dialect.insert(table).values(rows[start : start + CHUNK])
            statements.append(
                statement.on_conflict_do_update(
                    index_elements=list(key), set_={"count": table.c.count + statement.excluded.count}
                )
            )
    if dialect is postgresql and len(statements) > 1 and rows_in_all <= CHUNK:
        *first, last = statements
        statements = [last.add_cte(*(s.cte(f"change_{n}") for n, s in enumerate(first)))]
    for statement in statements:
        connection.execute(statement)


def _pending(session: Session) -> Pending:
    return session.info.setdefault("ppid.summary", Pending())


@event.listens_for(Session, "before_flush")
def _before_flush(session, flush_context, instances) -> None:
    touched = _touched(session)
    new_requests = [obj for obj in session.new if isinstance(obj, Request)]
    if not touched and not new_requests and not any(isinstance(o, Request) for o in session.dirty):
        return
    pending = _pending(session)
    pending.statuses.update(_status_changes(session))
    session.info["ppid.summary.before"] = (touched, _read(session.connection(), touched), new_requests)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context) -> None:
    staged = session.info.pop("ppid.summary.before", None)
    if staged is None:
        return
    touched, before, new_requests = staged
    pending = _pending(session)
    after = _read(session.connection(), touched)
    for request_id in touched:
        pending.add(before.get(request_id), after.get(request_id))
    for request in new_requests:
        if request.id not in touched:
            pending.add(None, _of_new(request))


def _of_new(request: Request) -> tuple[Counter, Counter]:
    """A request created in this flush, counted from the object itself; its collections are read only if they
    were filled in memory (a lazy load inside a flush would read the database mid-way)."""
    names = ("received_on", "decision", "decided_on", "refusal_grounds", "duplicate_of")
    row = {name: getattr(request, name) for name in names}
    row["extended"] = request.extended_at is not None
    dispositions, objections = request.__dict__.get("dispositions", ()), request.__dict__.get("objections", ())
    return contribution(
        row,
        [d.opd for d in dispositions],
        [
            {"outcome": o.outcome, "dispute_filed_on": o.dispute_filed_on, "dispute_outcome": o.dispute_outcome}
            for o in objections
        ],
    )


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    pending = session.info.get("ppid.summary")
    if pending is None:
        return
    session.flush()  # the last changes are counted before the counts are written
    pending.apply(session.connection())


@event.listens_for(Session, "after_transaction_create")
def _savepoint(session, transaction) -> None:
    """Remember the differences counted before a savepoint, so rolling it back takes back only what it did."""
    if transaction.nested:
        pending = session.info.get("ppid.summary")
        session.info.setdefault("ppid.summary.savepoints", {})[id(transaction)] = pending and pending.copy()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    session.info.pop("ppid.summary.before", None)
    saved = session.info.get("ppid.summary.savepoints", {}).pop(id(previous_transaction), None)
    if previous_transaction.nested and saved is not None:
        session.info["ppid.summary"] = saved
    else:
        session.info.pop("ppid.summary", None)
        if not previous_transaction.nested:
            session.info.pop("ppid.summary.savepoints", None)


NEW_REQUEST = text(
    "WITH counted AS (INSERT INTO request_status_counts (status, count) VALUES (:status, 1) "
    "ON CONFLICT (status) DO UPDATE SET count = request_status_counts.count + 1) "
    "INSERT INTO report_requests (scope, received_on, decision, decided_on, extended, grounds, count) "
    "VALUES (:all, :day, '', :day, false, '', 1), (:ppid, :day, '', :day, false, '', 1) "
    "ON CONFLICT (scope, received_on, decision, decided_on, extended, grounds) "
    "DO UPDATE SET count = report_requests.count + 1"
)
"""A new request's counts in one statement that never changes, so it is compiled once (PostgreSQL)."""


def record_new(connection, row: dict, status: str) -> None:
    """Count a request inserted without the ORM (the citizen's submit): its status and its report rows."""
    undecided = row["decided_on"] is None and not row["extended"]
    if connection.dialect.name == "postgresql" and undecided:
        connection.execute(NEW_REQUEST, {"status": status, "all": ALL, "ppid": PPID, "day": row["received_on"]})
        return
    requests, _ = contribution(row, (), ())
    _upsert(connection, (status_counts, ("status",), Counter({status: 1})), (report_requests, REQUEST_KEY, requests))


def rebuild(connection) -> None:
    """Count every table again from the rows, in the caller's transaction (after a bulk SQL change)."""
    for table in (status_counts, report_requests, report_objections):
        connection.execute(delete(table))
    r, d, o = Request.__table__, Disposition.__table__, Objection.__table__
    statuses = Counter(dict(connection.execute(select(r.c.status, func.count()).group_by(r.c.status)).all()))
    _upsert(connection, (status_counts, ("status",), statuses))
    extended = r.c.extended_at.is_not(None)
    grounds = cast(r.c.refusal_grounds, Text)
    requests: Counter = Counter()
    columns = (r.c.received_on, r.c.decision, r.c.decided_on, extended, grounds, r.c.duplicate_of.is_not(None))
    scope = func.coalesce(d.c.opd, PPID)
    for query in (
        select(*columns, func.count()).group_by(*columns),
        select(scope, *columns, func.count())
        .select_from(r.outerjoin(d, d.c.request_id == r.c.id))
        .group_by(scope, *columns),
    ):
        for *values, n in connection.execute(query):
            where = values.pop(0) if len(values) == len(columns) + 1 else ALL
            received_on, decision, decided_on, was_extended, raw, duplicate = values
            row = {
                "received_on": received_on,
                "decision": decision,
                "decided_on": decided_on,
                "extended": was_extended,
                "refusal_grounds": raw,
                "duplicate_of": duplicate,
            }
            for key, count in contribution(row, (), ())[0].items():
                if key[0] == ALL:
                    requests[(where, *key[1:])] += count * n
    _upsert(connection, (report_requests, REQUEST_KEY, requests))
    objections: Counter = Counter()
    disputed = o.c.dispute_filed_on.is_not(None)
    year_of = r.c.received_on
    ocolumns = (year_of, o.c.outcome, disputed, o.c.dispute_outcome)
    joined = o.join(r, r.c.id == o.c.request_id)
    for query in (
        select(*ocolumns, func.count()).select_from(joined).group_by(*ocolumns),
        select(scope, *ocolumns, func.count())
        .select_from(joined.outerjoin(d, d.c.request_id == r.c.id))
        .group_by(scope, *ocolumns),
    ):
        for *values, n in connection.execute(query):
            where = values.pop(0) if len(values) == 5 else ALL
            received_on, outcome, was_disputed, dispute_outcome = values
            objections[(where, received_on.year, outcome or NONE, bool(was_disputed), dispute_outcome or NONE)] += n
    _upsert(connection, (report_objections, OBJECTION_KEY, objections))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
