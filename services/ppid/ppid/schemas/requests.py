"""Requests: the submission (citizen and officer), tracking, the staff view, the inbox and the actions' input."""

from __future__ import annotations

import re

from marshmallow import ValidationError, fields, pre_load, validate, validates, validates_schema

from chassis.schemas import AuditEntry, Schema, required_text
from ppid.domain import requests as rules
from ppid.domain import workflow
from ppid.domain.personal_data import REASONS as REVEAL_REASONS
from ppid.schemas.common import (
    OPD_CODE,
    PHONE,
    choice,
)
from ppid.schemas.objections import ObjectionOut

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


class RequestSubmission(Schema):
    requester_type = fields.String(
        load_default=rules.RequesterType.INDIVIDUAL.value,
        validate=validate.OneOf([t.value for t in rules.RequesterType], error="Pilih salah satu: {choices}."),
    )
    name = required_text(200, metadata={"description": "Nama pemohon"})
    nik = required_text(100, metadata={"description": "NIK (16 digit); untuk badan hukum: dasar hukumnya"})
    address = required_text(500)
    phone = fields.String(load_default=None, allow_none=True)
    email = fields.Email(load_default=None, allow_none=True, error_messages={"invalid": "Alamat email tidak valid."})
    occupation = required_text(100)
    information = required_text(5000, metadata={"description": "Rincian informasi yang dibutuhkan"})
    purpose = required_text(2000, metadata={"description": "Tujuan penggunaan informasi"})
    obtain_method = choice(rules.ObtainMethod)
    delivery_method = choice(rules.DeliveryMethod)

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

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def check_identity_and_contact(self, data, original, **_kwargs):
        """Run with the fields' own errors, so the citizen reads every problem at once: a NIK of the wrong shape
        beside an empty "Pekerjaan", not after it is filled. A phone or email given but malformed has its own
        error already; "one of the two" is said only when neither was given."""
        problems = {}
        if data.get("nik"):
            problem = rules.identity_problem(data.get("requester_type", rules.RequesterType.INDIVIDUAL), data["nik"])
            if problem:
                problems["nik"] = [problem]
        given = original if isinstance(original, dict) else {}
        if not any(isinstance(given.get(k), str) and given[k].strip() for k in ("phone", "email")):
            problems["phone"] = ["Isi nomor telepon atau email agar kami dapat menghubungi Anda."]
        if problems:
            raise ValidationError(problems)


class SubmissionReceipt(Schema):
    registration_number = fields.String()
    tracking_code = fields.String(metadata={"description": "Rahasia; simpan untuk melacak permohonan"})
    status = fields.String()
    status_label = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    due_rule = fields.String()


class TrackQuery(Schema):
    registration_number = required_text(40)
    tracking_code = required_text(40)


class TrackedObjection(TrackQuery):
    """One objection of the requester's own request, proven by the request's number and tracking code."""

    objection_number = required_text(40)


class TrackedMessage(TrackQuery):
    """A requester's message: the number and tracking code that prove who writes, and the text."""

    body = fields.String(load_default="", validate=validate.Length(max=20000))


class HistoryEntry(Schema):
    at = fields.DateTime()
    status = fields.String(attribute="to_status")
    note = fields.String()


class PublicObjection(Schema):
    number = fields.String()
    grounds = fields.List(fields.String())
    status = fields.String()
    filed_on = fields.Date()
    due_date = fields.Date()
    outcome = fields.String(allow_none=True)
    answer = fields.String(allow_none=True)
    answered_on = fields.Date(allow_none=True)
    dispute_due = fields.Date(allow_none=True)
    dispute_filed_on = fields.Date(allow_none=True)
    dispute_outcome = fields.String(allow_none=True)
    dispute_decided_on = fields.Date(allow_none=True)
    dispute_decision_number = fields.String(allow_none=True)


