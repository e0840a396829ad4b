"""The office's working calendar, cached per process and read again only when its closed days change.

Every request needs the calendar (receipt day, deadlines), and the closed days are a table. Reading it on
every request costs a query and, for the citizen's submit, a session of its own. Instead a one-row table
``calendar_version`` holds a number that every change of ``closed_days`` raises in the same transaction (a
session hook, so no use case can forget it); a process keeps the calendar of the version it last read and
asks only for that number, in the caller's own session.
"""

from __future__ import annotations

import threading

from sqlalchemy import Column, Integer, Table, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ppid.domain.calendar import WorkingCalendar
from ppid.models import Base, ClosedDay

calendar_version = Table(
    "calendar_version",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)


class CalendarCache:
    """The national calendar with this office's closed days, as of the last version read."""

    def __init__(self, national: WorkingCalendar):
        self.national = national
        self._lock = threading.Lock()
        self._version: int | None = None
        self._calendar: WorkingCalendar | None = None

    def get(self, session: Session) -> WorkingCalendar:
        version = session.execute(select(calendar_version.c.version).where(calendar_version.c.id == 1)).scalar()
        version = version or 0
        with self._lock:
            if version == self._version and self._calendar is not None:
                return self._calendar
        calendar = self.national.with_closed_days(session.scalars(select(ClosedDay.day)))
        with self._lock:
            self._version, self._calendar = version, calendar
        return calendar


@event.listens_for(Session, "before_flush")
def _bump(session, flush_context, instances) -> None:
    """Raise the version with any change of the closed days, in the transaction that makes it."""
    changed = any(isinstance(o, ClosedDay) for o in (*session.new, *session.deleted, *session.dirty))
    if not changed:
        return
    connection = session.connection()
    bumped = connection.execute(
        update(calendar_version).where(calendar_version.c.id == 1).values(version=calendar_version.c.version + 1)
    )
    if bumped.rowcount == 0:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        insert = dialect.insert(calendar_version).values(id=1, version=1)
        connection.execute(
            insert.on_conflict_do_update(index_elements=["id"], set_={"version": calendar_version.c.version + 1})
        )
