"""Input and output shapes every service shares, and the base ``Schema`` their schemas inherit.

The base ``Schema`` does this for every field a service declares, so no schema has to remember it:
its messages are Bahasa Indonesia (marshmallow's own are English), and an integer is bounded to what a database
column holds (a signed 64-bit integer) on each side its own range leaves open, so ``2**64`` in a body or a query
is a 422 naming the field, not an ``OverflowError`` (SQLite) or ``NumericValueOutOfRange`` (PostgreSQL) deep in
a query. Text with a NUL character, which PostgreSQL cannot store, is refused the same way.
"""

from __future__ import annotations

import copy

import marshmallow
from marshmallow import fields, validate

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# Messages of a missing field, in Bahasa Indonesia like every form of the suite.
REQUIRED = {"required": "Wajib diisi.", "null": "Wajib diisi."}

OUT_OF_RANGE = "Angka di luar batas yang dapat disimpan."
EMPTY_CHOICE = "Pilih paling sedikit satu."
NUL = "Tidak boleh berisi karakter NUL."

# marshmallow's English defaults and what people read instead; a message a schema set itself is kept.
INDONESIAN = {
    "Missing data for required field.": "Wajib diisi.",
    "Field may not be null.": "Tidak boleh kosong.",
    "Invalid value.": "Nilai tidak sah.",
    "Invalid type.": "Jenis isian tidak sah.",
    "Not a valid list.": "Harus berupa daftar.",
    "Not a valid tuple.": "Harus berupa daftar.",
    "Not a valid string.": "Harus berupa teks.",
    "Not a valid utf-8 string.": "Teks bukan UTF-8 yang sah.",
    "Not a valid UUID.": "Bukan UUID yang sah.",
    "Not a valid number.": "Bukan angka yang sah.",
    "Number too large.": "Angka terlalu besar.",
    "Not a valid integer.": "Bukan bilangan bulat yang sah.",
    "Special numeric values (nan or infinity) are not permitted.": "Angka tak hingga atau NaN tidak diterima.",
    "Not a valid boolean.": "Harus benar atau salah (true/false).",
    "Not a valid date.": "Bukan tanggal yang sah (TTTT-BB-HH).",
    '"{input}" cannot be formatted as a date.': "Tidak dapat ditulis sebagai tanggal.",
    "Not a valid period of time.": "Bukan jangka waktu yang sah.",
    "{input!r} cannot be formatted as a timedelta.": "Tidak dapat ditulis sebagai jangka waktu.",
    "Not a valid mapping type.": "Harus berupa objek.",
    "Not a valid URL.": "Bukan URL yang sah.",
    "Not a valid email address.": "Bukan alamat surel yang sah.",
    "Not a valid IP address.": "Bukan alamat IP yang sah.",
    "Not a valid IPv4 address.": "Bukan alamat IPv4 yang sah.",
    "Not a valid IPv6 address.": "Bukan alamat IPv6 yang sah.",
    "Not a valid IP interface.": "Bukan antarmuka IP yang sah.",
    "Not a valid IPv4 interface.": "Bukan antarmuka IPv4 yang sah.",
    "Not a valid IPv6 interface.": "Bukan antarmuka IPv6 yang sah.",
    "Must be one of: {choices}.": "Harus salah satu dari: {choices}.",
    "Invalid input type.": "Jenis isian tidak sah.",
    "Unknown field.": "Isian tidak dikenal.",
    "String does not match expected pattern.": "Format tidak sesuai.",
    "Must be equal to {other}.": "Harus sama dengan {other}.",
    "Invalid input.": "Nilai tidak sah.",
    "One or more of the choices you made was not in: {choices}.": "Ada pilihan di luar: {choices}.",
    "One or more of the choices you made was in: {values}.": "Ada pilihan yang tidak boleh: {values}.",
}
# Dates and times say what they are: marshmallow fills in an English type name ("datetime").
TEMPORAL = {
    "datetime": "tanggal dan waktu (ISO 8601)",
    "time": "waktu (JJ:MM)",
    "date": "tanggal (TTTT-BB-HH)",
}
TEMPORAL_KEYS = {
    "invalid": "Bukan {} yang sah.",
    "invalid_awareness": "Bukan {} yang sah (zona waktu).",
    "format": "Tidak dapat ditulis sebagai {}.",
}


def _range_message(v: validate.Range) -> str:
    low = None if v.min is None else ("paling sedikit {min}" if v.min_inclusive else "lebih dari {min}")
    high = None if v.max is None else ("paling banyak {max}" if v.max_inclusive else "kurang dari {max}")
    return "Harus " + " dan ".join(part for part in (low, high) if part) + "."


def _length_message(v: validate.Length) -> str:
    if v.equal is not None:
        return "Panjang harus {equal}."
    if v.min is not None and v.max is not None:
        return "Panjang {min}-{max} karakter."
    if v.min is not None:
        return "Paling sedikit {min} karakter." if v.min > 1 else "Wajib diisi."
    return "Paling banyak {max} karakter."


