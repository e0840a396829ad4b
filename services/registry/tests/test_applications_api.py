"""Application periods and applications: the window, documents checked by content, review, verification rules."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from chassis.testing import TINY_PNG
from registry.models import mail_outbox, messaging

PDF = b"%PDF-1.7\n% akta\n%%EOF\n"
PNG = TINY_PNG


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def open_period(client, verifier, partner, outlet, new_period):
    for doc in (
        {"code": "akta", "label": "Akta pendirian dan pengesahan"},
        {"code": "npwp", "label": "NPWP badan"},
        {"code": "ukw", "label": "Sertifikat UKW pemimpin redaksi", "expires": True},
        {"code": "siaran", "label": "Izin penyelenggaraan penyiaran", "media_types": ["radio", "television"]},
        {"code": "foto", "label": "Foto kantor"},
    ):
        assert client.post("/api/registry/document-types", json=doc, headers=verifier).status_code == 201
    period = new_period(
        budget=500_000_000,
        requirements=[
            {"code": "akta"},
            {"code": "npwp"},
            {"code": "ukw"},
            {"code": "siaran"},
            {"code": "foto", "required": False},
        ],
    )
    assert client.post("/api/registry/outlets", json=outlet, headers=partner).status_code == 201
    return period


def upload(client, partner, application_id, code, data=PDF, name="dokumen.pdf", **form):
    return client.put(
        f"/api/registry/applications/{application_id}/documents/{code}",
        data={"file": (io.BytesIO(data), name), **form},
        headers=partner,
        content_type="multipart/form-data",
    )


def test_a_period_is_public_with_its_countdown_and_only_one_is_open_at_a_time(client, verifier, open_period):
    listed = client.get("/api/registry/periods").json["items"]
    assert listed[0]["open"] is True and 9 * 86400 < listed[0]["seconds_left"] <= 10 * 86400
    overlapping = {**{k: open_period[k] for k in ("opens_at", "closes_at")}, "fiscal_year": 2027, "name": "Lain"}
    clash = client.post("/api/registry/periods", json=overlapping, headers=verifier)
    assert clash.status_code == 409 and clash.json["period_id"] == open_period["id"]
    backwards = {**overlapping, "opens_at": open_period["closes_at"], "closes_at": open_period["opens_at"]}
    assert (
        client.post("/api/registry/periods", json=backwards, headers=verifier).json["errors"][0]["field"] == "closes_at"
    )


def test_applications_only_while_open_and_once_per_outlet(client, verifier, partner, tokens, outlet):
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    later = {
        "fiscal_year": 2027,
        "name": "Belum dibuka",
        "opens_at": (now() + dt.timedelta(days=3)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=9)).isoformat(),
        "requirements": [{"code": "akta"}],
    }
    future = client.post("/api/registry/periods", json=later, headers=verifier).json
    past = {
        **later,
        "name": "Sudah ditutup",
        "opens_at": (now() - dt.timedelta(days=9)).isoformat(),
        "closes_at": (now() - dt.timedelta(days=3)).isoformat(),
    }
    closed = client.post("/api/registry/periods", json=past, headers=verifier).json
    no_outlet = client.post("/api/registry/applications", json={"period_id": future["id"]}, headers=partner)
    assert no_outlet.status_code == 409 and "daftarkan dulu" in no_outlet.json["detail"]
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    early = client.post("/api/registry/applications", json={"period_id": future["id"]}, headers=partner)
    assert early.status_code == 409 and "dibuka" in early.json["detail"] and "WIB" in early.json["detail"]
    late = client.post("/api/registry/applications", json={"period_id": closed["id"]}, headers=partner)
    assert late.status_code == 409 and "ditutup" in late.json["detail"]
    assert (
        client.post("/api/registry/applications", json={"period_id": future["id"]}, headers=verifier).status_code == 403
    )


def test_the_full_review_of_an_application(app, client, verifier, approver, partner, tokens, open_period):
    created = client.post("/api/registry/applications", json={"period_id": open_period["id"]}, headers=partner)
    assert created.status_code == 201, created.json
    application = created.json
    app_id = application["id"]
    assert [r["code"] for r in application["requirements"]] == ["akta", "npwp", "ukw", "foto"], "siaran: not online"
    again = client.post("/api/registry/applications", json={"period_id": open_period["id"]}, headers=partner)
    assert again.status_code == 409

    other = tokens.headers("media:partner", username="lain")
    assert client.get(f"/api/registry/applications/{app_id}", headers=other).status_code == 404
    early = client.post(f"/api/registry/applications/{app_id}/submit", headers=partner)
    assert early.status_code == 409 and {f["document"] for f in early.json["failing"]} == {"akta", "npwp", "ukw"}

    assert upload(client, partner, app_id, "akta", b"<html>not a pdf", "akta.pdf").status_code == 415
    assert upload(client, partner, app_id, "akta", PDF + b"x" * (11 * 1024 * 1024)).status_code == 413
    assert upload(client, partner, app_id, "ukw").json["errors"][0]["field"] == "expires_on"
    assert upload(client, partner, app_id, "siaran").status_code == 404
    assert upload(client, partner, app_id, "akta", PDF, "../../akta notaris.PDF").status_code == 200
    assert upload(client, partner, app_id, "npwp", PNG, "npwp.png").status_code == 200
    expired = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    body = upload(client, partner, app_id, "ukw", expires_on=expired).json
    assert [f["rule"] for f in body["failing"] if f["document"] == "ukw"] == ["unreviewed", "expired"]
    assert client.post(f"/api/registry/applications/{app_id}/submit", headers=partner).status_code == 409
    upload(client, partner, app_id, "ukw", expires_on="2030-12-31")
    submitted = client.post(f"/api/registry/applications/{app_id}/submit", headers=partner)
    assert submitted.status_code == 200 and submitted.json["status"] == "submitted"
    assert upload(client, partner, app_id, "foto", PNG, "foto.png").status_code == 409, "no uploads once submitted"

    url = f"/api/registry/applications/{app_id}"
    verdicts = {"akta": {"accepted": True}, "ukw": {"accepted": True}, "npwp": {"accepted": False}}
    assert (
        client.post(f"{url}/review", json={"documents": verdicts, "decision": "revise"}, headers=partner).status_code
        == 403
    )
    document = client.get(f"{url}/documents/akta/file", headers=verifier)
    assert document.status_code == 200 and document.data == PDF
    assert client.get(f"{url}/documents/akta/file", headers=other).status_code == 404
    no_note = client.post(f"{url}/review", json={"documents": verdicts, "decision": "revise"}, headers=verifier)
    assert no_note.status_code == 422 and no_note.json["errors"][0]["field"] == "documents.npwp.note"
    verdicts["npwp"]["note"] = "NPWP tidak terbaca"
    blocked = client.post(f"{url}/review", json={"documents": verdicts, "decision": "verify"}, headers=verifier)
    assert blocked.status_code == 409
    assert blocked.json["failing"] == [
        {"rule": "rejected", "document": "npwp", "message": "NPWP badan ditolak: NPWP tidak terbaca"}
    ]
    revised = client.post(f"{url}/review", json={"documents": verdicts, "decision": "revise"}, headers=verifier)
    assert revised.status_code == 200 and revised.json["status"] == "revision"

    seen = client.get(url, headers=partner).json
    assert [d["note"] for d in seen["documents"] if d["type_code"] == "npwp"] == ["NPWP tidak terbaca"]
    with app.extensions["suite"].db.session() as session:
        (told,) = session.execute(select(mail_outbox)).all()
    assert told.to_address == "redaksi@totabuan.example.id" and "perlu diperbaiki" in told.subject
    assert "- NPWP badan: NPWP tidak terbaca" in told.body and f"/registry/mitra/pendaftaran/{app_id}" in told.body
    upload(client, partner, app_id, "npwp", PDF, "npwp-baru.pdf")
    client.post(f"{url}/submit", headers=partner)
    verified = client.post(
        f"{url}/review", json={"documents": {"npwp": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    assert verified.status_code == 200 and verified.json["failing"] == []
    decree = {
        "period_id": open_period["id"],
        "number": "188/1/2027",
        "signed_on": "2027-01-15",
        "application_ids": [app_id],
    }
    assert client.post("/api/registry/decrees", json=decree, headers=verifier).status_code == 403
    approved = client.post("/api/registry/decrees", json=decree, headers=approver)
    assert approved.status_code == 201
    final = client.get(url, headers=partner).json
    assert final["status"] == "approved"
    assert [entry["action"] for entry in final["log"]] == ["create", "submit", "revise", "submit", "verify", "approve"]
    with app.extensions["suite"].db.session() as session:
        events = [
            json.loads(r.payload) for r in session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq))
        ]
    changes = [e["data"]["status"] for e in events if e["type"] == "registry.application.changed.v1"]
    assert changes == ["submitted", "revision", "submitted", "verified", "approved"]


def test_journalists_and_the_periods_rules_about_the_outlet(client, verifier, approver, partner, tokens, outlet):
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan 2027",
        "opens_at": (now() - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=5)).isoformat(),
        "requirements": [{"code": "akta"}],
        "rules": {"require_ukw_utama_for_chief": True, "require_dewan_pers": True},
    }
    period_id = client.post("/api/registry/periods", json=period, headers=verifier).json["id"]
    outlet_id = client.post("/api/registry/outlets", json=outlet, headers=partner).json["id"]
    journalists = f"/api/registry/outlets/{outlet_id}/journalists"
    bad = client.post(
        journalists, json={"name": "Budi", "nik": "123", "role": "boss", "ukw_level": "madya"}, headers=partner
    )
    assert {e["field"] for e in bad.json["errors"]} == {"nik", "role", "ukw_certificate_no"}, "all at once"
    no_certificate = {"name": "Budi", "nik": "7174010101800001", "role": "editor", "ukw_level": "madya"}
    assert (
        client.post(journalists, json=no_certificate, headers=partner).json["errors"][0]["field"]
        == "ukw_certificate_no"
    )
    chief = {
        "name": "Budi Mokoginta",
        "nik": "7174010101800001",
        "role": "editor_in_chief",
        "ukw_level": "madya",
        "ukw_certificate_no": "1234-PWI/WU/DP/II/2024",
        "ukw_certified_on": "2024-02-10",
    }
    assert client.post(journalists, json=chief, headers=partner).status_code == 201
    assert client.get(journalists, headers=partner).json[0]["nik"] == "7174010101800001"
    for staff in (verifier, approver):  # masked for the office: a verifier reveals one with a reason (logged)
        assert client.get(journalists, headers=staff).json[0]["nik"] == "7174 **** **** 0001"
    stranger = tokens.headers("media:partner", username="lain")
    assert client.get(journalists, headers=stranger).status_code == 404

    app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner).json["id"]
    upload(client, partner, app_id, "akta")
    client.post(f"/api/registry/applications/{app_id}/submit", headers=partner)
    review = {"documents": {"akta": {"accepted": True}}, "decision": "verify"}
    blocked = client.post(f"/api/registry/applications/{app_id}/review", json=review, headers=verifier)
    assert blocked.status_code == 409 and [f["rule"] for f in blocked.json["failing"]] == ["dewan_pers", "ukw_utama"]
    client.put(
        f"/api/registry/outlets/{outlet_id}/dewan-pers",
        json={"status": "factual", "verified_on": "2025-06-01"},
        headers=verifier,
    )
    client.post(journalists, json={**chief, "nik": "7174010101800002", "ukw_level": "utama"}, headers=partner)
    again = review  # the refused review stored nothing: the document verdict is given again
    assert client.post(f"/api/registry/applications/{app_id}/review", json=again, headers=verifier).status_code == 200


def verified_application(client, verifier, partner, period_id, code="akta", tier=None):
    applying = {"period_id": period_id, **({"tier": tier} if tier else {})}
    app_id = client.post("/api/registry/applications", json=applying, headers=partner).json["id"]
    upload(client, partner, app_id, code)
    url = f"/api/registry/applications/{app_id}"
    client.post(f"{url}/submit", headers=partner)
    review = {"documents": {code: {"accepted": True}}, "decision": "verify"}
    assert client.post(f"{url}/review", json=review, headers=verifier).status_code == 200
    return app_id


def test_a_decree_approves_the_verified_and_contracts_stay_within_the_budget(
    client, verifier, approver, tokens, outlet
):
    from pypdf import PdfReader

    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan media 2027",
        "opens_at": (now() - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=5)).isoformat(),
        "requirements": [{"code": "akta"}],
        "budget": 100_000_000,
        "tiers": [{"code": "a", "label": "A", "rate": 500_000, "quota": 12}],
    }
    period_id = client.post("/api/registry/periods", json=period, headers=verifier).json["id"]
    ids = []
    for n, npwp in enumerate(("012345678901000", "012345678901001", "012345678901002")):
        partner = tokens.headers("media:partner", username=f"mitra{n}")
        client.post("/api/registry/outlets", json={**outlet, "brand": f"Media {n}", "npwp": npwp}, headers=partner)
        ids.append(verified_application(client, verifier, partner, period_id, tier="a"))
    decree = {
        "period_id": period_id,
        "number": "188.45/123/KEP/2027",
        "signed_on": "2027-01-15",
        "signer": "Kepala Dinas Kominfo",
        "application_ids": ids,
    }
    assert client.post("/api/registry/decrees", json=decree, headers=verifier).status_code == 403
    issued = client.post("/api/registry/decrees", json=decree, headers=approver)
    assert issued.status_code == 201 and issued.json["application_ids"] == ids
    statuses = [client.get(f"/api/registry/applications/{i}", headers=verifier).json["status"] for i in ids]
    assert statuses == ["approved"] * 3
    again = client.post("/api/registry/decrees", json={**decree, "number": "188.45/124/KEP/2027"}, headers=approver)
    assert again.status_code == 409 and {f["status"] for f in again.json["failing"]} == {"approved"}
    pdf = client.get(f"/api/registry/decrees/{issued.json['id']}/attachment.pdf", headers=verifier)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "188.45/123/KEP/2027" in text and "Media 0" in text and "Media 1" in text

    contract = {
        "application_id": ids[0],
        "number": "027/KONTRAK/2027",
        "starts_on": "2027-02-01",
        "ends_on": "2027-12-31",
        "value": 60_000_000,
        "quota": 24,
        "rate": 2_500_000,
    }
    assert client.post("/api/registry/contracts", json=contract, headers=approver).status_code == 403
    first = client.post("/api/registry/contracts", json=contract, headers=verifier)
    assert first.status_code == 201 and first.json["status"] == "active"
    over = client.post(
        "/api/registry/contracts", json={**contract, "application_id": ids[1], "number": "028/K/2027"}, headers=verifier
    )
    assert over.status_code == 409 and over.json["remaining_budget"] == 40_000_000
    second = {**contract, "application_id": ids[1], "number": "028/K/2027", "value": 34_000_000}
    fits = client.post("/api/registry/contracts", headers=verifier, json=second)
    assert fits.status_code == 201
    by_tier = {"application_id": ids[2], "number": "029/K/2027", "starts_on": "2027-02-01", "ends_on": "2027-12-31"}
    made = client.post("/api/registry/contracts", headers=verifier, json=by_tier).json
    assert (made["quota"], made["rate"], made["value"]) == (12, 500_000, 6_000_000), "the tier's terms by default"
    contract_id = first.json["id"]
    assert client.post(f"/api/registry/contracts/{contract_id}/suspend", json={}, headers=approver).status_code == 422
    suspended = client.post(
        f"/api/registry/contracts/{contract_id}/suspend", json={"reason": "Bukti tayang kurang"}, headers=approver
    )
    assert suspended.json["status"] == "suspended"
    assert (
        client.post(f"/api/registry/contracts/{contract_id}/suspend", json={"reason": "x"}, headers=approver).json[
            "current_state"
        ]
        == "suspended"
    )
    summary = client.get(
        f"/api/registry/contracts/{contract_id}/summary.pdf", headers=tokens.headers("media:partner", username="mitra0")
    )
    assert summary.status_code == 200 and b"%PDF" in summary.data[:8]
    assert (
        client.get(
            f"/api/registry/contracts/{contract_id}/summary.pdf",
            headers=tokens.headers("media:partner", username="mitra1"),
        ).status_code
        == 404
    )


def contracted(client, verifier, approver, tokens, outlet, new_period, **terms) -> tuple[dict, dict]:
    """A partner ("mitra") whose verified application was approved by decree and given a contract on ``terms``;
    returns the partner's headers and the contract."""
    client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
    period_id = new_period(budget=10_000_000, requirements=[{"code": "akta"}])["id"]
    partner = tokens.headers("media:partner", username="mitra")
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    app_id = verified_application(client, verifier, partner, period_id)
    decree = {"period_id": period_id, "number": "SK-1", "signed_on": "2027-01-10", "application_ids": [app_id]}
    assert client.post("/api/registry/decrees", json=decree, headers=approver).status_code == 201
    made = client.post(
        "/api/registry/contracts", headers=verifier, json={"application_id": app_id, "number": "K-1", **terms}
    )
    assert made.status_code == 201, made.json
    return partner, made.json


