"""Input validation and output shapes of the registry API (messages in Bahasa Indonesia)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, pre_load, validate, validates, validates_schema
from marshmallow.utils import get_value

from chassis.schemas import REQUIRED, AuditEntry, Schema, required_text
from registry.domain import identifiers

MEDIA_TYPES = ["print", "online", "television", "radio"]


CODE_ERROR = "Huruf, angka, - atau _ (diawali huruf atau angka), paling banyak 40 karakter."


class Code(fields.String):
    """A code people type (tier ``A``, entity type ``PT``, a document code): accepted in any case and stored in one
    form, lower case, as the catalogue and the period keep them."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


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


class ListQuery(Schema):
    after = fields.String(
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,2000}$", error="Kursor tidak sah."),
        metadata={"description": "Kursor halaman berikutnya (dari `next`)"},
    )
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


class DocumentTypeIn(Schema):
    code = Code(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{1,39}$", error=CODE_ERROR),
        error_messages=REQUIRED,
    )
    label = required_text(200)
    media_types = fields.List(Code(validate=validate.OneOf(MEDIA_TYPES, error="Pilih salah satu: {choices}.")),
                              load_default=list)  # fmt: skip
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
    year = fields.Integer(required=True, data_key="fiscal_year", validate=validate.Range(min=2020, max=2100),
                          error_messages=REQUIRED)  # fmt: skip
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
    tier = Code(load_default=None, allow_none=True, validate=validate.Length(max=40),
                metadata={"description": "Kode tingkatan masa itu; huruf besar/kecil sama saja"})  # fmt: skip


class DocumentVerdict(Schema):
    accepted = fields.Boolean(required=True, error_messages=REQUIRED)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ReviewIn(Schema):
    documents = fields.Dict(keys=fields.String(), values=fields.Nested(DocumentVerdict), load_default=dict)
    decision = fields.String(required=True, validate=validate.OneOf(["revise", "verify", "reject"]),
                             error_messages=REQUIRED)  # fmt: skip
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class JournalistIn(Schema):
    name = required_text(200)
    nik = required_text(20, metadata={"description": "16 digit; dilihat hanya perusahaan pers itu dan verifikator"})
    role = fields.String(required=True, validate=validate.OneOf(["editor_in_chief", "editor", "reporter",
                         "photographer"]), error_messages=REQUIRED)  # fmt: skip
    ukw_level = fields.String(load_default="none", validate=validate.OneOf(["none", "muda", "madya", "utama"]))
    ukw_certificate = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60),
                                    data_key="ukw_certificate_no")  # fmt: skip
    ukw_certified_on = fields.Date(load_default=None, allow_none=True)
    press_card = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60),
                               metadata={"description": "Nomor kartu pers"})  # fmt: skip

    @validates("nik")
    def _nik(self, value, **_kwargs):
        if not (value.isdigit() and len(value) == 16):
            raise ValidationError("NIK harus 16 digit angka.")

    @validates_schema
    def _certificate(self, data, **_kwargs):
        if data.get("ukw_level", "none") != "none" and not data.get("ukw_certificate"):
            raise ValidationError("Isi nomor sertifikat UKW.", "ukw_certificate_no")


class JournalistPatch(Schema):
    """What changes about a journalist: role, UKW level with its certificate, press card (the name and NIK stay)."""

    role = fields.String(validate=validate.OneOf(["editor_in_chief", "editor", "reporter", "photographer"]))
    ukw_level = fields.String(validate=validate.OneOf(["none", "muda", "madya", "utama"]))
    ukw_certificate = fields.String(allow_none=True, validate=validate.Length(max=60), data_key="ukw_certificate_no")
    ukw_certified_on = fields.Date(allow_none=True)
    press_card = fields.String(allow_none=True, validate=validate.Length(max=60))


class JournalistLeave(Schema):
    left_on = fields.Date(load_default=None, allow_none=True,
                          metadata={"description": "Hari keluar (bawaan: hari ini, tanggal kantor)"})  # fmt: skip


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
    status = fields.String(required=True, validate=validate.OneOf(["none", "administrative", "factual"]),
                           error_messages=REQUIRED)  # fmt: skip
    verified_on = fields.Date(load_default=None, allow_none=True)