class _RequiredLength(validate.Validator):
    """A length with a minimum, which says "Wajib diisi." of an empty (or blank) text and "Pilih paling sedikit
    satu." of an empty list, whatever its own message for a wrong length: the person left it out, and a length
    rule is not what they need to read."""

    def __init__(self, length: validate.Length):
        self.length = length
        self.error = length.error

    def __call__(self, value):
        if isinstance(value, str) and not value.strip():
            raise marshmallow.ValidationError(REQUIRED["required"])
        if isinstance(value, list | tuple):
            low, high = self.length.min, self.length.max
            if not value:
                raise marshmallow.ValidationError(EMPTY_CHOICE)
            if len(value) < low:
                raise marshmallow.ValidationError(f"Pilih paling sedikit {low}.")
            if high is not None and len(value) > high:
                raise marshmallow.ValidationError(f"Paling banyak {high} pilihan.")
        return self.length(value)


def _indonesian_validator(v):
    """The validator with an Indonesian message when it still has marshmallow's (a copy: validators are shared)."""
    if isinstance(v, validate.Length) and v.min and v.equal is None:
        return _RequiredLength(_indonesian_validator_inner(v))
    return _indonesian_validator_inner(v)


def _indonesian_validator_inner(v):
    if isinstance(v, validate.And):
        v = copy.copy(v)
        v.validators = [_indonesian_validator(inner) for inner in v.validators]
        return v
    if isinstance(v, validate.Range | validate.Length):
        if v.error is not None:
            return v
        message = _range_message(v) if isinstance(v, validate.Range) else _length_message(v)
    elif isinstance(v, validate.Validator) and isinstance(getattr(v, "error", None), str):
        message = INDONESIAN.get(v.error) if v.error == getattr(type(v), "default_message", None) else None
        if message is None:
            return v
    else:
        return v
    v = copy.copy(v)
    v.error = message
    return v


def _no_nul(value: str) -> None:
    """PostgreSQL cannot store a NUL character in text (the driver raises), and no form of the suite needs one."""
    if "\x00" in value:
        raise marshmallow.ValidationError(NUL)


def _indonesian_field(field: fields.Field) -> None:
    """Indonesian messages for a field and the fields inside it (list items, tuple members, dict keys and values);
    an integer gets the 64-bit bound on each side its own range leaves open, a text refuses NUL characters."""
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    obj_type = TEMPORAL.get(getattr(field, "OBJ_TYPE", None))
    for key, message in field.error_messages.items():
        if message != defaults.get(key):
            continue  # the schema's own message
        if obj_type and key in TEMPORAL_KEYS:
            field.error_messages[key] = TEMPORAL_KEYS[key].format(obj_type)
        elif message in INDONESIAN:
            field.error_messages[key] = INDONESIAN[message]
    field.validators = [_indonesian_validator(v) for v in field.validators]
    if isinstance(field, fields.String):
        field.validators.append(_no_nul)
    if isinstance(field, fields.Integer):
        ranges = [v for v in field.validators if isinstance(v, validate.Range)]
        low = None if any(v.min is not None for v in ranges) else INT64_MIN
        high = None if any(v.max is not None for v in ranges) else INT64_MAX
        if low is not None or high is not None:  # only the side the schema left open, so one message per value
            field.validators.append(validate.Range(min=low, max=high, error=OUT_OF_RANGE))
    inner = [getattr(field, "inner", None), getattr(field, "key_field", None), getattr(field, "value_field", None)]
    inner.extend(getattr(field, "tuple_fields", None) or ())
    for item in inner:
        if isinstance(item, fields.Field):
            _indonesian_field(item)


class Schema(marshmallow.Schema):
    """The base of every schema of the suite: Indonesian messages, integers bounded to a signed 64-bit value, no
    NUL in text."""

    error_messages = {"type": INDONESIAN["Invalid input type."], "unknown": INDONESIAN["Unknown field."]}

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        super().on_bind_field(field_name, field_obj)
        _indonesian_field(field_obj)


def required_text(max_length: int, **kwargs) -> fields.String:
    """A required, non-empty text field of at most ``max_length`` characters."""
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=max_length, error="Panjang {min}-{max} karakter."),
        error_messages=REQUIRED,
        **kwargs,
    )


class AuditEntry(Schema):
    """One line of an audit trail: who moved a record, when, from which state to which, and why."""

    at = fields.DateTime()
    actor = fields.String()
    action = fields.String(allow_none=True)
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    note = fields.String(allow_none=True)


class WorkItem(Schema):
    label = fields.String(metadata={"description": "Apa yang menunggu, dalam kata-kata"})
    count = fields.Integer()
    href = fields.String(metadata={"description": "Halaman yang mendaftarnya (filter yang sama dengan hitungannya)"})


class WorkList(Schema):
    """``GET /api/<service>/work``: what waits for the caller, for the gateway's start page."""

    items = fields.List(fields.Nested(WorkItem))
