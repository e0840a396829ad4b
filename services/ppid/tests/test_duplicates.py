"""An officer closes a request as a duplicate of an earlier one: its own label, seen on tracking, counted apart."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from chassis.testing import documented_event, outbox_events
from ppid import reporting
from ppid.domain.calendar import WorkingCalendar
from ppid.models import mail_outbox


def submit(client, valid_request, **extra):
    response = client.post("/api/ppid/requests", json={**valid_request, **extra})
    assert response.status_code == 201, response.json
    return response.json


def mark(client, headers, number, expect=200, **body):
    response = client.post(f"/api/ppid/requests/{number}/mark_duplicate", json=body, headers=headers)
    assert response.status_code == expect, response.json
    return response.json


def test_an_officer_closes_a_repeated_request_as_a_duplicate_counted_apart_in_the_report(
    app, client, officer, valid_request
):
    first, second = submit(client, valid_request), submit(client, valid_request)
    original, repeated = first["registration_number"], second["registration_number"]
    year = WorkingCalendar().today().year
    before = client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=officer).json
    assert (before["requests"], before["duplicates"]) == (2, 0)

    closed = mark(client, officer, repeated, duplicate_of=original.lower(), note="Diajukan dua kali.")
    assert closed["status"] == "closed" and closed["duplicate_of"] == original
    assert closed["status_label"] == f"Duplikat dari {original}"
    assert "mark_duplicate" not in closed["allowed_actions"] and closed["allowed_actions"] == []

    tracked = client.post("/api/ppid/track", json={k: second[k] for k in ("registration_number", "tracking_code")})
    assert tracked.json["status_label"] == f"Duplikat dari {original}"
    assert any(original in entry["note"] for entry in tracked.json["history"]), "the requester reads why"
    page = client.post("/ppid/lacak", data={k: second[k] for k in ("registration_number", "tracking_code")})
    assert f"Duplikat dari {original}" in page.text

    after = client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=officer).json
    assert (after["requests"], after["pending"], after["duplicates"]) == (1, 1, 1), "not in received or answered"
    assert sum(after["per_month"]) == 1 and sum(o["requests"] for o in after["per_opd"]) == 1
    with app.extensions["suite"].db.session() as session:
        calendar = WorkingCalendar()
        assert reporting.yearly_report(session, year, calendar) == reporting.computed_report(session, year, calendar)
        mails = session.execute(select(mail_outbox.c.subject).where(mail_outbox.c.subject.contains("Duplikat"))).all()
    assert [m.subject for m in mails] == [f"[{repeated}] Duplikat dari {original}"]
    csv = client.get("/api/ppid/reports/yearly", query_string={"year": year, "format": "csv"}, headers=officer)
    assert "Ditutup sebagai duplikat" in csv.get_data(as_text=True)

    (event,) = [e for e in outbox_events(app, "ppid.request.closed.v1") if e["data"]["registration_number"] == repeated]
    assert event["data"]["duplicate_of"] == original, "the province can count it apart too"
    documented_event(event["type"], Path(__file__).parents[3] / "docs" / "asyncapi.yaml").validate(event)


def test_a_duplicate_points_at_an_earlier_request_that_is_not_itself_a_duplicate(client, officer, valid_request):
    first, second, third = (submit(client, valid_request)["registration_number"] for _ in range(3))
    refused = mark(client, officer, first, 422, duplicate_of=second, note="x")
    assert "lebih akhir" in refused["errors"][0]["message"] and refused["errors"][0]["field"] == "duplicate_of"
    assert "dirinya sendiri" in mark(client, officer, first, 422, duplicate_of=first, note="x")["detail"]
    unknown = mark(client, officer, first, 422, duplicate_of="PPID-7174-2026-99999", note="x")
    assert "tidak ditemukan" in unknown["detail"]
    assert mark(client, officer, second, 422, duplicate_of=first)["errors"][0]["field"] == "note"
    mark(client, officer, second, duplicate_of=first, note="Sama.")
    assert f"sebutkan {first}" in mark(client, officer, third, 422, duplicate_of=second, note="Sama.")["detail"]
    assert mark(client, officer, second, 409, duplicate_of=first, note="Lagi.")["current_state"] == "closed"


def test_only_the_ppid_officer_marks_a_duplicate(client, superior, opd_officer, officer, valid_request):
    first, second = (submit(client, valid_request)["registration_number"] for _ in range(2))
    assert mark(client, superior, second, 403, duplicate_of=first, note="Sama.")["status"] == 403
    response = client.post(f"/api/ppid/requests/{second}/dispose", json={"opds": ["dinkes"]}, headers=officer)
    assert response.status_code == 200
    mark(client, opd_officer("dinkes"), second, 403, duplicate_of=first, note="Sama.")


def test_the_console_offers_the_duplicate_form_and_closes_with_it(client, officer, valid_request):
    first, second = (submit(client, valid_request)["registration_number"] for _ in range(2))
    page = client.get(f"/ppid/petugas/permohonan/{second}", headers=officer)
    assert 'name="duplicate_of"' in page.text
    wrong = client.post(
        f"/ppid/petugas/permohonan/{second}/mark_duplicate", data={"duplicate_of": second, "note": "x"}, headers=officer
    )
    assert wrong.status_code == 422 and "dirinya sendiri" in wrong.text
    done = client.post(
        f"/ppid/petugas/permohonan/{second}/mark_duplicate",
        data={"duplicate_of": first, "note": "Sama dengan permohonan sebelumnya."},
        headers=officer,
    )
    assert done.status_code == 303
    shown = client.get(done.location, headers=officer)
    assert f"Duplikat dari {first}" in shown.text and 'name="duplicate_of"' not in shown.text
