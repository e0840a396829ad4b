"""When a partnership counts as running: the one rule the release mailing and the public list of partners share."""

from __future__ import annotations

import datetime as dt

# A suspended or ended contract never counts, whatever its dates.
RUNNING_STATES = frozenset({"active"})


def is_running(status: str, starts_on: dt.date, ends_on: dt.date, day: dt.date) -> bool:
    """The contract counts on ``day``, the office's local date (a UTC date would move the first and last day of a
    contract by up to nine hours in WIT): active, and ``day`` within its period, both ends included."""
    return status in RUNNING_STATES and starts_on <= day <= ends_on
