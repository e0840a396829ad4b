"""Working days (hari kerja) and the legal deadlines counted in them.

A working day is Monday to Friday that is neither a national public holiday
nor a government joint leave day (cuti bersama), both from the ``holidays``
package's ``ID`` calendar (categories ``public`` and ``government``), nor a
day the office itself closes. A deadline of N working days "since receipt"
counts from the next working day; a request that arrives on a non-working
day is received on the next working day (Pasal 22 ayat 7 UU 14/2008 as
applied by Perki 1/2021).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import holidays

CATEGORIES = ("public", "government")


@dataclasses.dataclass(frozen=True)
class Deadline:
    """A computed due date with the rule it follows, shown to officers."""

    due: dt.date
    working_days: int
    start: dt.date
    rule: str


@functools.lru_cache(maxsize=8)
def joint_leave_known(year: int) -> bool:
    """Whether the government's joint leave days (cuti bersama) of ``year`` are in the installed holiday tables:
    the SKB is published in the autumn before, so a ``holidays`` release may not have the next year yet."""
    return bool(holidays.country_holidays("ID", years=year, categories=("government",)))


class WorkingCalendar:
    def __init__(self, closed_days: Iterable[dt.date] = (), timezone: str = "Asia/Jakarta"):
        self.timezone = ZoneInfo(timezone)
        self.closed_days = frozenset(closed_days)
        self._holidays = holidays.country_holidays("ID", categories=CATEGORIES)

    def with_closed_days(self, closed_days: Iterable[dt.date]) -> WorkingCalendar:
        """The same national calendar with this office's closed days (shares the holiday tables)."""
        other = object.__new__(WorkingCalendar)
        other.timezone = self.timezone
        other._holidays = self._holidays
        other.closed_days = frozenset(closed_days)
        return other

    def today(self) -> dt.date:
        return dt.datetime.now(self.timezone).date()

    def joint_leave_known(self, year: int) -> bool:
        return joint_leave_known(year)

    def joint_leave_warning(self) -> str | None:
        """What officers must know when next year's cuti bersama are not in the calendar yet, or None."""
        year = self.today().year + 1
        if self.joint_leave_known(year):
            return None
        return (
            f"Cuti bersama tahun {year} belum tercantum di kalender hari kerja. Tenggat yang melewati akhir tahun "
            "dapat bergeser setelah SKB cuti bersama terbit: perbarui paket holidays, lalu periksa perubahan "
            "kalender di halaman Hari tutup."
        )

    def holiday_name(self, day: dt.date) -> str | None:
        return self._holidays.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._holidays and day not in self.closed_days

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The office's calendar date of an aware moment (WIB, WITA or WIT from settings)."""
        if moment.tzinfo is None:
            raise ValueError("moment must be timezone-aware")
        return moment.astimezone(self.timezone).date()

    def receipt_day(self, moment: dt.datetime) -> dt.date:
        """The day a request counts as received: that day if working, else the next working day."""
        day = self.local_date(moment)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (``start`` itself is never counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=n)))

    def deadline(self, start: dt.date, working_days: int, rule: str) -> Deadline:
        return Deadline(self.add_working_days(start, working_days), working_days, start, rule)