class TrackedRequest(Schema):
    """What the requester sees: status, dates and public history, never personal data."""

    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    duplicate_of = fields.String(allow_none=True, metadata={"description": "closed as a duplicate of this request"})
    channel = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    information = fields.String()
    obtain_method = fields.String()
    delivery_method = fields.String()
    missing = fields.String(allow_none=True, metadata={"description": "Yang harus dilengkapi pemohon"})
    completion_due = fields.Date(allow_none=True)
    extension_reason = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    decision_label = fields.String(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    notice_number = fields.String(allow_none=True)
    objection_deadline = fields.Date(allow_none=True)
    history = fields.List(fields.Nested(HistoryEntry))
    objections = fields.List(fields.Nested(PublicObjection))
    messages = fields.List(fields.Dict(), metadata={"description": "Pesan antara petugas dan pemohon"})


class Submission(RequestSubmission):
    """The public form, plus what only an officer may give, and a honeypot that people never fill."""

    channel = fields.String(
        load_default=None,
        validate=validate.OneOf([c.value for c in rules.Channel], error="Pilih salah satu: {choices}."),
        metadata={"description": "Hanya petugas: saluran permohonan (surat, email, datang langsung)"},
    )
    received_at = fields.AwareDateTime(
        load_default=None,
        error_messages={"invalid": "Waktu tidak valid.", "invalid_awareness": "Sertakan zona waktu, mis. +07:00."},
        metadata={"description": "Hanya petugas: waktu permohonan diterima (ISO 8601 dengan zona waktu)"},
    )
    website = fields.String(load_default=None, allow_none=True, metadata={"description": "Biarkan kosong."})


class ActionInput(Schema):
    """The fields any action may take; each action reads those it needs and names a missing one."""

    missing = fields.String(validate=validate.Length(max=2000))
    opds = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$")))
    due_date = fields.Date()
    note = fields.String(validate=validate.Length(max=5000))
    public = fields.Boolean()
    held = fields.Boolean()
    answer = fields.String(validate=validate.Length(max=20000))
    reason = fields.String(validate=validate.Length(max=5000))
    decision = fields.String(validate=validate.OneOf([d.value for d in workflow.Decision]))
    reasons = fields.String(validate=validate.Length(max=20000))
    refusal_grounds = fields.List(fields.String(validate=validate.OneOf(sorted(workflow.EXEMPTIONS))))
    consequence_test = fields.String(validate=validate.Length(max=20000))
    fee = fields.Integer(validate=validate.Range(min=0, error="Biaya tidak boleh negatif."))
    payment_note = fields.String(validate=validate.Length(max=2000))
    form = fields.String(validate=validate.OneOf([m.value for m in rules.ObtainMethod]))
    delivery_on = fields.Date()
    method = fields.String(validate=validate.OneOf([m.value for m in rules.DeliveryMethod]))
    duplicate_of = fields.String(
        validate=validate.Length(max=40), metadata={"description": "mark_duplicate: the earlier request's number"}
    )


class Completion(Schema):
    registration_number = required_text(40)
    tracking_code = required_text(40)
    information = fields.String(validate=validate.Length(min=1, max=5000))
    purpose = fields.String(validate=validate.Length(min=1, max=2000))
    address = fields.String(validate=validate.Length(min=1, max=500))
    nik = fields.String(validate=validate.Length(min=1, max=100))
    phone = fields.String(allow_none=True)
    email = fields.Email(allow_none=True)


class LogEntry(AuditEntry):
    public = fields.Boolean()


class DispositionOut(Schema):
    opd = fields.String()
    opd_name = fields.String(metadata={"description": "Nama OPD dari daftar OPD kantor (kodenya bila tidak ada)"})
    due_date = fields.Date()
    note = fields.String(allow_none=True)
    disposed_by = fields.String()
    disposed_at = fields.DateTime()
    held = fields.Boolean(allow_none=True)
    answer = fields.String(allow_none=True)
    answered_by = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    late = fields.Boolean()


class Clock(Schema):
    due_date = fields.Date()
    rule = fields.String()
    working_days_left = fields.Integer()
    overdue = fields.Boolean()


class StaffRequest(Schema):
    """Everything an officer of the request's office or OPD sees, with the audit trail; the personal fields
    masked (absent for an OPD officer): ``POST .../personal-data`` reveals them with a reason."""

    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    duplicate_of = fields.String(allow_none=True, metadata={"description": "closed as a duplicate of this request"})
    channel = fields.String()
    requester_type = fields.String()
    name = fields.String()
    nik = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    masked = fields.Boolean()
    occupation = fields.String()
    information = fields.String()
    purpose = fields.String()
    obtain_method = fields.String()
    delivery_method = fields.String()
    received_at = fields.DateTime()
    received_on = fields.Date()
    due_date = fields.Date()
    clock = fields.Nested(Clock)
    registered_by = fields.String(allow_none=True)
    missing = fields.String(allow_none=True)
    completion_due = fields.Date(allow_none=True)
    original_due_date = fields.Date(allow_none=True)
    extension_reason = fields.String(allow_none=True)
    decision = fields.String(allow_none=True)
    decision_reasons = fields.String(allow_none=True)
    refusal_grounds = fields.List(fields.String())
    consequence_test = fields.String(allow_none=True)
    fee = fields.Integer()
    payment_note = fields.String(allow_none=True)
    notice_form = fields.String(allow_none=True)
    delivery_on = fields.Date(allow_none=True)
    notice_number = fields.String(allow_none=True)
    signed_by = fields.String(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    allowed_actions = fields.List(fields.String())
    dispositions = fields.List(fields.Nested(DispositionOut))
    objections = fields.List(fields.Nested(ObjectionOut))
    history = fields.List(fields.Nested(LogEntry))
    messages = fields.List(fields.Dict())


class InboxQuery(Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in workflow.Status]))
    opd = fields.String(validate=OPD_CODE)
    channel = fields.String(validate=validate.OneOf([c.value for c in rules.Channel]))
    overdue = fields.Boolean(metadata={"description": "Hanya yang melewati tenggat"})
    due_within = fields.Integer(validate=validate.Range(min=0, max=60), metadata={"description": "Hari kerja"})
    q = fields.String(
        validate=validate.Length(min=2, max=100),
        metadata={
            "description": "Nomor pendaftaran, nama, atau NIK (16 digit, dicari lewat hash berkunci; tidak untuk PPID "
            "pelaksana)"
        },
    )
    include_closed = fields.Boolean(metadata={"description": "Tampilkan juga yang sudah diserahkan atau ditutup"})
    after = fields.String()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class InboxItem(Schema):
    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    duplicate_of = fields.String(allow_none=True, metadata={"description": "closed as a duplicate of this request"})
    channel = fields.String()
    name = fields.String()
    information = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    working_days_left = fields.Integer()
    overdue = fields.Boolean()
    opds = fields.List(fields.String())
    opd_names = fields.List(fields.String(), metadata={"description": "Nama tiap OPD di ``opds``, urutan yang sama"})


class Inbox(Schema):
    items = fields.List(fields.Nested(InboxItem))
    next = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


class RevealInput(Schema):
    """Why a member of staff opens one requester's masked personal data (written to the access log)."""

    reason = fields.String(
        required=True,
        validate=validate.OneOf(REVEAL_REASONS, error="Pilih alasan membuka data pribadi."),
        metadata={"description": "answer, verify, deliver, contact, dispute, data_subject atau other"},
    )
    detail = fields.String(load_default="", validate=validate.Length(max=500))


class RevealedData(Schema):
    registration_number = fields.String()
    name = fields.String()
    nik = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
