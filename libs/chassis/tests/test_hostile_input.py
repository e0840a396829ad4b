"""Hostile bodies, ids and numbers are the client's mistake (400, 404, 422 in Bahasa Indonesia), never a 500."""

from __future__ import annotations

import logging

import probe
import pytest
import sqlalchemy as sa
from flask import request
from flask_smorest import Blueprint
from marshmallow import fields, validate

from chassis import pagination
from chassis.db import Database
from chassis.problems import Problem
from chassis.schemas import INT64_MAX, INT64_MIN, Schema
from chassis.settings import ServiceSettings
from chassis.web import MAX_JSON_DEPTH, create_service_app, suite

DEEP = b"[" * 50_000 + b"]" * 50_000


class Thing(Schema):
    count = fields.Integer(required=True)
    positive = fields.Integer(validate=validate.Range(min=1))
    sizes = fields.List(fields.Integer())
    title = fields.String(validate=validate.Length(min=1, max=5))
    kind = fields.String(validate=validate.OneOf(["siaran", "agenda"]))
    code = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
    day = fields.Date()
    note = fields.String()
    extra = fields.Raw()


class Search(Schema):
    n = fields.Integer(required=True)


def make_app(database_url: str, tokens):
    settings = ServiceSettings(service_name="probe", database_url=database_url, jwt_public_key=tokens.public_pem)
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    probe.metadata.create_all(Database(database_url).engine)
    blp = Blueprint("hostile", __name__, url_prefix="/api/probe")

    @blp.post("/things")
    @blp.arguments(Thing)
    def create(body):
        return {"count": body["count"]}

    @blp.get("/things")
    @blp.arguments(Search, location="query")
    def search(query):
        return {"n": query["n"]}

    @blp.get("/effects/<int:n>")
    def effect(n):
        with suite().db.session() as session:
            row = session.execute(sa.select(probe.effects).where(probe.effects.c.n == n)).first()
        if row is None:
            raise Problem(404, "Tidak ada.")
        return {"n": row.n}

    @blp.post("/raw")
    def raw():
        return {"keys": sorted(request.get_json())}

    @blp.post("/effects")
    def store_unchecked():
        """A view that trusts its body: only the chassis's last net stands between it and a 500."""
        value = request.get_json()["value"]
        with suite().db.session() as session:
            session.execute(sa.insert(probe.effects).values(event_id="x", value=value))
            session.commit()
        return {"value": value}, 201

    app.extensions["suite"].api.register_blueprint(blp)
    return app


@pytest.fixture
def client(tmp_path, tokens):
    return make_app(f"sqlite:///{tmp_path / 'p.db'}", tokens).test_client()


def assert_body_refused(response, message: str):
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == [{"field": "_body", "message": message}]


@pytest.mark.parametrize("url", ["/api/probe/things", "/api/probe/raw"], ids=["webargs", "get_json"])
def test_a_body_nested_fifty_thousand_deep_is_a_400_naming_the_body(client, url):
    response = client.post(url, data=DEEP, content_type="application/json")
    assert_body_refused(response, "Terlalu dalam.")
    assert "bersarang terlalu dalam" in response.json["detail"]


