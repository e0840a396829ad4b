"""Schemas of outlets, their journalists and staff, and the releases partners prove."""

from __future__ import annotations

from marshmallow import ValidationError, fields, pre_load, validate, validates, validates_schema
from marshmallow.utils import get_value

from chassis.schemas import REQUIRED, Schema, required_text
from registry.domain import identifiers
from registry.schemas.common import MEDIA_TYPES, Code

DEWAN_PERS_STATUSES = ["none", "administrative", "factual"]


ENTITY_TYPES = ["pt", "koperasi", "yayasan", "perkumpulan", "perseroan_perorangan"]


class OutletInput(Schema):
    name = required_text(200, data_key="brand", metadata={"description": "Nama media (merek)"})
    entity_type = Code(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(ENTITY_TYPES, error="Pilih salah satu: {choices}."),
        metadata={"description": "Huruf besar/kecil sama saja (PT = pt); disimpan huruf kecil"},
    )
    dewan_pers_status = fields.String(
        load_default="none",
        validate=validate.OneOf(DEWAN_PERS_STATUSES, error="Pilih salah satu: {choices}."),
        metadata={
            "enum": DEWAN_PERS_STATUSES,
            "description": "Status Dewan Pers: dicatat hanya bila verifikator yang mendaftarkan. Dari akun mitra "
            "media isian ini diabaikan: perusahaan pers terdaftar dengan `none` sampai verifikator mencatatnya.",
        },
    )
    legal_name = required_text(200, metadata={"description": "Nama badan hukum (PT/koperasi/yayasan)"})
    media_type = Code(
        required=True,
        validate=validate.OneOf(MEDIA_TYPES, error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
        metadata={"enum": MEDIA_TYPES},
    )
    npwp = required_text(30, metadata={"description": "NPWP badan, 15 atau 16 digit (tanda baca boleh)"})
    nib = required_text(20, metadata={"description": "Nomor Induk Berusaha (OSS), 13 digit"})
    address = required_text(500)
    city = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    email = fields.Email(load_default=None, allow_none=True, error_messages={"invalid": "Alamat email tidak valid."})
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


class OutletPatch(OutletInput):
    """Any profile field of the outlet, each validated as at registration; the Dewan Pers status is the verifier's
    (``PUT /outlets/<id>/dewan-pers``)."""

    class Meta:
        exclude = ("dewan_pers_status",)


class Outlet(Schema):
    id = fields.Integer()
    brand = fields.Function(lambda outlet: get_value(outlet, "name"))
    name = fields.String()
    entity_type = fields.String(allow_none=True)
    dewan_pers_status = fields.String()
    legal_name = fields.String()
    media_type = fields.String()
    npwp = fields.String()
    nib = fields.String()
    address = fields.String()
    city = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    registered_by = fields.String()
    registered_at = fields.DateTime()
    dewan_pers_on = fields.Date(allow_none=True)


class OutletChangeOut(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String(metadata={"description": "profile, dewan_pers, journalist_updated, journalist_removed"})
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields")
    journalist_id = fields.Integer(allow_none=True)


class OutletDetail(Outlet):
    changes = fields.List(fields.Nested(OutletChangeOut), metadata={"description": "Riwayat perubahan, terbaru dulu"})


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


class JournalistIn(Schema):
    name = required_text(200)
    nik = required_text(20, metadata={"description": "16 digit; dilihat hanya perusahaan pers itu dan verifikator"})
    role = fields.String(
        required=True,
        validate=validate.OneOf(["editor_in_chief", "editor", "reporter", "photographer"]),
        error_messages=REQUIRED,
    )
    ukw_level = fields.String(load_default="none", validate=validate.OneOf(["none", "muda", "madya", "utama"]))
    ukw_certificate = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=60), data_key="ukw_certificate_no"
    )
    ukw_certified_on = fields.Date(load_default=None, allow_none=True)
    press_card = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=60),
        metadata={"description": "Nomor kartu pers"},
    )

    @validates("nik")
    def _nik(self, value, **_kwargs):
        if not (value.isdigit() and len(value) == 16):
            raise ValidationError("NIK harus 16 digit angka.")

    @validates_schema(skip_on_field_errors=False, pass_original=True)  # with the other fields' problems, not after
    def _certificate(self, data, original, **_kwargs):
        given = original.get("ukw_certificate_no") if isinstance(original, dict) else None
        if data.get("ukw_level", "none") != "none" and not (isinstance(given, str) and given.strip()):
            raise ValidationError("Isi nomor sertifikat UKW.", "ukw_certificate_no")


class JournalistPatch(Schema):
    """What changes about a journalist: role, UKW level with its certificate, press card (the name and NIK stay)."""

    role = fields.String(validate=validate.OneOf(["editor_in_chief", "editor", "reporter", "photographer"]))
    ukw_level = fields.String(validate=validate.OneOf(["none", "muda", "madya", "utama"]))
    ukw_certificate = fields.String(allow_none=True, validate=validate.Length(max=60), data_key="ukw_certificate_no")
    ukw_certified_on = fields.Date(allow_none=True)
    press_card = fields.String(allow_none=True, validate=validate.Length(max=60))


class JournalistLeave(Schema):
    left_on = fields.Date(
        load_default=None, allow_none=True, metadata={"description": "Hari keluar (bawaan: hari ini, tanggal kantor)"}
    )


class JournalistOut(Schema):
    id = fields.Integer()
    name = fields.String()
    nik = fields.String()
    role = fields.String()
    ukw_level = fields.String()
    ukw_certificate_no = fields.String(attribute="ukw_certificate", allow_none=True)
    ukw_certified_on = fields.Date(allow_none=True)
    press_card = fields.String(allow_none=True)
    left_on = fields.Date(allow_none=True, metadata={"description": "Keluar sejak; tidak dihitung lagi sejak hari itu"})


class DewanPersIn(Schema):
    status = fields.String(
        required=True, validate=validate.OneOf(["none", "administrative", "factual"]), error_messages=REQUIRED
    )
    verified_on = fields.Date(load_default=None, allow_none=True)


class InvitationIn(Schema):
    email = fields.Email(required=True, error_messages=REQUIRED)
