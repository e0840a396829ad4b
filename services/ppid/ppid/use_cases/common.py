"""Pieces several use cases share: numbering without gaps, the audit trail, and who acts without an account."""

from __future__ import annotations

import hashlib

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chassis.auth import Principal
from ppid.domain import workflow
from ppid.models import Request, RequestLog, SequenceCounter

REQUESTER = Principal(username="pemohon", roles=frozenset({workflow.REQUESTER}))
SYSTEM = Principal(username="sistem", roles=frozenset({workflow.SYSTEM}))
# The largest id an INTEGER key holds (PostgreSQL); a larger one in a URL names nothing.
MAX_ID = 2**31 - 1


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def next_sequence(session: Session, kind: str, year: int) -> int:
    """Take the next number of ``kind`` in ``year`` without gaps or duplicates under concurrency."""
    counter = SequenceCounter.__table__
    for _ in range(3):
        number = session.execute(
            update(counter)
            .where(counter.c.kind == kind, counter.c.year == year)
            .values(last=counter.c.last + 1)
            .returning(counter.c.last)
        ).scalar()
        if number is not None:
            return number
        try:
            with session.begin_nested():
                session.execute(insert(counter).values(kind=kind, year=year, last=1))
            return 1
        except IntegrityError:
            continue  # another transaction created the year's counter first
    raise RuntimeError("could not allocate a number")


def log(request: Request, who: Principal, to_status: str, note: str | None, *, action: str, public: bool, before=None):
    request.history.append(
        RequestLog(
            actor=who.username,
            action=action,
            from_status=before if before is not None else request.status,
            to_status=to_status,
            note=note,
            public=public,
        )
    )