@pytest.mark.parametrize("url", ["/api/probe/things", "/api/probe/raw"], ids=["webargs", "get_json"])
def test_a_body_just_past_the_depth_limit_is_refused_and_one_within_it_is_read(client, url):
    too_deep = {"count": 1, "extra": "x"}
    for _ in range(MAX_JSON_DEPTH):
        too_deep = {"a": too_deep}
    assert_body_refused(client.post(url, json={"count": 1, "extra": too_deep}), "Terlalu dalam.")
    within = ["x"]
    for _ in range(MAX_JSON_DEPTH - 2):
        within = [within]
    assert client.post(url, json={"count": 1, "extra": within}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"count": 1', b"\xff\xfe\x00", b'{"count": ' + b"9" * 5000 + b"}"],
    ids=["garbage", "truncated", "not-utf8", "5000-digit-number"],
)
@pytest.mark.parametrize("url", ["/api/probe/things", "/api/probe/raw"], ids=["webargs", "get_json"])
def test_a_body_that_is_not_json_is_a_400_in_indonesian(client, url, body):
    response = client.post(url, data=body, content_type="application/json")
    assert_body_refused(response, "Bukan JSON yang sah.")
    assert response.json["detail"] == "Isi permintaan bukan JSON yang sah."


@pytest.mark.parametrize(
    "value", [str(2**63), str(2**64), "9" * 30, "9" * 5000, "-" + str(2**63 + 1)], ids=lambda v: v[:12]
)
def test_an_id_beyond_64_bits_does_not_match_the_route(client, value):
    response = client.get(f"/api/probe/effects/{value}")
    assert response.status_code == 404 and response.content_type == "application/problem+json"


def test_the_largest_64_bit_id_still_reaches_the_view(client):
    assert client.get(f"/api/probe/effects/{INT64_MAX}").json["detail"] == "Tidak ada."


@pytest.mark.parametrize("value", [INT64_MAX + 1, INT64_MIN - 1, 10**30])
def test_integers_beyond_64_bits_in_a_body_or_query_are_a_422_naming_the_field(client, value):
    body = client.post("/api/probe/things", json={"count": value, "positive": value, "sizes": [1, value]})
    assert body.status_code == 422
    errors = {(e["field"], e["message"]) for e in body.json["errors"]}
    assert ("count", "Angka di luar batas yang dapat disimpan.") in errors
    assert ("sizes.1", "Angka di luar batas yang dapat disimpan.") in errors
    query = client.get(f"/api/probe/things?n={value}")
    assert query.status_code == 422
    assert query.json["errors"][0]["field"] == "n" and "di luar batas" in query.json["errors"][0]["message"]
    assert client.get(f"/api/probe/things?n={INT64_MAX}").json == {"n": INT64_MAX}


def test_a_schema_range_open_on_one_side_is_closed_at_64_bits_with_one_message_per_value(client):
    errors = client.post("/api/probe/things", json={"count": 1, "positive": 2**64}).json["errors"]
    assert errors == [{"field": "positive", "message": "Angka di luar batas yang dapat disimpan.", "location": "json"}]
    errors = client.post("/api/probe/things", json={"count": 1, "positive": 0}).json["errors"]
    assert errors == [{"field": "positive", "message": "Harus paling sedikit 1.", "location": "json"}]


def test_marshmallow_messages_a_user_sees_are_indonesian(client):
    body = {"count": "dua", "title": "panjang sekali", "kind": "x", "code": "ab", "day": "kemarin", "note": None,
            "unknown": 1}  # fmt: skip
    response = client.post("/api/probe/things", json=body)
    messages = {e["field"]: e["message"] for e in response.json["errors"]}
    assert messages == {
        "count": "Bukan bilangan bulat yang sah.",
        "title": "Panjang 1-5 karakter.",
        "kind": "Harus salah satu dari: siaran, agenda.",
        "code": "Format tidak sesuai.",
        "day": "Bukan tanggal (TTTT-BB-HH) yang sah.",
        "note": "Tidak boleh kosong.",
        "unknown": "Isian tidak dikenal.",
    }
    missing = client.post("/api/probe/things", json={"note": 5}).json["errors"]
    assert {e["field"]: e["message"] for e in missing} == {"count": "Wajib diisi.", "note": "Harus berupa teks."}


def test_a_schema_keeps_the_messages_it_wrote_itself():
    class Own(Schema):
        n = fields.Integer(error_messages={"invalid": "Isi dengan angka."}, validate=validate.Range(max=9, error="X"))

    assert Own().validate({"n": "a"}) == {"n": ["Isi dengan angka."]}
    assert Own().validate({"n": 10}) == {"n": ["X"]}


@pytest.mark.parametrize("backend_name", ["sqlite", "postgresql"])
def test_a_number_the_database_cannot_hold_is_a_422_not_a_500(tokens, databases, backend_name, caplog):
    app = make_app(databases.url("hostile", backend_name), tokens)
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="chassis.web"):
        response = client.post("/api/probe/effects", json={"value": 2**64})
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert response.json["errors"] == [{"field": "_body", "message": "Tidak dapat disimpan."}]
    assert [r.levelno for r in caplog.records if "out of range" in r.getMessage()] == [logging.WARNING]
    assert client.post("/api/probe/effects", json={"value": 7}).status_code == 201


def test_text_with_a_nul_the_database_cannot_store_is_a_422_not_a_500(tokens, databases):
    client = make_app(databases.url("hostile-nul", "postgresql"), tokens).test_client()
    unchecked = client.post("/api/probe/effects", json={"value": "1\u0000"})
    assert unchecked.status_code == 422 and unchecked.json["errors"][0]["field"] == "_body"
    checked = client.post("/api/probe/things", json={"count": 1, "note": "a\u0000b"})
    assert checked.status_code == 422
    assert checked.json["errors"] == [
        {"field": "note", "message": "Tidak boleh berisi karakter NUL.", "location": "json"}
    ]


@pytest.mark.parametrize("url", ["/api/probe/things", "/api/probe/raw"], ids=["webargs", "get_json"])
def test_half_a_surrogate_pair_is_bad_json_and_a_whole_one_is_text(client, url):
    lone = client.post(url, data=b'{"count": 1, "note": "\\ud800"}', content_type="application/json")
    assert_body_refused(lone, "Bukan JSON yang sah.")
    key = client.post(url, data=b'{"count": 1, "\\udfff": 1}', content_type="application/json")
    assert_body_refused(key, "Bukan JSON yang sah.")
    emoji = client.post(url, data=b'{"count": 1, "note": "\\ud83d\\ude00"}', content_type="application/json")
    assert emoji.status_code == 200


@pytest.mark.parametrize(
    "cursor", [pagination.encode_cursor(2**64), pagination.encode_cursor(-(2**70))], ids=["huge", "tiny"]
)
def test_a_forged_cursor_beyond_64_bits_is_refused(cursor):
    with pytest.raises(Problem) as refused:
        pagination.decode_cursor(cursor, 1)
    assert refused.value.status == 422 and refused.value.extra["errors"][0]["field"] == "after"


def test_a_cursor_nested_past_the_stack_is_refused():
    import base64

    deep = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode()
    with pytest.raises(Problem) as refused:
        pagination.decode_cursor(deep, 1)
    assert refused.value.status == 422


def test_errors_werkzeug_raises_itself_are_told_in_indonesian(tmp_path, tokens):
    app = make_app(f"sqlite:///{tmp_path / 'p.db'}", tokens)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    client = app.test_client()
    assert client.get("/api/probe/nowhere").json["detail"] == "Alamat tidak ditemukan."
    assert client.delete("/api/probe/things").json["detail"] == "Metode ini tidak diizinkan untuk alamat ini."
    too_large = client.post("/api/probe/raw", data=b"[" + b"1," * 1000 + b"1]", content_type="application/json")
    assert too_large.status_code == 413 and too_large.json["detail"] == "Isi permintaan terlalu besar."
    own = client.get("/api/probe/effects/5")  # a service's own 404 message is kept
    assert own.status_code == 404 and own.json["detail"] == "Tidak ada."
