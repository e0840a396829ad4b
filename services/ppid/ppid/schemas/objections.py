"""Objections and disputes: what the requester files, the superior answers and the office records."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import REQUIRED, Schema, required_text
from ppid.domain import objections as objection_rules


class ObjectionOut(Schema):
    number = fields.String()
    registration_number = fields.String(attribute="request.registration_number")
    grounds = fields.List(fields.String())
    reason = fields.String()
    status = fields.String()
    filed_on = fields.Date()
    due_date = fields.Date()
    due_rule = fields.String()
    outcome = fields.String(allow_none=True)
    answer = fields.String(allow_none=True)
    answered_on = fields.Date(allow_none=True)
    dispute_due = fields.Date(allow_none=True)
    dispute_filed_on = fields.Date(allow_none=True)
    dispute_reference = fields.String(allow_none=True)
    overdue = fields.Boolean(metadata={"description": "Atasan PPID melewati batas 30 hari kerja tanpa tanggapan"})
    dispute_rule = fields.String()
    dispute_outcome = fields.String(allow_none=True)
    dispute_outcome_label = fields.String(allow_none=True)
    dispute_decided_on = fields.Date(allow_none=True)
    dispute_decision_number = fields.String(allow_none=True)


class ObjectionInput(Schema):
    registration_number = required_text(40)
    tracking_code = required_text(40)
    grounds = fields.List(
        fields.String(validate=validate.OneOf(sorted(objection_rules.GROUNDS), error="Alasan a-g (Pasal 35).")),
        required=True,
        validate=validate.Length(min=1, error="Pilih minimal satu alasan keberatan."),
        error_messages=REQUIRED,
    )
    reason = required_text(5000, metadata={"description": "Uraian keberatan"})


class ObjectionDecision(Schema):
    outcome = fields.String(
        required=True,
        validate=validate.OneOf([o.value for o in objection_rules.Outcome], error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
    )
    answer = required_text(20000, metadata={"description": "Tanggapan tertulis atasan PPID"})


class DisputeInput(Schema):
    filed_on = fields.Date(required=True, error_messages=REQUIRED)
    reference = fields.String(validate=validate.Length(max=100), metadata={"description": "Nomor register sengketa KI"})


class DisputeOutcomeInput(Schema):
    """What the Komisi Informasi decided (mediation or adjudication), when, and the number of its decision."""

    outcome = fields.String(
        required=True,
        validate=validate.OneOf(
            [o.value for o in objection_rules.DisputeOutcome], error="Pilih salah satu: {choices}."
        ),
        error_messages=REQUIRED,
    )
    decided_on = fields.Date(required=True, error_messages={**REQUIRED, "invalid": "Tanggal tidak valid."})
    decision_number = required_text(100, metadata={"description": "Nomor putusan atau akta perdamaian mediasi"})


class ObjectionList(Schema):
    items = fields.List(fields.Nested(ObjectionOut))
