"""Input validation and output shapes of the newsroom API; every schema inherits the chassis's ``Schema``, so the
messages people read are Bahasa Indonesia and integers are bounded to what a column holds."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from chassis.schemas import REQUIRED, AuditEntry, Schema
from newsroom.domain.states import Kind, Status

VERDICTS = ["HOAKS", "DISINFORMASI", "MISINFORMASI"]
# The years figures are asked for: the office's own, not year 0 or 10000 (which no calendar of ours can hold).
YEAR_MIN, YEAR_MAX = 2000, 2100
# A revision number: from 1, and within the database's integer column.
REVISION = validate.Range(min=1, max=2**31 - 1, error="Nomor revisi {min}-{max}.")
ZONE_REQUIRED = {"invalid_awareness": "Sertakan zona waktu, mis. +07:00."}


class Source(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["authority", "press"]),
        error_messages=REQUIRED,
        metadata={"description": "authority: pernyataan instansi berwenang; press: berita pers"},
    )
    name = fields.String(required=True, validate=validate.Length(min=2, max=200), error_messages=REQUIRED)
    url = fields.URL(load_default=None, allow_none=True, schemes={"http", "https"})


class Clarification(Schema):
    """A hoax clarification (Kominfo's three checks): the claim as it circulates, the verdict, facts and sources."""

    claim_text = fields.String(required=True, validate=validate.Length(min=5, max=5000), error_messages=REQUIRED)
    claim_channel = fields.String(
        required=True,
        validate=validate.Length(min=2, max=100),
        error_messages=REQUIRED,
        metadata={"description": "Di mana beredar: WhatsApp, Facebook, ..."},
    )
    claim_url = fields.URL(load_default=None, allow_none=True, schemes={"http", "https"})
    first_seen = fields.Date(required=True, error_messages=REQUIRED)
    verdict = fields.String(required=True, validate=validate.OneOf(VERDICTS), error_messages=REQUIRED)
    facts = fields.String(required=True, validate=validate.Length(min=10, max=20000), error_messages=REQUIRED)
    sources = fields.List(fields.Nested(Source), load_default=list)


class Agenda(Schema):
    """When and where an agenda item (a press conference, a public hearing) takes place."""

    starts_at = fields.AwareDateTime(required=True, error_messages={**REQUIRED, **ZONE_REQUIRED})
    ends_at = fields.AwareDateTime(load_default=None, allow_none=True, error_messages=ZONE_REQUIRED)
    place = fields.String(required=True, validate=validate.Length(min=3, max=300), error_messages=REQUIRED)

    @validates_schema
    def _order(self, data, **_kwargs):
        if data.get("ends_at") and data.get("starts_at") and data["ends_at"] < data["starts_at"]:
            raise ValidationError("Selesai tidak boleh sebelum mulai.", "ends_at")


class ArticleInput(Schema):
    type = fields.String(
        required=True,
        validate=validate.OneOf([k.value for k in Kind], error="Pilih salah satu: {choices}."),
        error_messages=REQUIRED,
        metadata={"enum": [k.value for k in Kind]},
    )
    title = fields.String(
        required=True,
        validate=validate.Length(min=5, max=300, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
    )
    body_html = fields.String(
        required=True,
        validate=validate.Length(min=1, max=200_000, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
        metadata={"description": "HTML; dibersihkan (nh3) sebelum disimpan"},
    )
    opd = fields.String(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,63}$", error="Kode OPD: huruf kecil, angka, tanda minus."),
        error_messages=REQUIRED,
    )
    summary = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    tags = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,39}$")), load_default=list)
    clarification = fields.Nested(Clarification, load_default=None, allow_none=True)
    byline = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "Penulis yang dibaca publik; kosong: nama kantor"},
    )
    agenda = fields.Nested(Agenda, load_default=None, allow_none=True, metadata={"description": "Wajib untuk agenda"})

    @validates_schema
    def _agenda(self, data, **_kwargs):
        if data.get("type") == "agenda" and not data.get("agenda"):
            raise ValidationError("Agenda wajib memuat waktu dan tempat.", "agenda")
        if data.get("type") != "agenda" and data.get("agenda"):
            raise ValidationError("Hanya untuk naskah jenis agenda.", "agenda")

    @validates_schema
    def _clarification(self, data, **_kwargs):
        if data.get("type") == "clarification" and not data.get("clarification"):
            raise ValidationError(
                "Klarifikasi hoaks wajib memuat klaim, putusan, fakta dan sumbernya.", "clarification"
            )
        if data.get("type") != "clarification" and data.get("clarification"):
            raise ValidationError("Hanya untuk naskah jenis clarification.", "clarification")


