"""Schemas of periods, the document catalogue, applications, their review, scoring and appeals."""

from __future__ import annotations

from marshmallow import fields, pre_load, validate

from chassis.schemas import REQUIRED, AuditEntry, Schema, required_text
from registry.schemas.common import CODE_ERROR, MEDIA_TYPES, Code


class DocumentTypeIn(Schema):
    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{1,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = required_text(200)
    media_types = fields.List(
        Code(validate=validate.OneOf(MEDIA_TYPES, error="Pilih salah satu: {choices}.")), load_default=list
    )
    expires = fields.Boolean(load_default=False, metadata={"description": "Berlaku sampai tanggal tertentu"})


class DocumentTypeOut(Schema):
    code = fields.String()
    label = fields.String()
    media_types = fields.List(fields.String())
    expires = fields.Boolean()


class RequirementIn(Schema):
    """A required document: a code of the catalogue, or a new one with its label (added to the catalogue)."""

    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{1,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = fields.String(validate=validate.Length(min=1, max=200))
    required = fields.Boolean(load_default=True)
    expires = fields.Boolean(load_default=False)


class TierIn(Schema):
    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = required_text(100)
    rate = fields.Integer(required=True, validate=validate.Range(min=0), error_messages=REQUIRED)
    quota = fields.Integer(
        required=True,
        validate=validate.Range(min=0),
        error_messages=REQUIRED,
        metadata={"description": "Kuota publikasi per kontrak (bawaan kontrak tingkatan ini)"},
    )
    seats = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "Jumlah mitra paling banyak pada tingkatan ini; 0: tanpa batas"},
    )
    min_score = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "Skor terkonfirmasi minimum (bila masa memakai penilaian)"},
    )


class RulesIn(Schema):
    require_dewan_pers = fields.Boolean(load_default=False)
    require_ukw_utama_for_chief = fields.Boolean(load_default=False)


class PeriodIn(Schema):
    kind = fields.String(load_default="kemitraan", validate=validate.Length(max=40))
    year = fields.Integer(
        required=True, data_key="fiscal_year", validate=validate.Range(min=2020, max=2100), error_messages=REQUIRED
    )
    title = required_text(200, data_key="name")
    tiers = fields.List(fields.Nested(TierIn), load_default=list)
    rules = fields.Nested(RulesIn, load_default=dict)
    opens_at = fields.AwareDateTime(
        required=True, error_messages={**REQUIRED, "invalid_awareness": "Sertakan zona waktu."}
    )
    closes_at = fields.AwareDateTime(
        required=True, error_messages={**REQUIRED, "invalid_awareness": "Sertakan zona waktu."}
    )
    budget = fields.Integer(load_default=0, validate=validate.Range(min=0))
    requirements = fields.List(fields.Nested(RequirementIn), load_default=list)
    criteria = fields.List(fields.Nested(lambda: CriterionIn()), load_default=list)
    appeal_days = fields.Integer(
        load_default=14,
        validate=validate.Range(min=0, max=365),
        metadata={"description": "Hari setelah penolakan untuk banding (0: tanpa banding)"},
    )


class PeriodOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    fiscal_year = fields.Integer(attribute="year")
    name = fields.String(attribute="title")
    tiers = fields.List(fields.Dict())
    requires_dewan_pers = fields.Boolean()
    requires_ukw_utama = fields.Boolean()
    opens_at = fields.DateTime()
    closes_at = fields.DateTime()
    budget = fields.Integer()
    requirements = fields.List(fields.Dict())
    criteria = fields.List(fields.Dict())
    appeal_days = fields.Integer()
    open = fields.Boolean()
    seconds_left = fields.Integer(allow_none=True, metadata={"description": "Detik sampai ditutup (bila dibuka)"})


class PeriodList(Schema):
    items = fields.List(fields.Nested(PeriodOut))


class DocumentOut(Schema):
    type_code = fields.String()
    file_name = fields.String()
    file_type = fields.String()
    file_size = fields.Integer()
    expires_on = fields.Date(allow_none=True)
    uploaded_at = fields.DateTime()
    status = fields.String()
    note = fields.String(allow_none=True)
    reviewed_by = fields.String(allow_none=True)
    carried_over_from = fields.Integer(allow_none=True, metadata={"description": "Dibawa dari pendaftaran ini"})