def test_proofs_against_releases_and_the_payment_report(
    app, client, verifier, approver, tokens, outlet, new_period, file_proof
):
    from chassis.consumer import Consumer
    from chassis.events import CloudEvent
    from registry.events import handlers

    suite = app.extensions["suite"]
    worker = Consumer(suite.settings, suite.db, suite.tables, handlers)
    for article_id, day in ((1, "2027-02-01"), (2, "2027-02-03"), (3, "2027-02-05"), (4, "2027-03-01")):
        worker.handle(
            CloudEvent.new(
                source="/71.74/newsroom",
                type="newsroom.article.published.v1",
                data={
                    "id": article_id,
                    "type": "release",
                    "title": f"Siaran {article_id}",
                    "url": f"https://x/{article_id}",
                    "opd": "dinkes",
                    "published_at": f"{day}T02:00:00+00:00",
                },
            )
        )
    worker.handle(CloudEvent.new(source="/71.74/newsroom", type="newsroom.article.withdrawn.v1", data={"id": 3}))
    partner, contract = contracted(
        client,
        verifier,
        approver,
        tokens,
        outlet,
        new_period,
        starts_on="2027-01-01",
        ends_on="2027-12-31",
        value=5_000_000,
        quota=2,
        rate=2_000_000,
    )

    def prove(release_id, url, day):
        return file_proof(partner, contract_id=contract["id"], release_id=release_id, url=url, published_on=day)

    early = prove(1, "https://totabuan.example.id/a", "2027-01-31")
    assert early.status_code == 422 and early.json["errors"][0]["field"] == "published_on"
    assert prove(3, "https://totabuan.example.id/c", "2027-02-06").status_code == 409, "withdrawn"
    first = prove(1, "https://totabuan.example.id/a", "2027-02-01")
    assert first.status_code == 201
    assert prove(2, "https://totabuan.example.id/a", "2027-02-04").json["errors"][0]["field"] == "url"
    second = prove(2, "https://totabuan.example.id/b", "2027-02-04")
    third = prove(4, "https://totabuan.example.id/a2", "2027-03-02")
    assert (
        client.post(
            f"/api/registry/proofs/{first.json['id']}/review", json={"accepted": True}, headers=partner
        ).status_code
        == 403
    )
    for proof in (first, second, third):
        assert (
            client.post(
                f"/api/registry/proofs/{proof.json['id']}/review", json={"accepted": True}, headers=verifier
            ).status_code
            == 200
        )
    months = client.get(f"/api/registry/contracts/{contract['id']}/payments", headers=partner).json["months"]
    assert months == [
        {"month": "2027-02", "accepted": 2, "billable": 2, "amount": 4_000_000},
        {"month": "2027-03", "accepted": 1, "billable": 0, "amount": 0},
    ], "quota 2: the third proof is not billable"
    in_period = {"period_id": contract["period_id"]}
    report = client.get("/api/registry/reports/payments", query_string=in_period, headers=approver).json
    assert (report["budget"], report["committed"], report["used"]) == (10_000_000, 5_000_000, 4_000_000)
    csv_file = client.get(
        "/api/registry/reports/payments", query_string={**in_period, "format": "csv"}, headers=verifier
    )
    assert "Totabuan News;2027-02;2;2;4000000" in csv_file.data.decode("utf-8-sig")


