"""Output shapes every service shares."""

from __future__ import annotations

from marshmallow import Schema, fields


class AuditEntry(Schema):
    """One line of an audit trail: who moved a record, when, from which state to which, and why."""

    at = fields.DateTime()
    actor = fields.String()
    action = fields.String(allow_none=True)
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    note = fields.String(allow_none=True)