ApplicationLogOut = AuditEntry


class ApplicationOut(Schema):
    id = fields.Integer()
    period_id = fields.Integer()
    outlet_id = fields.Integer()
    tier = fields.String(allow_none=True)
    status = fields.String()
    status_label = fields.String()
    submitted_at = fields.DateTime(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    note = fields.String(allow_none=True)
    documents = fields.List(fields.Nested(DocumentOut))
    requirements = fields.List(fields.Dict())
    failing = fields.List(fields.Dict(), metadata={"description": "Aturan yang belum terpenuhi untuk verifikasi"})
    allowed_actions = fields.List(fields.String())
    log = fields.List(fields.Nested(ApplicationLogOut))


class ActionIn(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class ApplicationIn(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    outlet_id = fields.Integer(load_default=None, allow_none=True)
    tier = Code(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={"description": "Kode tingkatan masa itu; huruf besar/kecil sama saja"},
    )


class DocumentVerdict(Schema):
    accepted = fields.Boolean(required=True, error_messages=REQUIRED)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ReviewIn(Schema):
    documents = fields.Dict(keys=fields.String(), values=fields.Nested(DocumentVerdict), load_default=dict)
    decision = fields.String(
        required=True, validate=validate.OneOf(["revise", "verify", "reject"]), error_messages=REQUIRED
    )
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


def _value_as_text(data):
    """A measure may come as a JSON number; it is kept as text (the domain parses it)."""
    value = data.get("value") if isinstance(data, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {**data, "value": str(value)}
    return data


class ScoreOptionIn(Schema):
    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = required_text(200)
    points = fields.Integer(required=True, validate=validate.Range(min=0), error_messages=REQUIRED)


class ScoreBandIn(Schema):
    min = fields.Decimal(
        required=True,
        as_string=True,
        validate=validate.Range(min=0),
        error_messages=REQUIRED,
        metadata={"description": "Batas bawah (inklusif) ukuran", "minimum": 0},
    )
    points = fields.Integer(required=True, validate=validate.Range(min=0), error_messages=REQUIRED)
    label = fields.String(load_default="", validate=validate.Length(max=200))


class CriterionIn(Schema):
    """A scoring criterion: fixed options with points, or a numeric measure with bands (from ``min``: points)."""

    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{1,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = required_text(200)
    media_type = Code(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(MEDIA_TYPES),
        metadata={"description": "Kosong: semua jenis media"},
    )
    max_points = fields.Integer(required=True, validate=validate.Range(min=1), error_messages=REQUIRED)
    unit = fields.String(load_default="", validate=validate.Length(max=40))
    options = fields.List(fields.Nested(ScoreOptionIn), load_default=list)
    bands = fields.List(fields.Nested(ScoreBandIn), load_default=list)


class ClaimIn(Schema):
    """The outlet's claim on one criterion (JSON or multipart with a `file` as evidence)."""

    value = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        error_messages=REQUIRED,
        metadata={"description": "Kode pilihan, atau angka untuk ukuran"},
    )
    evidence_url = fields.URL(
        load_default=None, allow_none=True, schemes={"http", "https"}, error_messages={"invalid": "URL tidak valid."}
    )
    evidence_text = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @pre_load
    def _numbers_as_text(self, data, **_kwargs):
        return _value_as_text(data)


class ScoreVerdict(Schema):
    value = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "Kosong atau sama dengan klaim: dikonfirmasi; lain: koreksi"},
    )
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @pre_load
    def _numbers_as_text(self, data, **_kwargs):
        return _value_as_text(data)


class ScoreReviewIn(Schema):
    criteria = fields.Dict(
        keys=fields.String(), values=fields.Nested(ScoreVerdict), required=True, error_messages=REQUIRED
    )


class AppealIn(Schema):
    reason = required_text(5000)


class AppealDecisionIn(Schema):
    granted = fields.Boolean(required=True, error_messages=REQUIRED)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class ApplicationDetail(ApplicationOut):
    """An application with its score and appeal: ``tier`` is the tier claimed when applying, ``scored_tier`` the one
    the confirmed score set at verification (it counts when the period scores)."""

    score = fields.Integer(allow_none=True)
    scored_tier = fields.String(allow_none=True)
    appeal = fields.Dict(allow_none=True, metadata={"description": "Banding: alasan, keputusan, atau batas waktunya"})
