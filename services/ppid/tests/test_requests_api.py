import datetime as dt
import json

import pytest

from chassis.testing import assert_migrations_match_models, outbox_events
from ppid import MIGRATIONS
from ppid.domain.calendar import WorkingCalendar
from ppid.models import Base

PERSONAL = ("name", "nik", "address", "phone", "email")


def test_migrations_match_models(ppid_database):
    assert_migrations_match_models(MIGRATIONS, ppid_database, Base.metadata)


def test_submission_registers_the_request_with_its_legal_due_date(client, valid_request):
    response = client.post("/api/ppid/requests", json=valid_request)
    assert response.status_code == 201, response.json
    body = response.json
    year = WorkingCalendar().receipt_day(dt.datetime.now(dt.UTC)).year  # the office's year, not the server's
    assert body["registration_number"] == f"PPID-7174-{year}-00001"
    assert len(body["tracking_code"]) == 10
    assert body["status"] == "received"
    calendar = WorkingCalendar()
    received = calendar.receipt_day(dt.datetime.now(dt.UTC))
    assert body["received_on"] == received.isoformat()
    assert body["due_date"] == calendar.add_working_days(received, 10).isoformat()


def test_registration_numbers_follow_each_other(client, valid_request):
    numbers = [client.post("/api/ppid/requests", json=valid_request).json["registration_number"] for _ in range(3)]
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003"]


def test_submission_emits_an_event_without_personal_data(app, client, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    (event,) = outbox_events(app)
    assert event["type"] == "ppid.request.submitted.v1"
    assert event["specversion"] == "1.0"
    assert event["source"] == "/71.74/ppid"
    assert event["subject"] == receipt["registration_number"]
    assert event["data"]["due_date"] == receipt["due_date"]
    payload = json.dumps(event)
    for key in PERSONAL:
        assert key not in event["data"]
        assert valid_request[key] not in payload
    assert "7174014507900002" not in payload


def test_tracking_shows_status_and_history_but_no_personal_data(client, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    response = client.post(
        "/api/ppid/track",
        json={"registration_number": receipt["registration_number"], "tracking_code": receipt["tracking_code"]},
    )
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "received"
    assert body["due_date"] == receipt["due_date"]
    assert [h["status"] for h in body["history"]] == ["received"]
    text = json.dumps(body)
    for key in PERSONAL:
        assert key not in body
        assert valid_request[key] not in text


def test_tracking_with_a_wrong_code_is_404_problem(client, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    response = client.post(
        "/api/ppid/track", json={"registration_number": receipt["registration_number"], "tracking_code": "WRONG23456"}
    )
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "12345", "16 digit"),
        ("nik", "7174019907900002", "tidak valid"),
        ("email", "bukan-email", "email"),
        ("phone", "12ab", "telepon"),
        ("obtain_method", "telepati", "Pilih salah satu"),
        ("name", "", "Wajib diisi"),
    ],
)
def test_invalid_field_is_named_in_a_422_problem(client, valid_request, field, value, message):
    response = client.post("/api/ppid/requests", json={**valid_request, field: value})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    errors = response.json["errors"]
    assert any(e["field"] == field and message in e["message"] for e in errors), errors


def test_missing_fields_are_all_listed(client):
    response = client.post("/api/ppid/requests", json={})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json["errors"]}
    assert {"name", "nik", "address", "occupation", "information", "purpose"} <= fields


def test_a_rejected_submission_stores_nothing(app, client, valid_request):
    client.post("/api/ppid/requests", json={**valid_request, "nik": "1"})
    assert outbox_events(app) == []
    ok = client.post("/api/ppid/requests", json=valid_request).json
    assert ok["registration_number"].endswith("00001")


def test_phone_or_email_is_enough_but_one_is_needed(client, valid_request):
    only_phone = {**valid_request, "email": None}
    assert client.post("/api/ppid/requests", json=only_phone).status_code == 201
    neither = {**valid_request, "email": "", "phone": ""}
    response = client.post("/api/ppid/requests", json=neither)
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "phone"


def test_form_words_are_understood(client, valid_request):
    body = {**valid_request, "obtain_method": "Hardcopy", "delivery_method": "Ambil Langsung"}
    response = client.post("/api/ppid/requests", json=body)
    assert response.status_code == 201, response.json


def test_openapi_document_describes_the_endpoints(client):
    spec = client.get("/api/ppid/openapi.json").json
    assert "/api/ppid/requests" in spec["paths"]
    assert "/api/ppid/track" in spec["paths"]
    assert client.get("/api/ppid/docs").status_code == 200


def test_health_and_metrics(client):
    assert client.get("/healthz").json["status"] == "ok"
    assert b"http_request_duration_seconds" in client.get("/metrics").data
