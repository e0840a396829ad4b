"""What every PPID schema shares: OPD codes, phone numbers, choices from an enum, file answers, years."""

from __future__ import annotations

import re

from marshmallow import fields, pre_load, validate

from chassis.openapi import file_answer
from chassis.schemas import REQUIRED, Schema

OPD_CODE = validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$", error="Kode OPD: huruf kecil, angka dan '-', mis. dinkes.")
PHONE = re.compile(r"^(\+62|62|0)8[0-9]{7,12}$|^(\+62|62|0)[2-9][0-9]{6,10}$")

PDF_ANSWER = file_answer("application/pdf", description="PDF")
ATTACHMENT_ANSWER = file_answer("application/pdf", "image/jpeg", "image/png", description="Lampiran (PDF, JPEG, PNG)")


def upload_body(*required: str, **properties: dict) -> dict:
    """The OpenAPI of a multipart body with a ``file`` (PDF, JPEG or PNG, checked by content) and text fields."""
    fields_ = {name: {"type": "string"} for name in required} | properties
    form = {"type": "object", "required": list(required),
            "properties": {**fields_, "file": {"type": "string", "format": "binary"}}}  # fmt: skip
    return {"requestBody": {"content": {"multipart/form-data": {"schema": form}}}}


def choice(enum_cls) -> fields.String:
    values = [m.value for m in enum_cls]
    return fields.String(
        required=True,
        validate=validate.OneOf(values, error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
        metadata={"enum": values},
    )


class Trimmed(Schema):
    """Text fields without the spaces a form leaves around them."""

    @pre_load
    def trim(self, data, **_kwargs):
        return (
            {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()} if isinstance(data, dict) else data
        )


REPORT_YEARS = validate.Range(min=2008, max=2100, error="Tahun {min}-{max}.")


class ReportYear(Schema):
    year = fields.Integer(
        required=True, validate=REPORT_YEARS, error_messages={**REQUIRED, "invalid": "Tahun berupa angka, mis. 2026."}
    )
