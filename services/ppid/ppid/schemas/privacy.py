"""Data-subject requests: what the requester files, what the DPO answers, what staff read."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import Schema, required_text
from ppid.domain import privacy as rules
from ppid.schemas.common import choice


class Filing(Schema):
    registration_number = required_text(40, metadata={"description": "Nomor pendaftaran permohonan informasi"})
    tracking_code = required_text(40, metadata={"description": "Kode pelacakan permohonan itu"})
    kind = choice(rules.Kind)
    detail = fields.String(load_default="", validate=validate.Length(max=5000, error="Paling banyak 5000 karakter."))


class Receipt(Schema):
    number = fields.String()
    kind = fields.String()
    kind_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    filed_at = fields.String(metadata={"description": "ISO, zona waktu kantor"})
    due_at = fields.String(metadata={"description": "ISO, zona waktu kantor (3 x 24 jam sejak diajukan)"})
    due_rule = fields.String()
    restricted = fields.Boolean()


class StaffView(Receipt):
    registration_number = fields.String()
    detail = fields.String()
    overdue = fields.Boolean()
    answer = fields.String(allow_none=True)
    outcome = fields.Dict()
    answered_by = fields.String(allow_none=True)
    answered_at = fields.String(allow_none=True)
    allowed_actions = fields.List(fields.String())


class ListQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf([s.value for s in rules.Status]))


class Listing(Schema):
    items = fields.List(fields.Nested(StaffView))


class Answer(Schema):
    answer = fields.String(load_default="", validate=validate.Length(max=5000))
    corrections = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
