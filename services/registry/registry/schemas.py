"""Input validation and output shapes of the registry API (messages in Bahasa Indonesia)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from registry.domain import identifiers

REQUIRED = {"required": "Wajib diisi.", "null": "Wajib diisi."}
MEDIA_TYPES = ["print", "online", "television", "radio"]


def _text(max_length: int, **kwargs) -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=max_length, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
        **kwargs,
    )


class OutletInput(Schema):
    name = _text(200, metadata={"description": "Nama media"})
    legal_name = _text(200, metadata={"description": "Nama badan hukum (PT/koperasi/yayasan)"})
    media_type = fields.String(
        required=True,
        validate=validate.OneOf(MEDIA_TYPES, error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
        metadata={"enum": MEDIA_TYPES},
    )
    npwp = _text(30, metadata={"description": "NPWP badan, 15 atau 16 digit (tanda baca boleh)"})
    nib = _text(20, metadata={"description": "Nomor Induk Berusaha (OSS), 13 digit"})
    address = _text(500)
    city = _text(100)
    email = fields.Email(required=True, error_messages={**REQUIRED, "invalid": "Alamat email tidak valid."})
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=30))
    website = fields.URL(
        load_default=None, allow_none=True, schemes={"http", "https"}, error_messages={"invalid": "URL tidak valid."}
    )

    @pre_load
    def strip(self, data, **_kwargs):
        if isinstance(data, dict):
            return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
        return data

    @validates("npwp")
    def _npwp(self, value, **_kwargs):
        if problem := identifiers.npwp_problem(value):
            raise ValidationError(problem)

    @validates("nib")
    def _nib(self, value, **_kwargs):
        if problem := identifiers.nib_problem(value):
            raise ValidationError(problem)


class Outlet(Schema):
    id = fields.Integer()
    name = fields.String()
    legal_name = fields.String()
    media_type = fields.String()
    npwp = fields.String()
    nib = fields.String()
    address = fields.String()
    city = fields.String()
    email = fields.String()
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    registered_by = fields.String()
    registered_at = fields.DateTime()


class ListQuery(Schema):
    after = fields.String(metadata={"description": "Kursor halaman berikutnya (dari `next`)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class OutletPage(Schema):
    items = fields.List(fields.Nested(Outlet))
    next = fields.String(allow_none=True)


class Release(Schema):
    article_id = fields.Integer()
    type = fields.String()
    title = fields.String()
    slug = fields.String(allow_none=True)
    summary = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    opd = fields.String(allow_none=True)
    published_at = fields.DateTime()
    state = fields.String()
    correction_note = fields.String(allow_none=True)


class ReleasePage(Schema):
    items = fields.List(fields.Nested(Release))
    next = fields.String(allow_none=True)
