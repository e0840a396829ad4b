"""Output shapes every service shares."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

# Messages of a missing field, in Bahasa Indonesia like every form of the suite.
REQUIRED = {"required": "Wajib diisi.", "null": "Wajib diisi."}


def required_text(max_length: int, **kwargs) -> fields.String:
    """A required, non-empty text field of at most ``max_length`` characters."""
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=max_length, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
        **kwargs,
    )


class AuditEntry(Schema):
    """One line of an audit trail: who moved a record, when, from which state to which, and why."""

    at = fields.DateTime()
    actor = fields.String()
    action = fields.String(allow_none=True)
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    note = fields.String(allow_none=True)
