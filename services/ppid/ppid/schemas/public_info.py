"""The public information list (DIP), OPD guidance and the satisfaction survey (SKM)."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import REQUIRED, Schema, required_text
from ppid.domain import dip as dip_rules
from ppid.domain import survey as survey_rules
from ppid.domain import workflow
from ppid.schemas.common import (
    OPD_CODE,
    Trimmed,
    choice,
)


class DipInput(Trimmed):
    title = required_text(300, metadata={"description": "Judul informasi"})
    summary = required_text(
        5000, metadata={"description": "Ringkasan isi informasi (tidak ditampilkan bila dikecualikan)"}
    )
    category = choice(dip_rules.Category)
    opd = fields.String(required=True, validate=OPD_CODE, error_messages=REQUIRED, metadata={"description": "OPD"})
    responsible = required_text(200, metadata={"description": "Penanggung jawab pembuatan atau penerbitan informasi"})
    made_on = fields.Date(load_default=None, allow_none=True, error_messages={"invalid": "Tanggal tidak valid."})
    period = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "Bila tanpa tanggal: periode pembuatan, mis. 'Setiap tahun'"},
    )
    place = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    form = choice(dip_rules.Form)
    retention = required_text(100, metadata={"description": "Jangka waktu penyimpanan, mis. '5 tahun'"})
    url = fields.Url(
        load_default=None,
        allow_none=True,
        schemes={"http", "https"},
        validate=validate.Length(max=500),
        error_messages={"invalid": "Tautan tidak valid (awali dengan http:// atau https://)."},
    )
    exemption_grounds = fields.List(
        fields.String(validate=validate.OneOf(sorted(workflow.EXEMPTIONS), error="Alasan Pasal 17 huruf a-j.")),
        load_default=list,
        metadata={"description": "Hanya untuk informasi yang dikecualikan: huruf a-j Pasal 17"},
    )
    exemption_reason = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=20000),
        metadata={"description": "Hanya untuk informasi yang dikecualikan: ringkasan uji konsekuensi (Pasal 19)"},
    )
    published = fields.Boolean(load_default=False)


class DipChanges(DipInput):
    """The fields of a DIP entry to change (load with ``partial=True``)."""


class DipEntryOut(Schema):
    """A DIP entry; the public sees only the title, holder and grounds of an exempt one, and no staff fields."""

    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    category = fields.String()
    category_label = fields.String()
    opd = fields.String()
    responsible = fields.String()
    made_on = fields.Date(allow_none=True)
    period = fields.String(allow_none=True)
    place = fields.String(allow_none=True)
    form = fields.String()
    form_label = fields.String()
    retention = fields.String()
    url = fields.String(allow_none=True)
    exemption_grounds = fields.List(fields.String())
    exemption_reason = fields.String(allow_none=True)
    updated_at = fields.DateTime()
    file_name = fields.String(allow_none=True, metadata={"description": "Dokumen terlampir: GET /dip/<id>/file"})
    file_type = fields.String(allow_none=True)
    file_size = fields.Integer(allow_none=True)
    published = fields.Boolean(metadata={"description": "Hanya petugas"})
    created_by = fields.String(metadata={"description": "Hanya petugas"})
    created_at = fields.DateTime(metadata={"description": "Hanya petugas"})


class DipQuery(Schema):
    category = fields.String(validate=validate.OneOf([c.value for c in dip_rules.Category]))
    opd = fields.String(validate=validate.Length(max=64))
    q = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "Cari di judul dan ringkasan"})
    after = fields.String()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class DipList(Schema):
    items = fields.List(fields.Nested(DipEntryOut))
    next = fields.String(allow_none=True)


class GuidanceInput(Trimmed):
    opd_name = required_text(200, metadata={"description": "Nama OPD"})
    holds = required_text(5000, metadata={"description": "Informasi yang dikuasai OPD"})
    cannot_give = required_text(5000, metadata={"description": "Informasi yang tidak dapat diberikan OPD"})
    contact = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class GuidanceOut(Schema):
    opd = fields.String()
    opd_name = fields.String()
    holds = fields.String()
    cannot_give = fields.String()
    contact = fields.String(allow_none=True)
    updated_at = fields.DateTime()


class GuidanceList(Schema):
    items = fields.List(fields.Nested(GuidanceOut))


def _score(label: str) -> fields.Integer:
    return fields.Integer(
        required=True,
        validate=validate.Range(min=survey_rules.LOWEST, max=survey_rules.HIGHEST, error="Nilai {min}-{max}."),
        error_messages={**REQUIRED, "invalid": "Isi angka 1-4."},
        metadata={"description": f"{label} (1-4)"},
    )


class SurveyInput(Schema):
    """The SKM form: the request's number and tracking code, and a score of 1-4 for each of the nine elements."""

    registration_number = required_text(40)
    tracking_code = required_text(40)
    requirements = _score(survey_rules.ELEMENTS["requirements"])
    procedure = _score(survey_rules.ELEMENTS["procedure"])
    time = _score(survey_rules.ELEMENTS["time"])
    cost = _score(survey_rules.ELEMENTS["cost"])
    product = _score(survey_rules.ELEMENTS["product"])
    competence = _score(survey_rules.ELEMENTS["competence"])
    behaviour = _score(survey_rules.ELEMENTS["behaviour"])
    complaints = _score(survey_rules.ELEMENTS["complaints"])
    facilities = _score(survey_rules.ELEMENTS["facilities"])
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class SurveyReceipt(Schema):
    registration_number = fields.String()
    answered_on = fields.Date()


class SurveyYearQuery(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2017, max=2100), error_messages=REQUIRED)


class ElementMean(Schema):
    label = fields.String()
    mean = fields.Float(allow_none=True)


class SurveyYear(Schema):
    year = fields.Integer()
    responses = fields.Integer()
    elements = fields.Dict(keys=fields.String(), values=fields.Nested(ElementMean))
    index = fields.Float(allow_none=True, metadata={"description": "Indeks kepuasan 25-100"})
    band = fields.String(allow_none=True, metadata={"description": "Mutu pelayanan A-D"})
    band_label = fields.String(allow_none=True)
