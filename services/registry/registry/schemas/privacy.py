"""Personal data: why staff open a masked record, what they see then, and partners' data-subject requests."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import Schema
from registry.domain.personal_data import REASONS
from registry.domain.privacy import Kind, Status


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


class PrivacyRequestIn(Schema):
    """A partner's data-subject request about its own outlet's people."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf([k.value for k in Kind], error="Pilih jenis permintaan."),
        metadata={"description": "copy, correct, erase atau restrict"},
    )
    detail = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "Apa yang diminta (wajib untuk correct: data mana dan yang benar)"},
    )


class PrivacyAnswerIn(Schema):
    note = fields.String(
        required=True, validate=validate.Length(min=1, max=4000), metadata={"description": "Jawaban untuk mitra"}
    )


class PrivacyRequestOut(Schema):
    number = fields.String()
    outlet_id = fields.Integer()
    filed_by = fields.String()
    kind = fields.String()
    kind_label = fields.String()
    status = fields.String()
    status_label = fields.String()
    detail = fields.String()
    filed_at = fields.DateTime()
    due_at = fields.DateTime(metadata={"description": "3 x 24 jam sejak diajukan"})
    due_rule = fields.String()
    overdue = fields.Boolean()
    restricted = fields.Boolean()
    answer = fields.String(allow_none=True)
    outcome = fields.Dict()
    answered_by = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)


class PrivacyRequestList(Schema):
    items = fields.List(fields.Nested(PrivacyRequestOut))


class PrivacyStatusQuery(Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))


class PrivacyCopyOut(Schema):
    number = fields.String()
    outlet = fields.Dict(metadata={"description": "Nama, badan hukum, alamat, kota, email dan telepon perusahaan"})
    accounts = fields.List(fields.String(allow_none=True))
    journalists = fields.List(fields.Dict(), metadata={"description": "Nama, NIK, jabatan, UKW, kartu pers, keluar"})