class DecreeIn(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    number = required_text(100, metadata={"description": "Nomor SK"})
    signed_on = fields.Date(required=True, error_messages=REQUIRED)
    application_ids = fields.List(fields.Integer(), required=True, validate=validate.Length(min=1),
                                  error_messages=REQUIRED)  # fmt: skip
    signer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class DecreeOut(Schema):
    id = fields.Integer()
    period_id = fields.Integer()
    number = fields.String()
    signed_on = fields.Date()
    signer = fields.String()
    application_ids = fields.List(fields.Integer())


class ContractIn(Schema):
    application_id = fields.Integer(required=True, error_messages=REQUIRED)
    number = required_text(100)
    starts_on = fields.Date(required=True, error_messages=REQUIRED)
    ends_on = fields.Date(required=True, error_messages=REQUIRED)
    value = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": "Rupiah, bilangan bulat; bawaan: kuota x tarif"}
    )
    quota = fields.Integer(validate=validate.Range(min=1), metadata={"description": "Bawaan: kuota tingkatan"})
    rate = fields.Integer(validate=validate.Range(min=1), metadata={"description": "Bawaan: tarif tingkatan"})


class ContractOut(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    period_id = fields.Integer()
    number = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    value = fields.Integer()
    quota = fields.Integer()
    rate = fields.Integer()
    status = fields.String()
    suspension_reason = fields.String(allow_none=True)


class ContractMoveIn(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class ProofIn(Schema):
    contract_id = fields.Integer(required=True, error_messages=REQUIRED)
    release_id = fields.Integer(required=True, error_messages=REQUIRED)
    url = fields.URL(
        required=True, schemes={"http", "https"}, error_messages={**REQUIRED, "invalid": "URL tidak valid."}
    )
    published_on = fields.Date(required=True, error_messages=REQUIRED)


class ProofOut(Schema):
    id = fields.Integer()
    contract_id = fields.Integer()
    release_id = fields.Integer()
    url = fields.String()
    published_on = fields.Date()
    status = fields.String()
    note = fields.String(allow_none=True)
    screenshot = fields.Function(
        lambda proof: bool(get_value(proof, "file_sha256")),
        metadata={"description": "Ada tangkapan layar (GET /proofs/<id>/screenshot)"},
    )
    release_notice = fields.String(
        allow_none=True,
        metadata={"description": "withdrawn/corrected: siarannya ditarik atau diralat sesudah bukti ini"},
    )
    release_notice_at = fields.DateTime(allow_none=True)


class ProofReviewIn(Schema):
    accepted = fields.Boolean(required=True, error_messages=REQUIRED)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class PaymentQuery(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx", "pdf"]))


class PaymentMoveIn(Schema):
    """``note``: why SPJ is returned or a payment held; ``paid_on``, ``amount``, ``tax_withheld``: a payment."""

    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    paid_on = fields.Date(load_default=None, allow_none=True)
    amount = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1),
                            metadata={"description": "Rupiah dibayar (bruto), bilangan bulat"})  # fmt: skip
    tax_withheld = fields.Integer(load_default=0, validate=validate.Range(min=0),
                                  metadata={"description": "PPh yang dipotong, rupiah bilangan bulat"})  # fmt: skip


class PaymentListQuery(ListQuery):
    status = fields.String(validate=validate.OneOf(["open", "spj_submitted", "checked", "paid", "held"]))
    period_id = fields.Integer()


REGION_CODE = r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$"


class KimIn(Schema):
    region_code = fields.String(
        required=True, error_messages=REQUIRED,
        validate=validate.Regexp(REGION_CODE, error="Kode wilayah Kemendagri: 71.74.01 (kecamatan) atau "
                                 "71.74.01.2001 (desa/kelurahan)."),
    )  # fmt: skip
    region_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    name = required_text(200)
    chair = required_text(200, metadata={"description": "Nama ketua"})
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    founded_on = fields.Date(load_default=None, allow_none=True)
    decree_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))


