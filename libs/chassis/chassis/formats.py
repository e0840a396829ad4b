"""Dates, times, money and numbers as people in an Indonesian office read them, for pages, letters and mails.

One place for what every service printed its own way: the long date (``2 Desember 2026``), the office's moment
with its zone (``2 Desember 2026 13.05 WITA``), the short numeric forms the consoles use (``02-12-2026 13.05``),
month names, rupiah, and the browser's ``datetime-local`` fields read and filled in the office's zone.

Babel (CLDR data for ``id``) is imported inside the functions that need it. The long date, which nearly every
public page prints, reads the month from ``MONTHS`` instead: loading the ``id`` locale costs a web worker about
4 MiB, and a test keeps ``MONTHS`` equal to Babel's wide month names.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

__all__ = [
    "MONTHS",
    "ZONE_LABELS",
    "date_id",
    "date_numeric",
    "datetime_id",
    "datetime_numeric",
    "decimal_id",
    "local_input_value",
    "month_names",
    "number_id",
    "parse_local_datetime",
    "rupiah",
    "time_span",
    "zone_label",
]

# The three legal time zones of Indonesia, as the law and every clock here name them.
ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

Zone = str | dt.tzinfo

# CLDR's wide month names for ``id`` (Babel's ``get_month_names("wide", locale="id")``, kept equal by a test).
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _zone(timezone: Zone) -> dt.tzinfo:
    return ZoneInfo(timezone) if isinstance(timezone, str) else timezone


def _aware(moment: dt.datetime | str) -> dt.datetime:
    """A moment or its ISO text (as events and JSON carry it). Stored moments are UTC; a naive one (SQLite hands
    some back so) is read as UTC, never as the host's zone."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def zone_label(timezone: Zone) -> str:
    """``WIB``, ``WITA`` or ``WIT`` for the three Indonesian zones; any other zone by its name (``Europe/Berlin``)."""
    name = timezone if isinstance(timezone, str) else str(timezone)
    return ZONE_LABELS.get(name, name)


def date_id(day: dt.date) -> str:
    """``2 Desember 2026``: the long date of letters and pages (CLDR's ``d MMMM y`` for ``id``)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def datetime_id(moment: dt.datetime | str, timezone: Zone) -> str:
    """``2 Desember 2026 13.05 WITA``: a stored moment as the office in ``timezone`` reads it."""
    local = _aware(moment).astimezone(_zone(timezone))
    return f"{date_id(local.date())} {local:%H.%M} {zone_label(timezone)}"


def date_numeric(day: dt.date) -> str:
    """``02-12-2026``: the short date of console lists and notes."""
    return f"{day:%d-%m-%Y}"


def datetime_numeric(moment: dt.datetime | str, timezone: Zone, zone: bool = True) -> str:
    """``02-12-2026 13.05 WITA`` (without the zone label when ``zone`` is false), in the office's zone."""
    local = _aware(moment).astimezone(_zone(timezone))
    text = f"{local:%d-%m-%Y %H.%M}"
    return f"{text} {zone_label(timezone)}" if zone else text


def time_span(starts: dt.datetime | str, ends: dt.datetime | str | None, timezone: Zone) -> str:
    """When something takes place: ``01-12-2026 08.00-10.00 WIB``, or ``01-12-2026 20.00 s.d. 02-12-2026 02.00 WIB``
    across midnight, or ``01-12-2026 08.00 WIB`` with no end; days are the office's."""
    zone = _zone(timezone)
    start = _aware(starts).astimezone(zone)
    text = f"{start:%d-%m-%Y %H.%M}"
    if ends:
        end = _aware(ends).astimezone(zone)
        text += f"-{end:%H.%M}" if end.date() == start.date() else f" s.d. {end:%d-%m-%Y %H.%M}"
    return f"{text} {zone_label(timezone)}"


@functools.cache
def month_names(width: str = "wide") -> tuple[str, ...]:
    """The twelve months, January first: ``wide`` (``Januari``) or ``abbreviated`` (``Jan``, ``Agu``, ``Des``)."""
    from babel.dates import get_month_names

    names = get_month_names(width, locale="id")
    return tuple(names[m] for m in range(1, 13))


def rupiah(amount: int | float, space: bool = True) -> str:
    """``Rp 1.250.000``: whole rupiah (a fraction is cut off), dots grouping the thousands, ``-Rp 5.000`` below zero.

    ``space=False`` gives CLDR's tight ``Rp1.250.000``, which the province's figure tables print."""
    from babel.numbers import format_currency

    pattern = "¤ #,##0" if space else "¤#,##0"
    return format_currency(int(amount), "IDR", format=pattern, locale="id", currency_digits=False)


def number_id(value: int | float) -> str:
    """``1.250``: a whole number with dots grouping the thousands (a fraction is cut off)."""
    from babel.numbers import format_decimal

    return format_decimal(int(value), locale="id")


def decimal_id(value: float, digits: int = 1) -> str:
    """``87,5``: a fraction with a decimal comma and ``digits`` places, rounded as Python's own ``:.1f`` rounds."""
    return f"{value:.{digits}f}".replace(".", ",")


def parse_local_datetime(text: str | None, timezone: Zone) -> str | None:
    """A browser's ``datetime-local`` value (``2026-12-02T13:05``, no zone) read as the office's time, as the aware
    ISO moment the schemas load (``2026-12-02T13:05:00+08:00``). Blank is ``None``; text that is no date comes back
    as typed, for the schema to refuse with its own message."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(timezone))
    return moment.isoformat()


def local_input_value(moment: dt.datetime | str | None, timezone: Zone) -> str:
    """A stored moment (or its ISO text) as a ``datetime-local`` field's value in the office's zone,
    ``2026-12-02T13:05``; empty when there is none."""
    if not moment:
        return ""
    return f"{_aware(moment).astimezone(_zone(timezone)):%Y-%m-%dT%H:%M}"
