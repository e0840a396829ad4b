"""Working days (hari kerja) and the legal deadlines counted in them.

A working day is Monday to Friday that is neither a national public holiday
nor a government joint leave day (cuti bersama), both from the ``holidays``
package's ``ID`` calendar (categories ``public`` and ``government``), nor a
day the office itself closes. The two national kinds are read from ``national_days.json``, written from the
``holidays`` package by ``python -m ppid.domain.calendar`` (a test fails when the installed package says otherwise):
a web worker then never imports ``holidays``, which alone costs about 19 MiB and 60 ms per process; only a year
outside the file's range falls back to the package. A deadline of N working days "since receipt"
counts from the next working day; a request that arrives on a non-working
day is received on the next working day (Pasal 22 ayat 7 UU 14/2008 as
applied by Perki 1/2021).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

CATEGORIES = ("public", "government")
LANGUAGE = "id"
NATIONAL_DAYS = Path(__file__).with_name("national_days.json")
YEARS = range(2000, 2041)  # what the file holds


def _from_package(years) -> tuple[dict[str, str], list[int]]:
    import holidays

    days = holidays.country_holidays("ID", years=years, categories=CATEGORIES, language=LANGUAGE)
    joint = holidays.country_holidays("ID", years=years, categories=("government",))
    return {day.isoformat(): name for day, name in sorted(days.items())}, sorted({day.year for day in joint})


class NationalDays:
    """National holidays and cuti bersama by date, from the file for its years and from ``holidays`` beyond."""

    def __init__(self, data: dict):
        self._years = range(data["years"][0], data["years"][1] + 1)
        self._days = {dt.date.fromisoformat(day): name for day, name in data["days"].items()}
        self._joint = frozenset(data["joint_leave_years"])
        self._beyond: dict[int, dict[dt.date, str]] = {}

    def _year(self, year: int) -> dict[dt.date, str] | None:
        if year in self._years:
            return None
        if year not in self._beyond:
            days, _ = _from_package([year])
            self._beyond[year] = {dt.date.fromisoformat(day): name for day, name in days.items()}
        return self._beyond[year]

    def get(self, day: dt.date) -> str | None:
        beyond = self._year(day.year)
        return (self._days if beyond is None else beyond).get(day)

    def __contains__(self, day: dt.date) -> bool:
        return self.get(day) is not None

    def joint_leave_known(self, year: int) -> bool:
        if year in self._years:
            return year in self._joint
        return bool(_from_package([year])[1])


@functools.cache
def national_days() -> NationalDays:
    return NationalDays(json.loads(NATIONAL_DAYS.read_text(encoding="utf-8")))


def written_file() -> str:
    """What ``national_days.json`` holds for the installed ``holidays`` package."""
    import holidays

    days, joint = _from_package(YEARS)
    data = {
        "source": f"holidays {holidays.__version__}, ID, categories {', '.join(CATEGORIES)}, language {LANGUAGE}",
        "years": [YEARS[0], YEARS[-1]],
        "joint_leave_years": joint,
        "days": days,
    }
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"


@dataclasses.dataclass(frozen=True)
class Deadline:
    """A computed due date with the rule it follows, shown to officers."""

    due: dt.date
    working_days: int
    start: dt.date
    rule: str


def joint_leave_known(year: int) -> bool:
    """Whether the government's joint leave days (cuti bersama) of ``year`` are in the holiday tables: the SKB is
    published in the autumn before, so a ``holidays`` release may not have the next year yet."""
    return national_days().joint_leave_known(year)


class WorkingCalendar:
    def __init__(self, closed_days: Iterable[dt.date] = (), timezone: str = "Asia/Jakarta"):
        self.timezone = ZoneInfo(timezone)
        self.closed_days = frozenset(closed_days)
        self._holidays = national_days()

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


if __name__ == "__main__":  # python -m ppid.domain.calendar: write national_days.json after upgrading holidays
    NATIONAL_DAYS.write_text(written_file(), encoding="utf-8")
    print(f"{NATIONAL_DAYS}: {national_days.__wrapped__()._days.__len__()} days")
