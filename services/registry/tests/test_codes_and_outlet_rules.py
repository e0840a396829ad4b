"""Issue 13, registry: the Dewan Pers status is the verifier's, expiry is checked again at the decree, typed codes in
any case, and every message in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import update

from registry.models import ApplicationDocument

PDF = b"%PDF-1.7\n%%EOF\n"


def test_an_outlet_registering_itself_cannot_declare_its_dewan_pers_status(client, partner, verifier, outlet):
    own = client.post("/api/registry/outlets", json={**outlet, "dewan_pers_status": "factual"}, headers=partner)
    assert own.status_code == 201 and own.json["dewan_pers_status"] == "none"
    by_verifier = client.post(
        "/api/registry/outlets",
        headers=verifier,
        json={**outlet, "npwp": "012345678901999", "dewan_pers_status": "factual"},
    )
    assert by_verifier.status_code == 201 and by_verifier.json["dewan_pers_status"] == "factual"
    spec = client.get("/api/registry/openapi.json").json
    described = spec["components"]["schemas"]["OutletInput"]["properties"]["dewan_pers_status"]["description"]
    assert "diabaikan" in described


def test_a_document_expired_after_verification_blocks_the_decree_naming_it(
    app, client, verifier, approver, partner, outlet, new_period
):
    client.post(
        "/api/registry/document-types", json={"code": "npwp", "label": "Kartu NPWP", "expires": True}, headers=verifier
    )
    period_id = new_period(requirements=[{"code": "npwp"}])["id"]
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner).json["id"]
    url = f"/api/registry/applications/{app_id}"
    soon = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    client.put(
        f"{url}/documents/npwp",
        data={"file": (io.BytesIO(PDF), "npwp.pdf"), "expires_on": soon},
        headers=partner,
        content_type="multipart/form-data",
    )
    assert client.post(f"{url}/submit", headers=partner).status_code == 200
    review = {"documents": {"npwp": {"accepted": True}}, "decision": "verify"}
    assert client.post(f"{url}/review", json=review, headers=verifier).status_code == 200
    with app.extensions["suite"].db.session() as session:
        session.execute(update(ApplicationDocument).values(expires_on=dt.date.today() - dt.timedelta(days=1)))
        session.commit()
    decree = {
        "period_id": period_id,
        "number": "SK-9",
        "signed_on": dt.date.today().isoformat(),
        "application_ids": [app_id],
    }
    refused = client.post("/api/registry/decrees", json=decree, headers=approver)
    assert refused.status_code == 409, refused.json
    assert "Kartu NPWP kedaluwarsa" in refused.json["detail"]
    assert [f["document"] for f in refused.json["failing"]] == ["npwp"]
    assert client.get(url, headers=verifier).json["status"] == "verified"


def test_typed_codes_are_accepted_in_any_case_and_stored_lower_case(client, verifier, partner, outlet, new_period):
    made = client.post(
        "/api/registry/outlets", json={**outlet, "entity_type": "PT", "media_type": "Online"}, headers=partner
    )
    assert made.status_code == 201, made.json
    assert (made.json["entity_type"], made.json["media_type"]) == ("pt", "online")
    period = new_period(
        tiers=[{"code": "A", "label": "Tingkat A", "rate": 500_000, "quota": 10}],
        requirements=[{"code": "AKTA", "label": "Akta"}],
    )
    assert [t["code"] for t in period["tiers"]] == ["a"] and period["requirements"][0]["code"] == "akta"
    applied = client.post("/api/registry/applications", json={"period_id": period["id"], "tier": "A"}, headers=partner)
    assert applied.status_code == 201, applied.json
    assert applied.json["tier"] == "a"


def test_validation_messages_are_in_bahasa_indonesia(client, verifier, outlet):
    unknown = client.post("/api/registry/outlets", json={**outlet, "motto": "x"}, headers=verifier)
    assert unknown.status_code == 422
    pattern = client.post("/api/registry/document-types", json={"code": "kode salah!", "label": "X"}, headers=verifier)
    assert pattern.status_code == 422
    messages = [e["message"] for r in (unknown, pattern) for e in r.json["errors"]]
    assert messages and not {"Unknown field.", "String does not match expected pattern."} & set(messages), messages
    assert all(m.isascii() and "field" not in m.lower() and "pattern" not in m.lower() for m in messages)