class ArticleChanges(Schema):
    """A partial edit (PATCH): only what is given changes; the item's OPD and type stay."""

    title = fields.String(validate=validate.Length(min=5, max=300, error="Panjang {min}-{max} karakter."))
    body_html = fields.String(validate=validate.Length(min=1, max=200_000))
    summary = fields.String(allow_none=True, validate=validate.Length(max=500))
    tags = fields.List(fields.String(validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,39}$")))
    clarification = fields.Nested(Clarification)
    byline = fields.String(allow_none=True, validate=validate.Length(max=200))
    agenda = fields.Nested(Agenda)


class ImageInput(Schema):
    alt = fields.String(
        required=True,
        validate=validate.Length(min=3, max=300),
        error_messages=REQUIRED,
        metadata={"description": "Teks alternatif: apa yang tampak di gambar"},
    )
    caption = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    credit = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class CaptureInput(Schema):
    alt = fields.String(
        required=True,
        validate=validate.Length(min=3, max=300),
        error_messages=REQUIRED,
        metadata={"description": "Apa yang tampak: isi pesan hoaks yang beredar"},
    )


class AttachmentInput(Schema):
    label = fields.String(
        required=True,
        validate=validate.Length(min=3, max=200),
        error_messages=REQUIRED,
        metadata={"description": "Nama lampiran yang dibaca publik, mis. 'Siaran pers lengkap (PDF)'"},
    )


class LockInput(Schema):
    take_over = fields.Boolean(load_default=False, metadata={"description": "Ambil alih kunci orang lain"})


class DiffQuery(Schema):
    from_ = fields.Integer(required=True, data_key="from", validate=REVISION, error_messages=REQUIRED)
    to = fields.Integer(required=True, validate=REVISION, error_messages=REQUIRED)


class ActionInput(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    at = fields.AwareDateTime(
        load_default=None,
        metadata={"description": "publish: waktu terbit (ISO dengan zona waktu); di masa depan berarti terjadwal"},
        error_messages={"invalid_awareness": "Sertakan zona waktu, mis. +07:00."},
    )
    body_html = fields.String(validate=validate.Length(min=1, max=200_000), metadata={"description": "correct"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class FiguresQuery(Schema):
    year = fields.Integer(
        validate=validate.Range(min=YEAR_MIN, max=YEAR_MAX, error="Tahun {min}-{max}."),
        metadata={"description": "Tahun (zona waktu kantor); kosong: tahun berjalan"},
    )
    format = fields.String(
        load_default="json", validate=validate.OneOf(["json", "xlsx"], error="Pilih salah satu: {choices}.")
    )


class ListQuery(Schema):
    type = fields.String(validate=validate.OneOf([k.value for k in Kind]))
    opd = fields.String(validate=validate.Length(max=64))
    tag = fields.String(validate=validate.Length(max=40))
    q = fields.String(
        validate=validate.Length(min=2, max=200), metadata={"description": "Cari di judul, ringkasan, isi"}
    )
    after = fields.String(metadata={"description": "Kursor halaman berikutnya (dari `next`)"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


LogEntry = AuditEntry


class RevisionOut(Schema):
    number = fields.Integer()
    by = fields.String()
    at = fields.DateTime()
    title = fields.String()
    summary = fields.String()
    body_html = fields.String()
    tags = fields.List(fields.String())


class RevisionList(Schema):
    items = fields.List(fields.Nested(RevisionOut))


class ArticleSummary(Schema):
    id = fields.Integer()
    type = fields.String()
    title = fields.String()
    slug = fields.String()
    summary = fields.String()
    opd = fields.String()
    status = fields.String(metadata={"enum": [s.value for s in Status]})
    published_at = fields.DateTime(allow_none=True)
    tags = fields.List(fields.String())
    url = fields.String()


class Lock(Schema):
    by = fields.String()
    since = fields.DateTime()
    until = fields.DateTime()


class DiffRow(Schema):
    kind = fields.String(metadata={"enum": ["equal", "replace", "delete", "insert"]})
    left_line = fields.Integer(allow_none=True)
    left = fields.String(allow_none=True)
    right_line = fields.Integer(allow_none=True)
    right = fields.String(allow_none=True)


class DiffField(Schema):
    field = fields.String()
    label = fields.String()
    changed = fields.Boolean()
    rows = fields.List(fields.Nested(DiffRow))


class RevisionRef(Schema):
    number = fields.Integer()
    by = fields.String()
    at = fields.DateTime()


class RevisionDiff(Schema):
    from_ = fields.Nested(RevisionRef, data_key="from", attribute="from")
    to = fields.Nested(RevisionRef)
    fields_ = fields.List(fields.Nested(DiffField), data_key="fields", attribute="fields")


class Article(ArticleSummary):
    body_html = fields.String()
    byline = fields.String(allow_none=True)
    images = fields.List(fields.Dict())
    attachments = fields.List(fields.Dict())
    lock = fields.Nested(Lock, allow_none=True, metadata={"description": "Siapa yang sedang menyunting (staf saja)"})
    clarification = fields.Dict(allow_none=True)
    agenda = fields.Dict(allow_none=True)
    version = fields.Integer()
    publish_at = fields.DateTime(allow_none=True)
    corrected_at = fields.DateTime(allow_none=True)
    correction_note = fields.String(allow_none=True)
    withdrawn_at = fields.DateTime(allow_none=True)
    withdrawal_reason = fields.String(allow_none=True)
    status_label = fields.String()
    created_by = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    allowed_actions = fields.List(fields.String())
    history = fields.List(fields.Nested(LogEntry))


class ArticlePage(Schema):
    items = fields.List(fields.Nested(ArticleSummary))
    next = fields.String(allow_none=True, metadata={"description": "Kursor halaman berikutnya; null di akhir"})


class OpdMonths(Schema):
    opd = fields.String()
    months = fields.List(fields.Integer(), metadata={"description": "Januari sampai Desember, zona waktu kantor"})
    total = fields.Integer()


class HoursToPublish(Schema):
    count = fields.Integer()
    median = fields.Float(allow_none=True)
    p90 = fields.Float(allow_none=True)


class Figures(Schema):
    year = fields.Integer()
    releases_per_opd = fields.List(fields.Nested(OpdMonths))
    hours_to_publish = fields.Nested(HoursToPublish)
    clarifications_per_verdict = fields.Dict(keys=fields.String(), values=fields.Integer())
