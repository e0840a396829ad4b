"""The context of every PPID use case: the caller, the clock, the office's working calendar and its settings.

The calendar carries the office's zone (WIB, WITA or WIT), so ``today()`` is the office's date; tests build a
``Context`` directly with a fixed clock, the entrypoints call ``context()`` once per request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable

from chassis import context as chassis_context
from chassis.auth import Principal
from ppid.domain.calendar import WorkingCalendar
from ppid.settings import PpidSettings


@dataclasses.dataclass(frozen=True)
class Context(chassis_context.Context):
    calendar: WorkingCalendar = dataclasses.field(kw_only=True)
    settings: PpidSettings = dataclasses.field(kw_only=True)

    @classmethod
    def of(
        cls,
        calendar: WorkingCalendar,
        settings: PpidSettings,
        principal: Principal | None = None,
        clock: Callable[[], dt.datetime] = chassis_context.utcnow,
    ) -> Context:
        """A context in the calendar's zone (the office's), so that ``today()`` and the deadlines agree."""
        return cls(principal, calendar.timezone, clock, calendar=calendar, settings=settings)


def context(session=None, *, anonymous: bool = False) -> Context:
    """This request's context: the verified caller, and the calendar with this office's closed days (cached per
    process, checked against its version in ``session`` or in a short session of its own).

    ``anonymous`` is for what the public does with a number and tracking code (and the worker): the caller's
    token, perhaps expired, is not read at all, as those answers never depended on it.
    """
    from flask import current_app, has_request_context  # here only: use cases and tests import Context without Flask

    from chassis.auth import current_principal
    from chassis.web import suite
    from ppid.office_calendar import CalendarCache

    cache = current_app.extensions.get("ppid.calendar_cache")
    if cache is None:
        cache = current_app.extensions.setdefault(
            "ppid.calendar_cache", CalendarCache(current_app.extensions["ppid.calendar"])
        )
    if session is None:
        with suite().db.session() as own:
            calendar = cache.get(own)
    else:
        calendar = cache.get(session)
    principal = None if anonymous or not has_request_context() else current_principal(optional=True)
    return Context.of(calendar, suite().settings, principal)


@contextlib.contextmanager
def reading():
    """A unit of work for a use case that only reads: its session is closed, not rolled back, at the end, so the
    rows it returned stay readable while the answer is shaped."""
    from chassis.messaging import UnitOfWork
    from chassis.web import suite

    s = suite()
    with s.db.session() as session:
        yield UnitOfWork(s.db, s.tables, s.settings.source, session=session)