class KimMemberIn(Schema):
    name = required_text(200)
    role = required_text(100, metadata={"description": "Ketua, sekretaris, anggota, ..."})
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        r"^\+?[0-9 ()-]{6,20}$", error="Nomor telepon tidak valid."))  # fmt: skip


class KimActivityIn(Schema):
    held_on = fields.Date(required=True, error_messages=REQUIRED)
    title = required_text(200)
    description = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    url = fields.URL(load_default=None, allow_none=True, schemes={"http", "https"},
                     error_messages={"invalid": "URL tidak valid."})  # fmt: skip


class KimListQuery(ListQuery):
    region = fields.String(
        validate=validate.Regexp(r"^\d{2}(\.\d{2}){0,2}(\.\d{4})?$", error="Awalan kode wilayah, mis. 71.74.01."),
        metadata={"description": "Awalan kode wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa)"},
    )


class FiguresQuery(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    top = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


# --- scoring, appeals (applications) ---------------------------------------------------------------------


def _value_as_text(data):
    """A measure may come as a JSON number; it is kept as text (the domain parses it)."""
    value = data.get("value") if isinstance(data, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {**data, "value": str(value)}
    return data


class ScoreOptionIn(Schema):
    code = Code(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$", error=CODE_ERROR),
                error_messages=REQUIRED)  # fmt: skip
    label = required_text(200)
    points = fields.Integer(required=True, validate=validate.Range(min=0), error_messages=REQUIRED)


class ScoreBandIn(Schema):
    min = fields.Decimal(required=True, as_string=True, validate=validate.Range(min=0), error_messages=REQUIRED,
                         metadata={"description": "Batas bawah (inklusif) ukuran", "minimum": 0})  # fmt: skip
    points = fields.Integer(required=True, validate=validate.Range(min=0), error_messages=REQUIRED)
    label = fields.String(load_default="", validate=validate.Length(max=200))


class CriterionIn(Schema):
    """A scoring criterion: fixed options with points, or a numeric measure with bands (from ``min``: points)."""

    code = Code(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9_-]{1,39}$", error=CODE_ERROR),
                error_messages=REQUIRED)  # fmt: skip
    label = required_text(200)
    media_type = Code(load_default=None, allow_none=True, validate=validate.OneOf(MEDIA_TYPES),
                      metadata={"description": "Kosong: semua jenis media"})  # fmt: skip
    max_points = fields.Integer(required=True, validate=validate.Range(min=1), error_messages=REQUIRED)
    unit = fields.String(load_default="", validate=validate.Length(max=40))
    options = fields.List(fields.Nested(ScoreOptionIn), load_default=list)
    bands = fields.List(fields.Nested(ScoreBandIn), load_default=list)


class ClaimIn(Schema):
    """The outlet's claim on one criterion (JSON or multipart with a `file` as evidence)."""

    value = fields.String(required=True, validate=validate.Length(min=1, max=100), error_messages=REQUIRED,
                          metadata={"description": "Kode pilihan, atau angka untuk ukuran"})  # fmt: skip
    evidence_url = fields.URL(load_default=None, allow_none=True, schemes={"http", "https"},
                              error_messages={"invalid": "URL tidak valid."})  # fmt: skip
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
    criteria = fields.Dict(keys=fields.String(), values=fields.Nested(ScoreVerdict), required=True,
                           error_messages=REQUIRED)  # fmt: skip


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


class InvitationIn(Schema):
    email = fields.Email(required=True, error_messages=REQUIRED)


def load_form(schema: type[Schema], form) -> dict:
    """A multipart form's (or JSON object's) fields through ``schema`` (the fields it knows; files travel apart), or
    422 by field."""
    from chassis.problems import Problem, flatten_errors

    known = schema().fields
    try:
        return schema().load({k: v for k, v in form.items() if k in known})
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        raise Problem(422, f"{errors[0]['field']}: {errors[0]['message']}", errors=errors) from None
