"""The Flask side of the chassis: token checks, problem+json, request ids, health."""

from __future__ import annotations

import datetime as dt

import jwt
import probe
import pytest
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from chassis.auth import current_principal, require_roles
from chassis.events import CloudEvent, InvalidEvent
from chassis.settings import ServiceSettings, load
from chassis.testing import TokenFactory, free_port
from chassis.web import create_service_app


class Body(Schema):
    count = fields.Integer(required=True)
    nested = fields.Nested(Schema.from_dict({"day": fields.Date(required=True)}))


@pytest.fixture
def client(tmp_path, tokens):
    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", jwt_public_key=tokens.public_pem
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    blp = Blueprint("probe", __name__, url_prefix="/api/probe")

    @blp.post("/things")
    @blp.arguments(Body)
    @require_roles("probe:writer")
    def write(body):
        return {"count": body["count"], "by": current_principal().username}

    @blp.get("/dates")
    def dates():
        return {"day": dt.date(2027, 3, 31), "moment": dt.datetime(2027, 3, 31, 1, 2, tzinfo=dt.UTC)}

    app.extensions["suite"].api.register_blueprint(blp)
    return app.test_client()


def test_a_valid_token_with_the_role_passes(client, tokens):
    response = client.post(
        "/api/probe/things", json={"count": 1}, headers=tokens.headers("probe:writer", username="ani")
    )
    assert response.status_code == 200
    assert response.json == {"count": 1, "by": "ani"}


@pytest.mark.parametrize(
    ("make_headers", "status"),
    [
        (lambda t: {}, 401),
        (lambda t: {"Authorization": "Basic abc"}, 401),
        (lambda t: t.headers("probe:writer", ttl=-30), 401),
        (lambda t: TokenFactory().headers("probe:writer"), 401),
        (lambda t: {"Authorization": "Bearer not.a.token"}, 401),
        (lambda t: t.headers("probe:reader"), 403),
        (lambda t: t.headers("admin"), 403),
    ],
    ids=["missing", "not-bearer", "expired", "forged", "garbage", "wrong-role", "admin-is-not-implicit"],
)
def test_bad_tokens_are_refused_with_problem_json(client, tokens, make_headers, status):
    response = client.post("/api/probe/things", json={"count": 1}, headers=make_headers(tokens))
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_for_another_audience_is_refused(client, tokens):
    token = jwt.encode(
        {
            "sub": "x",
            "roles": ["probe:writer"],
            "iss": "suite-gateway",
            "aud": "elsewhere",
            "iat": dt.datetime.now(dt.UTC),
            "exp": dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
        },
        tokens._key,
        algorithm="RS256",
    )
    response = client.post("/api/probe/things", json={"count": 1}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_validation_errors_name_each_field(client, tokens):
    response = client.post(
        "/api/probe/things", json={"count": "many", "nested": {"day": "soon"}}, headers=tokens.headers("probe:writer")
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    fields_named = {e["field"] for e in response.json["errors"]}
    assert fields_named == {"count", "nested.day"}
    assert "count" in response.json["detail"]


def test_unknown_routes_and_methods_are_problem_json(client):
    missing = client.get("/api/probe/nothing")
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    wrong = client.get("/api/probe/things")
    assert wrong.status_code == 405 and "POST" in wrong.headers["Allow"]


def test_plain_json_answers_write_dates_and_times_as_iso_8601(client):
    assert client.get("/api/probe/dates").json == {"day": "2027-03-31", "moment": "2027-03-31T01:02:00+00:00"}


def test_request_id_is_kept_or_made(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc123"}).headers["X-Request-ID"] == "abc123"
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 16


def test_readyz_asks_the_database_and_the_file_store_not_the_broker(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path))  # the local store's folder
    dead_broker = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'r.db'}", amqp_url=dead_broker
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200 and ready.json["checks"] == {"database": "ok", "file_store": "ok"}


def test_settings_come_typed_from_the_environment():
    settings = load(
        ServiceSettings,
        {"EVENTS_RETRY_DELAYS_MS": "5, 10", "RELAY_POLL_SECONDS": "0.5", "LOG_JSON": "no", "EVENTS_PREFIX": "x."},
    )
    assert settings.events_retry_delays_ms == (5, 10)
    assert settings.relay_poll_seconds == 0.5
    assert settings.log_json is False
    assert settings.queue == "x.service.events" and settings.exchange == "x.suite.events"
    with pytest.raises(ValueError, match="RELAY_BATCH_SIZE"):
        load(ServiceSettings, {"RELAY_BATCH_SIZE": "lots"})


def test_cloudevent_round_trip_and_rejects():
    event = CloudEvent.new(source="/71.74/probe", type="probe.x.v1", data={"a": 1}, subject="s")
    again = CloudEvent.from_json(event.to_json())
    assert again == event
    with pytest.raises(InvalidEvent):
        CloudEvent.from_json(b'{"id": "1", "type": "t", "source": "/s", "specversion": "0.3"}')
    with pytest.raises(InvalidEvent):
        CloudEvent.from_json(b"[1, 2]")
    unknown = CloudEvent.from_json(b'{"id":"1","type":"t","source":"/s","specversion":"1.0","extra":"ignored"}')
    assert unknown.data == {}
