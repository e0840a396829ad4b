"""Personal data: why staff open a masked record, what they see then, and partners' data-subject requests."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import Schema
from registry.domain.personal_data import REASONS


class RevealIn(Schema):
    """Why a member of staff opens one record's masked personal data (written to the access log)."""

    reason = fields.String(
        required=True,
        validate=validate.OneOf(REASONS, error="Pilih alasan membuka data pribadi."),
        metadata={"description": "verify, contact, dispute, data_subject atau other"},
    )
    detail = fields.String(
        load_default="", validate=validate.Length(max=500), metadata={"description": "Wajib untuk other"}
    )


class RevealedOut(Schema):
    kind = fields.String(metadata={"description": "journalist atau kim_member"})
    id = fields.Integer()
    name = fields.String()
    nik = fields.String(allow_none=True, metadata={"description": "NIK wartawan (journalist)"})
    phone = fields.String(allow_none=True, metadata={"description": "Telepon anggota KIM (kim_member)"})
