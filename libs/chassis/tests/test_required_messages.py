"""A field left empty says "Wajib diisi." (a list: "Pilih paling sedikit satu."), never a length rule."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError, fields, validate

from chassis.schemas import Schema, required_text


class Form(Schema):
    name = required_text(200)
    note = fields.String(validate=validate.Length(min=3, max=10))
    opds = fields.List(fields.String(), validate=validate.Length(min=1, max=5))
    code = fields.String(validate=validate.Length(equal=4))


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"name": ""}, "name", "Wajib diisi."),
        ({"name": "   "}, "name", "Wajib diisi."),
        ({"name": "x" * 201}, "name", "Panjang 1-200 karakter."),
        ({"name": "a", "note": ""}, "note", "Wajib diisi."),
        ({"name": "a", "note": "ab"}, "note", "Panjang 3-10 karakter."),
        ({"name": "a", "opds": []}, "opds", "Pilih paling sedikit satu."),
        ({"name": "a", "opds": list("abcdef")}, "opds", "Paling banyak 5 pilihan."),
        ({"name": "a", "code": ""}, "code", "Panjang harus 4."),
    ],
)
def test_an_empty_field_is_required_and_a_wrong_length_is_a_length(body, field, message):
    with pytest.raises(ValidationError) as refused:
        Form().load(body)
    assert refused.value.messages == {field: [message]}


def test_a_filled_form_passes():
    assert Form().load({"name": "Siti", "note": "cukup", "opds": ["dinkes"], "code": "abcd"})["opds"] == ["dinkes"]
