"""Schemas of community information groups (KIM), their members and activities."""

from __future__ import annotations

from marshmallow import fields, validate

from chassis.schemas import REQUIRED, Schema, required_text
from registry.schemas.common import ListQuery

REGION_CODE = r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$"


class KimIn(Schema):
    region_code = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Regexp(
            REGION_CODE, error="Kode wilayah Kemendagri: 71.74.01 (kecamatan) atau 71.74.01.2001 (desa/kelurahan)."
        ),
    )
    region_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    name = required_text(200)
    chair = required_text(200, metadata={"description": "Nama ketua"})
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    founded_on = fields.Date(load_default=None, allow_none=True)
    decree_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class KimMemberIn(Schema):
    name = required_text(200)
    role = required_text(100, metadata={"description": "Ketua, sekretaris, anggota, ..."})
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^\+?[0-9 ()-]{6,20}$", error="Nomor telepon tidak valid."),
    )


class KimActivityIn(Schema):
    held_on = fields.Date(required=True, error_messages=REQUIRED)
    title = required_text(200)
    description = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    url = fields.URL(
        load_default=None, allow_none=True, schemes={"http", "https"}, error_messages={"invalid": "URL tidak valid."}
    )


class KimListQuery(ListQuery):
    region = fields.String(
        validate=validate.Regexp(r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$", error="Awalan kode wilayah, mis. 71.74.01."),
        metadata={"description": "Awalan kode wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa)"},
    )
