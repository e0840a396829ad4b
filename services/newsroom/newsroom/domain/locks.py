"""Editing safely: the soft lock of an item being edited (who holds it now, the refusal while someone else does)
and the version every save must name.

Two people editing one item must not silently overwrite each other: the lock says who is at it, and the version
check on every save (If-Match, the ETag the writer read) catches the rest. The lock expires by itself, so a closed
browser does not keep it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from chassis import formats
from chassis.errors import DomainError


class Locked(DomainError):
    """Someone else is editing the item (423, with ``locked_by``, ``locked_at`` and ``locked_until``)."""

    status = 423


class PreconditionRequired(DomainError):
    """A save that does not name the version it was made over (428): it could overwrite what it never saw."""

    status = 428


def holder(article, now: dt.datetime) -> str | None:
    """Who is editing the item now (their soft lock has not expired), if anyone."""
    if article.locked_by and article.locked_until and article.locked_until > now:
        return article.locked_by
    return None


def locked(article, by: str, zone: ZoneInfo) -> Locked:
    return Locked(
        f"Naskah sedang disunting oleh {by} sejak {formats.datetime_numeric(article.locked_at, zone, zone=False)}; "
        "tunggu ia selesai atau ambil alih penyuntingan.",
        locked_by=by,
        locked_at=article.locked_at.isoformat(),
        locked_until=article.locked_until.isoformat(),
    )