def test_a_published_release_is_mailed_once_to_each_active_partner(
    app, client, verifier, approver, tokens, outlet, new_period
):
    from chassis.consumer import Consumer
    from chassis.events import CloudEvent
    from registry.events import handlers

    today = dt.date.today()
    contracted(
        client,
        verifier,
        approver,
        tokens,
        outlet,
        new_period,
        value=1_000_000,
        quota=1,
        rate=1_000_000,
        starts_on=(today - dt.timedelta(days=1)).isoformat(),
        ends_on=(today + dt.timedelta(days=30)).isoformat(),
    )
    suite = app.extensions["suite"]
    worker = Consumer(suite.settings, suite.db, suite.tables, handlers)
    event = CloudEvent.new(
        source="/71.74/newsroom",
        type="newsroom.article.published.v1",
        data={
            "id": 77,
            "type": "release",
            "title": "Jadwal vaksinasi",
            "summary": "Vaksinasi gratis",
            "opd": "dinkes",
            "url": "https://diskominfo.example.go.id/newsroom/berita/jadwal",
            "published_at": now().isoformat(),
            "images": [{"url": "https://diskominfo.example.go.id/img/1.jpg"}],
            "attachments": [{"label": "Naskah", "url": "https://kominfo.example.id/lampiran/9.pdf"}],
        },
    )
    assert worker.handle(event) == "handled"
    assert worker.handle(event) == "duplicate"
    with suite.db.session() as session:
        mails = session.execute(select(mail_outbox).where(mail_outbox.c.subject.like("[Siaran pers]%"))).all()
    assert [(m.to_address, m.subject) for m in mails] == [(outlet["email"], "[Siaran pers] Jadwal vaksinasi")]
    assert "https://diskominfo.example.go.id/newsroom/berita/jadwal" in mails[0].body and "img/1.jpg" in mails[0].body
    assert "Lampiran (Naskah): https://kominfo.example.id/lampiran/9.pdf" in mails[0].body


