"""Forms on server-rendered pages: the posted values kept, and a refusal turned into what the page shows."""

from __future__ import annotations

import pytest
from flask import Flask
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.datastructures import MultiDict

from chassis.forms import FormErrors, form_values
from chassis.problems import Problem, field_problem
from chassis.web import download


class Agenda(Schema):
    place = fields.String(required=True)


class Item(Schema):
    title = fields.String(required=True)
    tags = fields.List(fields.String(validate=validate.Regexp("^[a-z]+$", error="Huruf kecil saja.")))
    agenda = fields.Nested(Agenda)


def refusal(data: dict) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Item().load(data)
    return caught.value


def test_posted_values_are_trimmed_and_blank_ones_left_out_unless_kept():
    form = MultiDict([("title", "  Rapat  "), ("summary", "   "), ("note", ""), ("opd", "dinkes")])
    assert form_values(form=form) == {"title": "Rapat", "opd": "dinkes"}
    assert form_values("note", form=form) == {"title": "Rapat", "opd": "dinkes", "note": ""}


def test_list_fields_are_always_there_with_their_non_blank_values():
    form = MultiDict([("grounds", "a"), ("grounds", " "), ("grounds", " c "), ("name", "Ani")])
    assert form_values(lists=("grounds", "media_types"), form=form) == {
        "name": "Ani", "grounds": ["a", "c"], "media_types": []
    }  # fmt: skip


def test_form_values_read_the_request_form_by_default():
    app = Flask("probe")
    with app.test_request_context("/", method="POST", data={"title": " Siaran ", "empty": ""}):
        assert form_values() == {"title": "Siaran"}


def test_a_schema_refusal_is_422_with_each_field_named_and_no_general_message():
    found = FormErrors.of(refusal({"tags": ["ok", "NO"], "agenda": {}}))
    assert found.status == 422 and found.general is None
    assert found.fields == {
        "title": ["Missing data for required field."],
        "tags.1": ["Huruf kecil saja."],
        "agenda.place": ["Missing data for required field."],
    }
    assert found.message.split("; ") == [
        "title: Missing data for required field.", "tags.1: Huruf kecil saja.",
        "agenda.place: Missing data for required field.",
    ]  # fmt: skip


def test_nested_errors_can_be_gathered_under_their_top_field():
    found = FormErrors.of(refusal({"title": "x", "tags": ["A", "B"], "agenda": {}})).top_level()
    assert found.fields == {
        "tags": ["Huruf kecil saja.", "Huruf kecil saja."],
        "agenda": ["Missing data for required field."],
    }
    assert found.status == 422


def test_a_problem_about_a_field_is_shown_next_to_it_without_a_general_message():
    found = FormErrors.of(field_problem("reason", "Sebutkan alasan penarikan."))
    assert (found.status, found.fields, found.general) == (422, {"reason": ["Sebutkan alasan penarikan."]}, None)
    assert found.message == "reason: Sebutkan alasan penarikan."


def test_a_problem_that_names_no_field_or_is_not_about_input_keeps_its_status_and_general_message():
    conflict = FormErrors.of(Problem(409, "Sudah diajukan.", current_state="submitted"))
    assert (conflict.status, conflict.fields, conflict.general, conflict.message) == (
        409, {}, "Sudah diajukan.", "Sudah diajukan."
    )  # fmt: skip
    forbidden = FormErrors.of(Problem(403, "Bukan OPD Anda.", errors=[{"field": "opd", "message": "OPD lain."}]))
    assert (forbidden.status, forbidden.fields, forbidden.general) == (403, {"opd": ["OPD lain."]}, "Bukan OPD Anda.")


def test_a_problem_with_many_errors_on_one_field_keeps_them_all_in_order():
    problem = Problem(422, "Periksa isian.", errors=[{"field": "file", "message": "Wajib diisi."},
                                                     {"field": "file", "message": "Bukan PDF."}])  # fmt: skip
    found = FormErrors.of(problem)
    assert found.fields == {"file": ["Wajib diisi.", "Bukan PDF."]} and found.message == "Periksa isian."


@pytest.mark.parametrize(
    ("filename", "inline", "mimetype", "disposition"),
    [
        ("angka-2026.xlsx", False, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         'attachment; filename="angka-2026.xlsx"'),
        ("laporan.CSV", False, "text/csv", 'attachment; filename="laporan.CSV"'),
        ("sk-1.pdf", True, "application/pdf", 'inline; filename="sk-1.pdf"'),
    ],
)  # fmt: skip
def test_a_download_is_typed_by_its_name_and_saved_or_opened_under_it(filename, inline, mimetype, disposition):
    app = Flask("probe")
    with app.test_request_context("/"):
        response = download(b"isi", filename, inline=inline, headers={"Cache-Control": "private, no-store"})
    assert response.mimetype == mimetype and response.headers["Content-Disposition"] == disposition
    assert response.get_data() == b"isi" and response.headers["Cache-Control"] == "private, no-store"


def test_a_download_of_another_kind_says_its_type():
    with Flask("probe").test_request_context("/"):
        response = download(b"{}", "data.json", "application/json")
    assert response.mimetype == "application/json"
    with pytest.raises(KeyError):
        download(b"", "data.bin")
