"""Recovering a lost tracking code: the contact given on the request, and the one answer."""

from __future__ import annotations

import re

from marshmallow import ValidationError, fields, validate, validates

from chassis.schemas import Schema, required_text
from ppid.schemas.common import PHONE


class RecoverCode(Schema):
    contact = required_text(254, metadata={"description": "Email atau nomor telepon yang diisi pada permohonan"})

    @validates("contact")
    def _email_or_phone(self, value: str, **_) -> None:
        value = value.strip()
        if "@" in value:
            validate.Email(error="Email tidak valid.")(value)
        elif not PHONE.match(re.sub(r"[\s.\-()]", "", value)):
            raise ValidationError("Isi email atau nomor telepon (mis. 0812-3456-7890).")


class RecoverAnswer(Schema):
    detail = fields.String(metadata={"description": "The same words whether or not a request has this contact"})
