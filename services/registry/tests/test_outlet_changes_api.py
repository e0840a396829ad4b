"""What changes after registration: the outlet's profile (by its accounts or a verifier), its Dewan Pers status (by
the verifier), its journalists (edited, or leaving while their history stays); every change logged for the
verifier, profile changes told by an event without personal data."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from registry.models import messaging

API = "/api/registry"
CHIEF = {
    "name": "Budi Mokoginta",
    "nik": "7174010101800001",
    "role": "editor_in_chief",
    "ukw_level": "utama",
    "ukw_certificate_no": "1234-PWI/WU/DP/II/2024",
    "ukw_certified_on": "2024-02-10",
}


@pytest.fixture
def registered(client, partner, outlet) -> int:
    created = client.post(f"{API}/outlets", json=outlet, headers=partner)
    assert created.status_code == 201, created.json
    return created.json["id"]


def rules(failing: list[dict]) -> set[str]:
    return {f["rule"] for f in failing}


def updates(app) -> list[dict]:
    with app.extensions["suite"].db.session() as session:
        rows = [
            json.loads(r.payload) for r in session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq))
        ]
    return [r for r in rows if r["type"] == "registry.outlet.updated.v1"]


def test_the_outlet_edits_its_profile_validated_as_at_registration_and_the_change_is_logged_and_told(
    app, client, partner, verifier, registered
):
    body = {"brand": "Totabuan Daily", "address": "Jl. Baru 1", "npwp": "0123456789010001"}
    changed = client.patch(f"{API}/outlets/{registered}", headers=partner, json=body)
    assert changed.status_code == 200, changed.json
    assert changed.json["brand"] == "Totabuan Daily" and changed.json["npwp"] == "0123456789010001"
    assert changed.json["legal_name"] == "PT Totabuan Media Nusantara", "fields not sent stay"
    entry = changed.json["changes"][0]
    assert entry["actor"] == "totabuan" and entry["action"] == "profile"
    assert entry["fields"] == ["address", "brand", "npwp"]
    [event] = updates(app)
    assert event["data"] == {
        "id": registered,
        "name": "Totabuan Daily",
        "media_type": "online",
        "city": "Kotamobagu",
        "changed": ["address", "brand", "npwp"],
    }
    assert "0123456789010001" not in json.dumps(event) and "Jl. Baru" not in json.dumps(event)
    same = client.patch(f"{API}/outlets/{registered}", headers=partner, json={"brand": "Totabuan Daily"})
    assert same.status_code == 200 and len(same.json["changes"]) == 1, "nothing changed: nothing logged"
    shown = client.get(f"{API}/outlets/{registered}", headers=verifier).json
    assert [c["fields"] for c in shown["changes"]] == [["address", "brand", "npwp"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"npwp": "123"}, "npwp"),
        ({"nib": "12345"}, "nib"),
        ({"media_type": "blog"}, "media_type"),
        ({"brand": ""}, "brand"),
        ({"website": "ftp://x"}, "website"),
        ({"dewan_pers_status": "factual"}, "dewan_pers_status"),
    ],
)
def test_a_profile_edit_names_the_field_it_refuses(client, partner, registered, body, field):
    refused = client.patch(f"{API}/outlets/{registered}", headers=partner, json=body)
    assert refused.status_code == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in refused.json["errors"]] == [field]


def test_the_npwp_stays_unique_and_only_the_outlets_accounts_or_a_verifier_edit(
    client, tokens, partner, verifier, approver, outlet, registered
):
    other = {**outlet, "brand": "Bolmong Pos", "npwp": "99.888.777.6-555.000"}
    other_id = client.post(f"{API}/outlets", json=other, headers=verifier).json["id"]
    taken = client.patch(f"{API}/outlets/{registered}", headers=partner, json={"npwp": "998887776555000"})
    assert taken.status_code == 409 and taken.json["errors"][0]["field"] == "npwp"
    assert client.patch(f"{API}/outlets/{other_id}", headers=partner, json={"city": "Manado"}).status_code == 404
    assert client.get(f"{API}/outlets/{other_id}", headers=partner).status_code == 404
    assert client.patch(f"{API}/outlets/{registered}", headers=approver, json={"city": "X"}).status_code == 403
    stranger = tokens.headers("newsroom:editor", username="redaktur")
    assert client.patch(f"{API}/outlets/{registered}", headers=stranger, json={"city": "X"}).status_code == 403
    by_verifier = client.patch(f"{API}/outlets/{other_id}", headers=verifier, json={"city": None})
    assert by_verifier.status_code == 200 and by_verifier.json["city"] is None
    assert by_verifier.json["changes"][0]["actor"] == "verifikator"


def test_the_verifier_records_the_dewan_pers_status_in_the_change_log(app, client, partner, verifier, registered):
    url = f"{API}/outlets/{registered}/dewan-pers"
    assert client.put(url, json={"status": "factual"}, headers=partner).status_code == 403
    recorded = client.put(url, json={"status": "factual", "verified_on": "2026-05-04"}, headers=verifier)
    assert recorded.status_code == 200
    assert recorded.json == {"id": registered, "dewan_pers_status": "factual", "dewan_pers_on": "2026-05-04"}
    assert client.put(url, json={"status": "sangat"}, headers=verifier).json["errors"][0]["field"] == "status"
    [change] = client.get(f"{API}/outlets/{registered}", headers=partner).json["changes"]
    assert change["action"] == "dewan_pers" and change["fields"] == ["dewan_pers_on", "dewan_pers_status"]
    assert updates(app)[0]["data"]["changed"] == ["dewan_pers_on", "dewan_pers_status"]


def test_journalists_are_edited_by_the_outlet_or_a_verifier_and_a_level_needs_its_certificate(
    client, tokens, partner, verifier, approver, registered
):
    reporter = {
        **CHIEF,
        "name": "Sari",
        "nik": "7174010101900002",
        "role": "reporter",
        "ukw_level": "none",
        "ukw_certificate_no": None,
        "ukw_certified_on": None,
    }
    jid = client.post(f"{API}/outlets/{registered}/journalists", json=reporter, headers=partner).json["id"]
    url = f"{API}/outlets/{registered}/journalists/{jid}"
    no_certificate = client.patch(url, json={"ukw_level": "muda"}, headers=partner)
    assert no_certificate.status_code == 422 and no_certificate.json["errors"][0]["field"] == "ukw_certificate_no"
    edited = client.patch(
        url,
        headers=partner,
        json={"role": "editor", "ukw_level": "madya", "ukw_certificate_no": "77-AJI/WM/2025", "press_card": "PWI-0099"},
    )
    assert edited.status_code == 200, edited.json
    assert (edited.json["role"], edited.json["ukw_level"], edited.json["press_card"]) == ("editor", "madya", "PWI-0099")
    assert client.patch(url, json={"nik": "1"}, headers=partner).json["errors"][0]["field"] == "nik"
    assert client.patch(url, json={"role": "editor"}, headers=approver).status_code == 403
    other = tokens.headers("media:partner", username="lain")
    assert client.patch(url, json={"role": "reporter"}, headers=other).status_code == 404
    assert client.patch(f"{API}/outlets/{registered}/journalists/999", json={}, headers=verifier).status_code == 404
    by_verifier = client.patch(url, json={"ukw_certified_on": "2025-06-01"}, headers=verifier)
    assert by_verifier.status_code == 200 and by_verifier.json["ukw_certified_on"] == "2025-06-01"
    changes = client.get(f"{API}/outlets/{registered}", headers=verifier).json["changes"]
    assert [(c["action"], c["actor"], c["journalist_id"]) for c in changes] == [
        ("journalist_updated", "verifikator", jid),
        ("journalist_updated", "totabuan", jid),
    ]
    assert "7174010101900002" not in json.dumps(changes)


def test_a_journalist_who_left_stays_in_the_history_but_no_longer_counts_for_the_period_rules(
    app, client, partner, verifier, registered
):
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan 2027",
        "opens_at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat(),
        "closes_at": (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).isoformat(),
        "rules": {"require_ukw_utama_for_chief": True},
    }
    period_id = client.post(f"{API}/periods", json=period, headers=verifier).json["id"]
    chief = client.post(f"{API}/outlets/{registered}/journalists", json=CHIEF, headers=partner).json["id"]
    application = client.post(f"{API}/applications", json={"period_id": period_id}, headers=partner).json
    assert "ukw_utama" not in rules(application["failing"])
    url = f"{API}/outlets/{registered}/journalists/{chief}"
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert client.delete(url, query_string={"left_on": later}, headers=partner).json["left_on"] == later
    still = client.get(f"{API}/applications/{application['id']}", headers=partner).json["failing"]
    assert "ukw_utama" not in rules(still), "counted until the day they leave"
    client.patch(url, json={"press_card": "PWI-1"}, headers=partner)  # still on staff: editable
    with app.extensions["suite"].db.session() as session:
        from registry.models import Journalist

        session.get(Journalist, chief).left_on = None
        session.commit()
    left = client.delete(url, headers=partner)
    assert left.status_code == 200 and left.json["left_on"] is not None
    failing = client.get(f"{API}/applications/{application['id']}", headers=partner).json["failing"]
    assert "ukw_utama" in rules(failing), "the chief who left no longer counts"
    again = client.delete(url, headers=verifier)
    assert again.status_code == 409 and again.json["left_on"] == left.json["left_on"]
    assert client.patch(url, json={"role": "editor"}, headers=partner).status_code == 409
    listed = client.get(f"{API}/outlets/{registered}/journalists", headers=partner).json
    assert [(j["name"], j["nik"], j["left_on"]) for j in listed] == [
        (CHIEF["name"], CHIEF["nik"], left.json["left_on"])
    ]
