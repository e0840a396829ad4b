"""Input validation and output shapes of the PPID API (messages in Bahasa Indonesia)."""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from ppid.domain import requests as rules

REQUIRED = {"required": "Wajib diisi.", "null": "Wajib diisi."}
PHONE = re.compile(r"^(\+62|62|0)8[0-9]{7,12}$|^(\+62|62|0)[2-9][0-9]{6,10}$")

# Words people type on forms, mapped to our codes.
OBTAIN_ALIASES = {
    "melihat": "view",
    "see": "view",
    "membaca": "read",
    "mendengarkan": "listen",
    "mencatat": "note",
    "softcopy": "soft_copy",
    "soft copy": "soft_copy",
    "salinan elektronik": "soft_copy",
    "hardcopy": "hard_copy",
    "hard copy": "hard_copy",
    "salinan cetak": "hard_copy",
}
DELIVERY_ALIASES = {
    "mengambil langsung": "collect",
    "ambil langsung": "collect",
    "langsung": "collect",
    "kurir": "courier",
    "pos": "post",
    "faksimili": "fax",
    "faks": "fax",
    "surel": "email",
    "e-mail": "email",
}


def _text(max_length: int, **kwargs) -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=max_length, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
        **kwargs,
    )


def _choice(enum_cls) -> fields.String:
    values = [m.value for m in enum_cls]
    return fields.String(
        required=True,
        validate=validate.OneOf(values, error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
        metadata={"enum": values},
    )


class RequestSubmission(Schema):
    requester_type = fields.String(
        load_default="individual",
        validate=validate.OneOf(["individual", "organisation"], error="Pilih salah satu: {choices}."),
    )
    name = _text(200, metadata={"description": "Nama pemohon"})
    nik = _text(100, metadata={"description": "NIK (16 digit); untuk badan hukum: dasar hukumnya"})
    address = _text(500)
    phone = fields.String(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, error_messages={"invalid": "Alamat email tidak valid."})
    occupation = _text(100)
    information = _text(5000, metadata={"description": "Rincian informasi yang dibutuhkan"})
    purpose = _text(2000, metadata={"description": "Tujuan penggunaan informasi"})
    obtain_method = _choice(rules.ObtainMethod)
    delivery_method = _choice(rules.DeliveryMethod)

    @pre_load
    def normalise(self, data, **_kwargs):
        if not isinstance(data, dict):
            return data
        data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
        for key, aliases in (("obtain_method", OBTAIN_ALIASES), ("delivery_method", DELIVERY_ALIASES)):
            value = data.get(key)
            if isinstance(value, str):
                lowered = value.lower().replace("_", " ") if value.lower() not in aliases else value.lower()
                data[key] = aliases.get(lowered, value.lower())
        for key in ("phone", "email"):
            if data.get(key) == "":
                data[key] = None
        if isinstance(data.get("phone"), str):
            data["phone"] = re.sub(r"[\s\-().]", "", data["phone"])
        return data

    @validates("phone")
    def check_phone(self, value, **_kwargs):
        if value is not None and not PHONE.match(value):
            raise ValidationError("Nomor telepon tidak valid (contoh: 081234567890 atau +6281234567890).")

    @validates_schema
    def check_identity_and_contact(self, data, **_kwargs):
        if data.get("requester_type", "individual") == "individual" and data.get("nik"):
            problem = rules.nik_problem(data["nik"])
            if problem:
                raise ValidationError(problem, field_name="nik")
        if not data.get("phone") and not data.get("email"):
            raise ValidationError("Isi nomor telepon atau email agar kami dapat menghubungi Anda.", field_name="phone")


class SubmissionReceipt(Schema):
    registration_number = fields.String()
    tracking_code = fields.String(metadata={"description": "Rahasia; simpan untuk melacak permohonan"})
    status = fields.String()
    status_label = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    due_rule = fields.String()


class TrackQuery(Schema):
    registration_number = _text(40)
    tracking_code = _text(40)


class HistoryEntry(Schema):
    at = fields.DateTime()
    status = fields.String(attribute="to_status")
    note = fields.String()


class TrackedRequest(Schema):
    """What the requester sees: status, dates and public history, never personal data."""

    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    channel = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    information = fields.String()
    obtain_method = fields.String()
    delivery_method = fields.String()
    history = fields.List(fields.Nested(HistoryEntry))
