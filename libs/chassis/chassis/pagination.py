"""Keyset pagination shared by every list endpoint: an opaque cursor over (timestamp, id), newest first.

Offsets get slow and skip rows while items are added; a keyset cursor does
neither. The cursor is the last row's sort key, base64url-encoded JSON.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from chassis.problems import Problem


def encode_cursor(at: dt.datetime, ident: int) -> str:
    raw = json.dumps([at.isoformat(), ident], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, ident = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return dt.datetime.fromisoformat(at), int(ident)
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError):
        raise Problem(
            422, "Kursor halaman tidak sah.", errors=[{"field": "after", "message": "Kursor tidak sah."}]
        ) from None


def newest_first(
    query: Select, at: InstrumentedAttribute, ident: InstrumentedAttribute, after: str | None, limit: int
) -> Select:
    """Order ``query`` newest first and start after the cursor; fetches one extra row to know if more follow."""
    if after:
        cursor_at, cursor_id = decode_cursor(after)
        query = query.where(or_(at < cursor_at, and_(at == cursor_at, ident < cursor_id)))
    return query.order_by(at.desc(), ident.desc()).limit(limit + 1)


def page(rows: list[Any], limit: int, key) -> tuple[list[Any], str | None]:
    """Cut the extra row and return (rows, cursor of the next page or None); ``key(row) -> (at, id)``."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, encode_cursor(*key(rows[-1]))
