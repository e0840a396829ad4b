"""The office's own settings and views: closed days, moved deadlines, the yearly report and its obstacles."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import REQUIRED, Schema, required_text
from ppid.schemas.common import (
    ReportYear,
)


class ClosedDayInput(Schema):
    day = fields.Date(required=True, error_messages=REQUIRED)
    reason = required_text(500)
    apply = fields.Boolean(load_default=False, metadata={"description": "false: tampilkan dampaknya saja"})


class ReopenDayInput(Schema):
    day = fields.Date(required=True, error_messages={**REQUIRED, "invalid": "Tanggal tidak valid."})
    apply = fields.Boolean(load_default=False, metadata={"description": "false: tampilkan dampaknya saja"})


class MovedDeadline(Schema):
    kind = fields.String(metadata={"description": "notice, completion, opd, objection_answer, dispute"})
    label = fields.String()
    number = fields.String(metadata={"description": "Nomor permohonan atau keberatan"})
    registration_number = fields.String()
    status = fields.String()
    due_date = fields.Date()
    new_due_date = fields.Date()


class ClosedDayResult(Schema):
    day = fields.Date()
    reason = fields.String()
    applied = fields.Boolean()
    moved = fields.List(fields.Nested(MovedDeadline))


class ClosedDayOut(Schema):
    day = fields.Date()
    reason = fields.String()
    created_by = fields.String()


class ClosedDayList(Schema):
    items = fields.List(fields.Nested(ClosedDayOut))


class CalendarChangeResult(Schema):
    applied = fields.Boolean()
    moved = fields.List(fields.Nested(MovedDeadline))


class DeadlineItem(Schema):
    number = fields.String()
    status = fields.String()
    due_date = fields.Date()
    working_days_left = fields.Integer()
    overdue = fields.Boolean()


class Deadlines(Schema):
    today = fields.Date()
    horizon = fields.Date()
    requests = fields.List(fields.Nested(DeadlineItem))
    objections = fields.List(fields.Nested(DeadlineItem))


class YearlyReport(Schema):
    """The yearly report (laporan layanan informasi publik) as JSON; CSV, XLSX and PDF carry the same figures."""

    year = fields.Integer()
    opd = fields.String(allow_none=True)
    opd_name = fields.String(allow_none=True, metadata={"description": "Nama OPD dari daftar OPD kantor"})
    requests = fields.Integer()
    decided = fields.Integer()
    pending = fields.Integer()
    granted = fields.Integer()
    partly_granted = fields.Integer()
    refused = fields.Integer()
    refused_by_ground = fields.Dict(keys=fields.String(), values=fields.Integer())
    not_held = fields.Integer()
    not_documented = fields.Integer()
    extended = fields.Integer()
    duplicates = fields.Integer(
        metadata={"description": "Ditutup sebagai duplikat permohonan lain: tidak termasuk jumlah permohonan"}
    )
    days_to_decide = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    objections = fields.Dict(keys=fields.String(), values=fields.Integer())
    disputes = fields.Integer()
    dispute_outcomes = fields.Dict(keys=fields.String(), values=fields.Integer())
    per_opd = fields.List(fields.Dict(), metadata={"description": "Per OPD, dengan kode (opd) dan nama (opd_name)"})
    per_month = fields.List(fields.Integer())
    survey = fields.Dict(metadata={"description": "Survei kepuasan (laporan seluruh kantor saja)"})
    obstacles = fields.List(fields.Dict(), metadata={"description": "Hambatan dan penyebabnya (seluruh kantor)"})


class DeadlineQuery(Schema):
    within = fields.Integer(load_default=3, validate=validate.Range(min=0, max=60))


class ObstacleInput(ReportYear):
    """An obstacle (hambatan) in the year's service and its cause, as the yearly report of Perki 1/2021 asks."""

    obstacle = required_text(2000, metadata={"description": "Hambatan dalam pelayanan informasi"})
    cause = required_text(2000, metadata={"description": "Penyebab hambatan"})


class ObstacleOut(Schema):
    id = fields.Integer()
    year = fields.Integer()
    obstacle = fields.String()
    cause = fields.String()
    created_by = fields.String()
    created_at = fields.DateTime()


class ObstacleList(Schema):
    items = fields.List(fields.Nested(ObstacleOut))
