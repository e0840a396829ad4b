"""Input validation and output shapes of the PPID API (messages in Bahasa Indonesia)."""

from __future__ import annotations

import re

from marshmallow import ValidationError, fields, pre_load, validate, validates, validates_schema

from chassis.openapi import file_answer
from chassis.schemas import REQUIRED, AuditEntry, Schema, required_text
from ppid.domain import dip as dip_rules
from ppid.domain import objections as objection_rules
from ppid.domain import requests as rules
from ppid.domain import survey as survey_rules
from ppid.domain import workflow

OPD_CODE = validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$", error="Kode OPD: huruf kecil, angka dan '-', mis. dinkes.")
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


PDF_ANSWER = file_answer("application/pdf", description="PDF")
ATTACHMENT_ANSWER = file_answer("application/pdf", "image/jpeg", "image/png", description="Lampiran (PDF, JPEG, PNG)")


def upload_body(*required: str, **properties: dict) -> dict:
    """The OpenAPI of a multipart body with a ``file`` (PDF, JPEG or PNG, checked by content) and text fields."""
    fields_ = {name: {"type": "string"} for name in required} | properties
    form = {"type": "object", "required": list(required),
            "properties": {**fields_, "file": {"type": "string", "format": "binary"}}}  # fmt: skip
    return {"requestBody": {"content": {"multipart/form-data": {"schema": form}}}}


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
        if data.get("nik"):
            problem = rules.identity_problem(data.get("requester_type", rules.RequesterType.INDIVIDUAL), data["nik"])
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
    registration_number = required_text(40)
    tracking_code = required_text(40)


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


# --- officers ---------------------------------------------------------------------------------------------------


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
    due_date = fields.Date()
    note = fields.String(allow_none=True)
    disposed_by = fields.String()
    disposed_at = fields.DateTime()
    held = fields.Boolean(allow_none=True)
    answer = fields.String(allow_none=True)
    answered_by = fields.String(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    late = fields.Boolean()


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


class Clock(Schema):
    due_date = fields.Date()
    rule = fields.String()
    working_days_left = fields.Integer()
    overdue = fields.Boolean()


class StaffRequest(Schema):
    """Everything an officer of the request's office or OPD sees, including personal data and the audit trail."""

    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    channel = fields.String()
    requester_type = fields.String()
    name = fields.String()
    nik = fields.String()
    address = fields.String()
    phone = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
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
    q = fields.String(validate=validate.Length(min=2, max=100), metadata={"description": "Nomor atau nama"})
    include_closed = fields.Boolean(metadata={"description": "Tampilkan juga yang sudah diserahkan atau ditutup"})
    after = fields.String()
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class InboxItem(Schema):
    registration_number = fields.String()
    status = fields.String()
    status_label = fields.String()
    channel = fields.String()
    name = fields.String()
    information = fields.String()
    received_on = fields.Date()
    due_date = fields.Date()
    working_days_left = fields.Integer()
    overdue = fields.Boolean()
    opds = fields.List(fields.String())


class Inbox(Schema):
    items = fields.List(fields.Nested(InboxItem))
    next = fields.String(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


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
    days_to_decide = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))
    objections = fields.Dict(keys=fields.String(), values=fields.Integer())
    disputes = fields.Integer()
    dispute_outcomes = fields.Dict(keys=fields.String(), values=fields.Integer())
    per_opd = fields.List(fields.Dict())
    per_month = fields.List(fields.Integer())
    survey = fields.Dict(metadata={"description": "Survei kepuasan (laporan seluruh kantor saja)"})
    obstacles = fields.List(fields.Dict(), metadata={"description": "Hambatan dan penyebabnya (seluruh kantor)"})


class DeadlineQuery(Schema):
    within = fields.Integer(load_default=3, validate=validate.Range(min=0, max=60))


REPORT_YEARS = validate.Range(min=2008, max=2100, error="Tahun {min}-{max}.")


class ReportYear(Schema):
    year = fields.Integer(
        required=True, validate=REPORT_YEARS, error_messages={**REQUIRED, "invalid": "Tahun berupa angka, mis. 2026."}
    )


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


# --- public information list (DIP), OPD guidance, satisfaction survey ------------------------------------------


class _Trimmed(Schema):
    @pre_load
    def trim(self, data, **_kwargs):
        return (
            {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()} if isinstance(data, dict) else data
        )


class DipInput(_Trimmed):
    title = required_text(300, metadata={"description": "Judul informasi"})
    summary = required_text(
        5000, metadata={"description": "Ringkasan isi informasi (tidak ditampilkan bila dikecualikan)"}
    )
    category = _choice(dip_rules.Category)
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
    form = _choice(dip_rules.Form)
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


class GuidanceInput(_Trimmed):
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
