"""Events PPID publishes (written by the use cases through the outbox; none carries personal data), and the one it
consumes (``handlers``): the office's OPD list, from its own gateway (``opd_list_changed``).

Every event about a request carries ``state``: the request's figures as they stand after the change (see
:func:`state`). A read model elsewhere, such as the province's roll-up of its regencies, keeps the latest state
per request by its ``revision``, so a duplicate, a replay or a late snapshot never counts anything twice.
"""

from __future__ import annotations

from typing import Any

from chassis import opds as chassis_opds
from chassis.consumer import Handlers
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from ppid.domain import objections as objection_rules
from ppid.domain import workflow

SUBMITTED = "ppid.request.submitted.v1"
INCOMPLETE = "ppid.request.incomplete.v1"
COMPLETED = "ppid.request.completed.v1"
CLOSED = "ppid.request.closed.v1"
ROUTED = "ppid.request.routed.v1"
EXTENDED = "ppid.request.extended.v1"
DECIDED = "ppid.request.decided.v1"
DELIVERED = "ppid.request.delivered.v1"
OVERDUE = "ppid.request.overdue.v1"
SNAPSHOT = "ppid.request.snapshot.v1"
OBJECTION_FILED = "ppid.objection.filed.v1"
OBJECTION_DECIDED = "ppid.objection.decided.v1"
OBJECTION_OVERDUE = "ppid.objection.overdue.v1"
DISPUTE_FILED = "ppid.dispute.filed.v1"
DISPUTE_DECIDED = "ppid.dispute.decided.v1"
PUBLISHES = (
    SUBMITTED,
    INCOMPLETE,
    COMPLETED,
    CLOSED,
    ROUTED,
    EXTENDED,
    DECIDED,
    DELIVERED,
    OVERDUE,
    SNAPSHOT,
    OBJECTION_FILED,
    OBJECTION_DECIDED,
    OBJECTION_OVERDUE,
    DISPUTE_FILED,
    DISPUTE_DECIDED,
)

handlers = Handlers()

OPDS_CHANGED = chassis_opds.CHANGED


@handlers.on(OPDS_CHANGED)
def opd_list_changed(uow: UnitOfWork, event: CloudEvent) -> None:
    """The office's whole list of OPDs, published by the gateway at each change: kept as the disposition's
    choices and the names shown for codes (another office's list, reaching this broker by federation, is not)."""
    from ppid.use_cases import opds  # here: the use cases import this module for what they publish

    if chassis_opds.from_own_gateway(uow.source, event):
        opds.receive_list(uow, event.data)


_REFUSING = frozenset(workflow.NEEDS_EXEMPTION)


def state(request, *, history: int | None = None, objections=None) -> dict[str, Any]:
    """The request's figures after this change, by the yearly report's own definitions: decided once the notice
    is signed (``decided_on``); late when signed after the due date in force (the extension included); grounds
    only of a refusal or a partial grant; open while the request is still being worked on.

    ``revision`` grows with every change: each one writes an audit entry, and the worker's lapse flag (which
    writes none) adds one. ``history`` and ``objections`` may be given when they were counted in bulk (the
    snapshot); otherwise they are read from the request.
    """
    decided = request.decided_on is not None
    objections = request.objections if objections is None else objections
    entries = len(request.history) if history is None else history
    status = workflow.Status(request.status)
    refusing = decided and request.decision in _REFUSING
    disputed = [o for o in objections if o.dispute_filed_on is not None]
    return {
        "revision": entries + (1 if request.overdue_notified_at is not None else 0),
        "received_on": request.received_on.isoformat(),
        "channel": request.channel,
        "status": status.value,
        "open": status in workflow.OPEN,
        "due_date": request.due_date.isoformat(),
        "extended": request.extended_at is not None,
        "overdue": status in workflow.CLOCK_RUNS and request.overdue_notified_at is not None,
        "decision": request.decision if decided else None,
        "refusal_grounds": sorted(set(request.refusal_grounds or ())) if refusing else [],
        "decided_on": request.decided_on.isoformat() if decided else None,
        "late": request.decided_on > request.due_date if decided else None,
        "objections": len(objections),
        "objections_pending": sum(1 for o in objections if o.status == objection_rules.Status.FILED),
        "disputes": len(disputed),
        "disputes_pending": sum(1 for o in disputed if o.dispute_outcome is None),
    }
