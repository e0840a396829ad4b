"""Schemas of decrees, contracts, proofs, payments and the office's figures."""

from __future__ import annotations

from marshmallow import fields, validate
from marshmallow.utils import get_value

from chassis.schemas import REQUIRED, Schema, required_text
from registry.schemas.common import ListQuery


class DecreeIn(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    number = required_text(100, metadata={"description": "Nomor SK"})
    signed_on = fields.Date(required=True, error_messages=REQUIRED)
    application_ids = fields.List(
        fields.Integer(), required=True, validate=validate.Length(min=1), error_messages=REQUIRED
    )
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
    amount = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1),
        metadata={"description": "Rupiah dibayar (bruto), bilangan bulat"},
    )
    tax_withheld = fields.Integer(
        load_default=0,
        validate=validate.Range(min=0),
        metadata={"description": "PPh yang dipotong, rupiah bilangan bulat"},
    )


class PaymentListQuery(ListQuery):
    status = fields.String(validate=validate.OneOf(["open", "spj_submitted", "checked", "paid", "held"]))
    period_id = fields.Integer()


class FiguresQuery(Schema):
    period_id = fields.Integer(required=True, error_messages=REQUIRED)
    top = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
