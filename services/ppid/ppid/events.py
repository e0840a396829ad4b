"""Events PPID publishes (written by services.py through the outbox; none carries personal data)."""

from chassis.consumer import Handlers

SUBMITTED = "ppid.request.submitted.v1"
ROUTED = "ppid.request.routed.v1"
EXTENDED = "ppid.request.extended.v1"
DECIDED = "ppid.request.decided.v1"
DELIVERED = "ppid.request.delivered.v1"
OVERDUE = "ppid.request.overdue.v1"
OBJECTION_FILED = "ppid.objection.filed.v1"
OBJECTION_DECIDED = "ppid.objection.decided.v1"
OBJECTION_OVERDUE = "ppid.objection.overdue.v1"
DISPUTE_FILED = "ppid.dispute.filed.v1"
DISPUTE_DECIDED = "ppid.dispute.decided.v1"
PUBLISHES = (
    SUBMITTED,
    ROUTED,
    EXTENDED,
    DECIDED,
    DELIVERED,
    OVERDUE,
    OBJECTION_FILED,
    OBJECTION_DECIDED,
    OBJECTION_OVERDUE,
    DISPUTE_FILED,
    DISPUTE_DECIDED,
)

handlers = Handlers()
