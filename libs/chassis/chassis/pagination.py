"""Keyset pagination shared by every list endpoint: an opaque cursor over the sort key of the last row.

Offsets get slow and skip rows while items are added; a keyset cursor does
neither. The cursor is the last row's sort key, base64url-encoded JSON.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from chassis.problems import Problem
from chassis.schemas import INT64_MAX, INT64_MIN


def _tag(value: Any) -> list:
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, int):
        return ["i", value]
    return ["s", str(value)]


def _int64(value: Any) -> int:
    number = int(value)
    if not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(value)  # a forged cursor: no row holds it, and the database could not compare it
    return number


def _untag(item: list) -> Any:
    kind, value = item
    return {
        "t": dt.datetime.fromisoformat,
        "d": dt.date.fromisoformat,
        "i": _int64,
        "s": str,
    }[kind](value)


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([_tag(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = [_untag(item) for item in json.loads(base64.urlsafe_b64decode(padded.encode()))]
        if len(values) != size:
            raise ValueError(cursor)
        return values
    except (ValueError, TypeError, KeyError, RecursionError, binascii.Error, json.JSONDecodeError):
        raise Problem(
            422, "Kursor halaman tidak sah.", errors=[{"field": "after", "message": "Kursor tidak sah."}]
        ) from None


def keyset(query: Select, order: Sequence[tuple[InstrumentedAttribute, bool]], after: str | None, limit: int) -> Select:
    """Order ``query`` by ``order`` ((column, descending) pairs, unique together) and start after the cursor.

    Fetches one extra row so ``page`` knows whether more follow.
    """
    if after:
        values = decode_cursor(after, len(order))
        clauses = []
        for n, (column, descending) in enumerate(order):
            equal = [c == v for (c, _), v in zip(order[:n], values[:n], strict=True)]
            beyond = column < values[n] if descending else column > values[n]
            clauses.append(and_(*equal, beyond))
        query = query.where(or_(*clauses))
    return query.order_by(*(c.desc() if d else c.asc() for c, d in order)).limit(limit + 1)


def newest_first(
    query: Select, at: InstrumentedAttribute, ident: InstrumentedAttribute, after: str | None, limit: int
) -> Select:
    return keyset(query, [(at, True), (ident, True)], after, limit)


def page(rows: list[Any], limit: int, key) -> tuple[list[Any], str | None]:
    """Cut the extra row and return (rows, cursor of the next page or None); ``key(row)`` gives its sort key."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(*key(rows[-1]))
