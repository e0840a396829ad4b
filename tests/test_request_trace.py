"""An operator follows one request by its id: from the gateway's access line, through the service's access line
and the event it caused (CloudEvents extension ``requestid``), to the consumer that handled that event."""

from __future__ import annotations

import json
import secrets

import pytest

from chassis.testing import wait_for, watch

pytestmark = pytest.mark.xdist_group("suite")

REQUEST = {
    "name": "Siti Rahma",
    "nik": "7174014507900002",
    "address": "Kotamobagu",
    "phone": "081234567890",
    "email": "siti@example.id",
    "occupation": "Guru",
    "information": "DPA Dinas Kesehatan 2026",
    "purpose": "Kajian",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}


def log_lines(suite, request_id: str) -> list[dict]:
    """The suite's JSON log lines (honcho puts the process name before each) that carry ``request_id``."""
    found = []
    for line in (suite.var / "suite.log").read_text(errors="replace").splitlines():
        start = line.find("{")
        if start < 0 or request_id not in line:
            continue
        try:
            entry = json.loads(line[start:])
        except ValueError:
            continue
        if entry.get("request_id") == request_id:
            found.append(entry)
    return found


def access_line(lines: list[dict], service: str) -> dict | None:
    return next((e for e in lines if e.get("service") == service and e.get("logger") == "access"), None)


def test_a_citizens_submit_is_followed_from_the_gateway_to_the_event_on_the_broker(suite):
    with watch(suite.broker.url, suite.prefix, "trace", "ppid.request.submitted.v1") as watched:
        request_id = "warga-" + secrets.token_hex(6)

        answer = suite.http.post(
            suite.url("/api/ppid/requests?source=web"), json=REQUEST, headers={"X-Request-ID": request_id}
        )
        assert answer.status_code == 201, answer.text
        assert answer.headers["X-Request-ID"] == request_id
        number = answer.json()["registration_number"]

        events = []

        def arrived():
            events.extend(watched.drain())
            return any(e["subject"] == number for e in events)

        assert wait_for(arrived, 30, 0.3)
        event = next(e for e in events if e["subject"] == number)
        assert event["requestid"] == request_id

    def logged():
        lines = log_lines(suite, request_id)
        return access_line(lines, "gateway") and access_line(lines, "ppid")

    assert wait_for(logged, 10, 0.3), log_lines(suite, request_id)
    lines = log_lines(suite, request_id)
    for service in ("gateway", "ppid"):
        line = access_line(lines, service)
        assert line["method"] == "POST" and line["path"] == "/api/ppid/requests" and line["status"] == 201
        assert line["user"] == "anonymous" and line["duration_ms"] >= 0
        assert "source=web" not in json.dumps(line)  # the query string, where secrets travel, is never logged
    assert REQUEST["nik"] not in json.dumps(lines) and REQUEST["email"] not in json.dumps(lines)


def test_an_editors_publish_is_followed_to_the_registrys_consumer(suite):
    editor = suite.account("redaktur-jejak", "newsroom:editor")
    created = suite.http.post(
        suite.url("/api/newsroom/articles"),
        headers=editor,
        json={
            "type": "release",
            "title": f"Jejak permintaan {secrets.token_hex(3)}",
            "body_html": "<p>Isi rilis.</p>",
            "opd": "diskominfo",
        },
    )
    assert created.status_code == 201, created.text
    request_id = "redaksi-" + secrets.token_hex(6)
    published = suite.http.post(
        suite.url(f"/api/newsroom/articles/{created.json()['id']}/publish"),
        headers={**editor, "X-Request-ID": request_id},
    )
    assert published.status_code == 200, published.text

    def consumed():
        return [
            e
            for e in log_lines(suite, request_id)
            if e.get("service") == "registry" and e.get("event_type") == "newsroom.article.published.v1"
        ]

    handled = wait_for(consumed, 20, 0.3)
    assert handled and handled[0]["message"] == "event handled"
    lines = log_lines(suite, request_id)
    assert access_line(lines, "gateway")["user"] == "redaktur-jejak"
    assert access_line(lines, "newsroom")["status"] == 200
