"""What every schema module of the registry shares: the code field, media types, list queries, form loading."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from chassis.schemas import Schema

MEDIA_TYPES = ["print", "online", "television", "radio"]


CODE_ERROR = "Huruf, angka, - atau _ (diawali huruf atau angka), paling banyak 40 karakter."


class Code(fields.String):
    """A code people type (tier ``A``, entity type ``PT``, a document code): accepted in any case and stored in one
    form, lower case, as the catalogue and the period keep them."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


class ListQuery(Schema):
    after = fields.String(
        validate=validate.Regexp(r"^[A-Za-z0-9_-]{1,2000}$", error="Kursor tidak sah."),
        metadata={"description": "Kursor halaman berikutnya (dari `next`)"},
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


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