def test_reminders_of_expiring_documents_and_ending_contracts(app, client, verifier, approver, tokens, outlet):
    from chassis.web import unit_of_work
    from registry.context import Context
    from registry.use_cases import reminders

    client.post("/api/registry/document-types", json={"code": "ukw", "label": "UKW", "expires": True}, headers=verifier)
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan",
        "opens_at": (now() - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now() + dt.timedelta(days=5)).isoformat(),
        "requirements": [{"code": "ukw"}],
        "budget": 10_000_000,
    }
    period_id = client.post("/api/registry/periods", json=period, headers=verifier).json["id"]
    partner = tokens.headers("media:partner", username="mitra")
    client.post("/api/registry/outlets", json=outlet, headers=partner)
    app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner).json["id"]
    today = dt.date.today()
    upload(client, partner, app_id, "ukw", expires_on=(today + dt.timedelta(days=10)).isoformat())
    listed = client.get("/api/registry/reminders", query_string={"days": 30}, headers=verifier).json
    assert [d["document"] for d in listed["documents"]] == ["ukw"] and listed["contracts"] == []
    assert client.get("/api/registry/reminders", query_string={"days": 5}, headers=verifier).json["documents"] == []
    assert client.get("/api/registry/reminders", headers=partner).status_code == 403
    worker = Context.of(app.extensions["suite"].settings)  # the worker's context: no caller, the office's today
    with app.app_context():
        with unit_of_work() as uow:
            assert reminders.send(uow, worker) == 1
        with unit_of_work() as uow:
            assert reminders.send(uow, worker) == 0, "once a day"
    with app.extensions["suite"].db.session() as session:
        (message,) = session.execute(select(mail_outbox)).all()
    assert message.to_address == outlet["email"] and "ukw" in message.subject
