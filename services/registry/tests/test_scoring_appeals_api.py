"""Scoring, appeals, re-registration and the per-step events, per role, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json

from sqlalchemy import select, update

from chassis.testing import TINY_PNG
from registry.models import Application, ApplicationDocument, Period, messaging

PDF = b"%PDF-1.7\n% bukti\n%%EOF\n"
PNG = TINY_PNG
API = "/api/registry"
CHIEF = {
    "name": "Budi Mokoginta",
    "nik": "7174010101800001",
    "role": "editor_in_chief",
    "ukw_level": "utama",
    "ukw_certificate_no": "1234-PWI/WU/DP/II/2024",
    "ukw_certified_on": "2024-02-10",
}
CRITERIA = [
    {
        "code": "dewan_pers",
        "label": "Verifikasi Dewan Pers",
        "max_points": 30,
        "options": [
            {"code": "factual", "label": "Faktual", "points": 30},
            {"code": "administrative", "label": "Administratif", "points": 15},
            {"code": "none", "label": "Belum", "points": 0},
        ],
    },
    {
        "code": "months",
        "label": "Terbit teratur",
        "max_points": 20,
        "unit": "bulan",
        "bands": [{"min": 6, "points": 10}, {"min": 12, "points": 20}],
    },
    {
        "code": "audience",
        "label": "Pengunjung per bulan",
        "max_points": 20,
        "media_type": "online",
        "bands": [{"min": 10000, "points": 10}, {"min": 100000, "points": 20}],
    },
    {
        "code": "siaran",
        "label": "Jam siaran",
        "max_points": 20,
        "media_type": "radio",
        "bands": [{"min": 4, "points": 20}],
    },
]
TIERS = [
    {"code": "utama", "label": "Utama", "rate": 2_000_000, "quota": 12, "seats": 1, "min_score": 50},
    {"code": "madya", "label": "Madya", "rate": 1_000_000, "quota": 12, "min_score": 20},
]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def outbox(app) -> list[dict]:
    with app.extensions["suite"].db.session() as session:
        return [
            json.loads(r.payload) for r in session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq))
        ]


def upload(client, headers, app_id, code, data=PDF, **form):
    return client.put(
        f"{API}/applications/{app_id}/documents/{code}",
        data={"file": (io.BytesIO(data), "d.pdf"), **form},
        headers=headers,
        content_type="multipart/form-data",
    )


def submitted(client, partner, outlet, period_id, **apply) -> int:
    client.post(f"{API}/outlets", json=outlet, headers=partner)
    created = client.post(f"{API}/applications", json={"period_id": period_id, **apply}, headers=partner)
    assert created.status_code == 201, created.json
    app_id = created.json["id"]
    upload(client, partner, app_id, "akta")
    return app_id


def submit(client, partner, app_id):
    response = client.post(f"{API}/applications/{app_id}/submit", headers=partner)
    assert response.status_code == 200, response.json
    return response.json


# --- scoring -------------------------------------------------------------------------------------------------


def test_a_periods_criteria_are_checked_and_shown(client, verifier, new_period):
    bad = {"code": "xx", "label": "X", "max_points": 10, "options": [{"code": "a", "label": "A", "points": 11}]}
    period = {
        "fiscal_year": 2027,
        "name": "K",
        "opens_at": now().isoformat(),
        "closes_at": (now() + dt.timedelta(days=1)).isoformat(),
        "criteria": [bad],
    }
    refused = client.post(f"{API}/periods", json=period, headers=verifier)
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "criteria.0.options.0.points"
    both = {**bad, "options": [], "bands": []}
    assert (
        client.post(f"{API}/periods", json={**period, "criteria": [both]}, headers=verifier).json["errors"][0]["field"]
        == "criteria.0"
    )
    shown = new_period(criteria=CRITERIA, tiers=TIERS, appeal_days=7)
    assert [c["code"] for c in shown["criteria"]] == ["dewan_pers", "months", "audience", "siaran"]
    assert shown["criteria"][1]["bands"][0] == {"min": "6", "points": 10, "label": ""}
    assert shown["tiers"][0]["min_score"] == 50 and shown["appeal_days"] == 7


def test_claims_with_evidence_confirmed_or_corrected_set_the_tier_and_every_point_is_explained(
    client, verifier, new_period, approver, partner, tokens, outlet
):
    period = new_period(criteria=CRITERIA, tiers=TIERS)
    app_id = submitted(client, partner, outlet, period["id"])  # no tier claimed: the score will set it
    url = f"{API}/applications/{app_id}"
    other = tokens.headers("media:partner", username="lain")

    assert (
        client.put(
            f"{url}/claims/dewan_pers",
            json={"value": "factual", "evidence_url": "https://dp.example/1"},
            headers=verifier,
        ).status_code
        == 403
    )
    assert (
        client.put(
            f"{url}/claims/dewan_pers", json={"value": "factual", "evidence_url": "https://dp.example/1"}, headers=other
        ).status_code
        == 404
    )
    assert (
        client.put(f"{url}/claims/siaran", json={"value": "5", "evidence_text": "x"}, headers=partner).status_code
        == 404
    ), "a radio criterion is not for an online outlet"
    wrong = client.put(f"{url}/claims/dewan_pers", json={"value": "gold", "evidence_text": "x"}, headers=partner)
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "value"
    no_evidence = client.put(f"{url}/claims/dewan_pers", json={"value": "factual"}, headers=partner)
    assert no_evidence.status_code == 422 and no_evidence.json["errors"][0]["field"] == "file"
    bad_url = client.put(
        f"{url}/claims/dewan_pers", json={"value": "factual", "evidence_url": "ftp://x"}, headers=partner
    )
    assert bad_url.status_code == 422 and bad_url.json["errors"][0]["field"] == "evidence_url"
    assert (
        client.put(
            f"{url}/claims/dewan_pers",
            json={"value": "factual", "evidence_url": "https://dp.example/1"},
            headers=partner,
        ).status_code
        == 200
    )
    exe = client.put(
        f"{url}/claims/months",
        data={"value": "14", "file": (io.BytesIO(b"MZ\x90\x00"), "bukti.pdf")},
        headers=partner,
        content_type="multipart/form-data",
    )
    assert exe.status_code == 415
    with_file = client.put(
        f"{url}/claims/months",
        data={"value": "14", "file": (io.BytesIO(PNG), "../terbit.png")},
        headers=partner,
        content_type="multipart/form-data",
    )
    assert with_file.status_code == 200, with_file.json
    assert (
        client.put(
            f"{url}/claims/audience",
            json={"value": 150000, "evidence_text": "Google Analytics Jan-Jun"},
            headers=partner,
        ).status_code
        == 200
    )

    claimed = client.get(f"{url}/score", headers=partner).json
    assert (claimed["claimed_total"], claimed["confirmed_total"], claimed["max_total"]) == (70, 0, 70)
    assert client.get(f"{url}/score", headers=other).status_code == 404
    assert client.get(f"{url}/score", headers=tokens.headers("newsroom:editor")).status_code == 403
    early = client.post(f"{url}/score/review", json={"criteria": {"months": {}}}, headers=verifier)
    assert early.status_code == 409 and early.json["current_state"] == "draft"

    submit(client, partner, app_id)
    late = client.put(f"{url}/claims/months", json={"value": "20", "evidence_text": "x"}, headers=partner)
    assert late.status_code == 409 and late.json["current_state"] == "submitted"
    assert client.get(f"{url}/claims/months/file", headers=verifier).data == PNG
    assert client.get(f"{url}/claims/months/file", headers=other).status_code == 404
    assert client.post(f"{url}/score/review", json={"criteria": {"months": {}}}, headers=partner).status_code == 403
    pending = client.post(
        f"{url}/review", json={"documents": {"akta": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    assert pending.status_code == 409
    assert [f["rule"] for f in pending.json["failing"]] == ["score_unreviewed"] * 3
    no_note = client.post(f"{url}/score/review", json={"criteria": {"audience": {"value": "50000"}}}, headers=verifier)
    assert no_note.status_code == 422 and no_note.json["errors"][0]["field"] == "criteria.audience.note"
    unclaimed = client.post(f"{url}/score/review", json={"criteria": {"siaran": {}}}, headers=verifier)
    assert unclaimed.status_code == 422 and unclaimed.json["errors"][0]["field"] == "criteria.siaran"
    reviewed = client.post(
        f"{url}/score/review",
        headers=verifier,
        json={
            "criteria": {
                "dewan_pers": {},
                "months": {"value": "14"},
                "audience": {"value": "50000", "note": "Data GA menunjukkan rata-rata 50 ribu"},
            }
        },
    )
    assert reviewed.status_code == 200, reviewed.json
    by_code = {c["code"]: c for c in reviewed.json["criteria"]}
    assert by_code["dewan_pers"]["confirmed"]["option"] == "factual" and by_code["dewan_pers"]["status"] == "confirmed"
    assert by_code["months"]["claimed"]["band"] == "12" and by_code["months"]["evidence"]["has_file"] is True
    audience = by_code["audience"]
    assert (audience["status"], audience["claimed"]["points"], audience["confirmed"]["points"]) == ("corrected", 20, 10)
    assert audience["confirmed"]["by"] == "verifikator" and "50 ribu" in audience["confirmed"]["note"]
    assert audience["confirmed"]["band"] == "10000" and "10000" in audience["confirmed"]["explanation"]
    assert reviewed.json["confirmed_total"] == 60 and reviewed.json["tier_by_confirmed_score"] == "utama"

    verified = client.post(
        f"{url}/review", json={"documents": {"akta": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    assert verified.status_code == 200, verified.json
    assert (verified.json["score"], verified.json["scored_tier"], verified.json["tier"]) == (60, "utama", None)
    seen = client.get(f"{url}/score", headers=partner).json
    assert seen["scored_tier"] == "utama" and seen["score"] == 60

    # The Utama tier has room for one outlet: a second outlet scoring as high is refused, naming the tier.
    second = tokens.headers("media:partner", username="kedua")
    other_id = submitted(client, second, {**outlet, "brand": "Kedua", "npwp": "012345678901002"}, period["id"])
    client.put(
        f"{API}/applications/{other_id}/claims/dewan_pers",
        json={"value": "factual", "evidence_text": "SK DP"},
        headers=second,
    )
    client.put(
        f"{API}/applications/{other_id}/claims/months", json={"value": "30", "evidence_text": "arsip"}, headers=second
    )
    submit(client, second, other_id)
    client.post(
        f"{API}/applications/{other_id}/score/review",
        json={"criteria": {"dewan_pers": {}, "months": {}}},
        headers=verifier,
    )
    full = client.post(
        f"{API}/applications/{other_id}/review",
        headers=verifier,
        json={"documents": {"akta": {"accepted": True}}, "decision": "verify"},
    )
    assert full.status_code == 409 and full.json["tier"] == "utama" and "Utama" in full.json["detail"]
    assert client.get(f"{API}/applications/{other_id}", headers=second).json["status"] == "submitted"


def test_a_score_below_every_tier_cannot_be_verified(client, verifier, new_period, partner, outlet):
    period = new_period(criteria=CRITERIA, tiers=TIERS)
    app_id = submitted(client, partner, outlet, period["id"], tier="madya")
    url = f"{API}/applications/{app_id}"
    client.put(f"{url}/claims/months", json={"value": "3", "evidence_text": "baru terbit"}, headers=partner)
    submit(client, partner, app_id)
    client.post(f"{url}/score/review", json={"criteria": {"months": {}}}, headers=verifier)
    blocked = client.post(
        f"{url}/review", json={"documents": {"akta": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    assert blocked.status_code == 409 and [f["rule"] for f in blocked.json["failing"]] == ["score_below_minimum"]


# --- appeal --------------------------------------------------------------------------------------------------


def rejected(client, verifier, partner, app_id, reason="Alamat kantor fiktif"):
    submit(client, partner, app_id)
    review = {"documents": {"akta": {"accepted": True}}, "decision": "reject", "reason": reason}
    response = client.post(f"{API}/applications/{app_id}/review", headers=verifier, json=review)
    assert response.status_code == 200 and response.json["status"] == "rejected", response.json
    return response.json


def test_a_rejected_outlet_appeals_once_and_the_approver_decides(
    app, client, verifier, approver, partner, tokens, outlet, new_period
):
    period = new_period(appeal_days=10)
    app_id = submitted(client, partner, outlet, period["id"])
    url = f"{API}/applications/{app_id}"
    draft = client.post(f"{url}/appeal", json={"reason": "Keberatan"}, headers=partner)
    assert draft.status_code == 409 and draft.json["current_state"] == "draft"
    seen = rejected(client, verifier, partner, app_id)
    assert seen["appeal"]["can_appeal"] is True and seen["note"] == "Alamat kantor fiktif"
    assert (
        client.get(url, headers=partner).json["appeal"]["appeal_until"]
        == (app.extensions["suite"].settings.local_date() + dt.timedelta(days=10)).isoformat()
    )

    assert client.post(f"{url}/appeal", json={"reason": "x"}, headers=verifier).status_code == 403
    assert (
        client.post(
            f"{url}/appeal", json={"reason": "x"}, headers=tokens.headers("media:partner", username="lain")
        ).status_code
        == 404
    )
    assert client.post(f"{url}/appeal", json={"reason": " "}, headers=partner).json["errors"][0]["field"] == "reason"
    not_yet = client.post(f"{url}/appeal/decision", json={"granted": True}, headers=approver)
    assert not_yet.status_code == 409 and not_yet.json["current_state"] == "rejected"
    appealed = client.post(
        f"{url}/appeal", json={"reason": "Kantor kami pindah; bukti sewa terlampir."}, headers=partner
    )
    assert appealed.status_code == 200 and appealed.json["status"] == "appealed"
    assert appealed.json["appeal"]["decision"] is None
    assert upload(client, partner, app_id, "akta").status_code == 200, "new documents come with the appeal"
    assert client.post(f"{url}/appeal/decision", json={"granted": False}, headers=verifier).status_code == 403
    no_reason = client.post(f"{url}/appeal/decision", json={"granted": False}, headers=approver)
    assert no_reason.status_code == 422 and no_reason.json["errors"][0]["field"] == "reason"
    dismissed = client.post(
        f"{url}/appeal/decision", json={"granted": False, "reason": "Bukti sewa tidak sah."}, headers=approver
    )
    assert dismissed.status_code == 200 and dismissed.json["status"] == "rejected"
    outcome = client.get(url, headers=partner).json
    assert (
        outcome["appeal"]["decision"] == "dismissed" and outcome["appeal"]["decision_reason"] == "Bukti sewa tidak sah."
    )
    assert outcome["note"] == "Alamat kantor fiktif", "the rejection's reason stays"
    again = client.post(f"{url}/appeal", json={"reason": "Sekali lagi"}, headers=partner)
    assert again.status_code == 409 and "sekali" in again.json["detail"]
    assert [e["action"] for e in outcome["log"]][-3:] == ["reject", "appeal", "dismiss_appeal"]


def test_a_granted_appeal_goes_back_to_the_verifier_and_a_late_one_is_refused(
    app, client, verifier, approver, partner, tokens, outlet, new_period
):
    period = new_period(appeal_days=3)
    app_id = submitted(client, partner, outlet, period["id"])
    url = f"{API}/applications/{app_id}"
    rejected(client, verifier, partner, app_id)
    client.post(f"{url}/appeal", json={"reason": "Dokumen baru"}, headers=partner)
    granted = client.post(
        f"{url}/appeal/decision", json={"granted": True, "reason": "Diperiksa ulang"}, headers=approver
    )
    assert granted.status_code == 200 and granted.json["status"] == "submitted"
    assert granted.json["appeal"]["decision"] == "granted" and granted.json["note"] is None
    verified = client.post(f"{url}/review", json={"documents": {}, "decision": "verify"}, headers=verifier)
    assert verified.status_code == 200 and verified.json["status"] == "verified"

    second = tokens.headers("media:partner", username="kedua")
    late_id = submitted(client, second, {**outlet, "brand": "Kedua", "npwp": "012345678901002"}, period["id"])
    rejected(client, verifier, second, late_id)
    with app.extensions["suite"].db.session() as session:
        session.execute(
            update(Application).where(Application.id == late_id).values(decided_at=now() - dt.timedelta(days=5))
        )
        session.commit()
    late = client.post(f"{API}/applications/{late_id}/appeal", json={"reason": "Terlambat"}, headers=second)
    assert late.status_code == 409 and "lewat" in late.json["detail"] and late.json["appeal_until"]
    assert client.get(f"{API}/applications/{late_id}", headers=second).json["status"] == "rejected"


def test_no_appeal_when_the_period_opens_none(client, verifier, new_period, partner, outlet):
    period = new_period(appeal_days=0)
    app_id = submitted(client, partner, outlet, period["id"])
    assert rejected(client, verifier, partner, app_id)["appeal"] == {"can_appeal": False, "appeal_until": None}
    refused = client.post(f"{API}/applications/{app_id}/appeal", json={"reason": "x"}, headers=partner)
    assert refused.status_code == 409 and "tidak membuka" in refused.json["detail"]


# --- re-registration -----------------------------------------------------------------------------------------


def test_re_registration_carries_over_what_is_still_valid(app, client, verifier, new_period, partner, outlet):
    for doc in (
        {"code": "akta", "label": "Akta"},
        {"code": "npwp", "label": "NPWP"},
        {"code": "ukw", "label": "Sertifikat UKW", "expires": True},
        {"code": "sewa", "label": "Perjanjian sewa kantor", "expires": True},
        {"code": "foto", "label": "Foto kantor"},
    ):
        client.post(f"{API}/document-types", json=doc, headers=verifier)
    reqs = [{"code": c} for c in ("akta", "npwp", "ukw", "sewa")]
    first = new_period(
        name="Kemitraan 2026", fiscal_year=2026, requirements=[*reqs, {"code": "foto", "required": False}]
    )
    outlet_id = client.post(f"{API}/outlets", json=outlet, headers=partner).json["id"]
    client.post(f"{API}/outlets/{outlet_id}/journalists", json=CHIEF, headers=partner)
    old_id = client.post(f"{API}/applications", json={"period_id": first["id"]}, headers=partner).json["id"]
    upload(client, partner, old_id, "akta")
    upload(client, partner, old_id, "npwp", PNG)
    upload(client, partner, old_id, "ukw", expires_on="2030-12-31")
    upload(client, partner, old_id, "sewa", expires_on="2030-12-31")
    upload(client, partner, old_id, "foto", PNG)
    submit(client, partner, old_id)
    verdicts = {c: {"accepted": True} for c in ("akta", "ukw", "sewa", "foto")} | {
        "npwp": {"accepted": False, "note": "Buram"}
    }
    client.post(
        f"{API}/applications/{old_id}/review", json={"documents": verdicts, "decision": "revise"}, headers=verifier
    )
    with app.extensions["suite"].db.session() as session:  # last year's period closed; its lease ran out since
        session.execute(
            update(Period)
            .where(Period.id == first["id"])
            .values(opens_at=now() - dt.timedelta(days=400), closes_at=now() - dt.timedelta(days=300))
        )
        lease = (ApplicationDocument.application_id == old_id) & (ApplicationDocument.type_code == "sewa")
        session.execute(update(ApplicationDocument).where(lease).values(expires_on=dt.date(2026, 1, 31)))
        session.commit()

    second = new_period(requirements=reqs)
    renewed = client.post(f"{API}/applications", json={"period_id": second["id"]}, headers=partner)
    assert renewed.status_code == 201, renewed.json
    carried = {d["type_code"]: d for d in renewed.json["documents"]}
    assert set(carried) == {"akta", "ukw"}, "npwp was rejected, sewa expired, foto not asked"
    assert {d["carried_over_from"] for d in carried.values()} == {old_id}
    assert carried["ukw"]["status"] == "accepted" and carried["ukw"]["expires_on"] == "2030-12-31"
    assert {f["document"] for f in renewed.json["failing"] if f["rule"] == "missing"} == {"npwp", "sewa"}
    new_id = renewed.json["id"]
    assert client.get(f"{API}/applications/{new_id}/documents/akta/file", headers=partner).data == PDF
    assert [j["name"] for j in client.get(f"{API}/outlets/{outlet_id}/journalists", headers=partner).json] == [
        CHIEF["name"]
    ], "journalists belong to the outlet and stay"
    replaced = upload(client, partner, new_id, "akta", PNG)
    akta = next(d for d in replaced.json["documents"] if d["type_code"] == "akta")
    assert (akta["carried_over_from"], akta["status"]) == (None, "pending")
    first_time = client.post(f"{API}/applications", json={"period_id": second["id"]}, headers=verifier)
    assert first_time.status_code == 403


# --- events --------------------------------------------------------------------------------------------------


def test_every_step_has_its_event_and_none_carries_personal_data(
    app, client, verifier, new_period, approver, partner, outlet
):
    period = new_period(criteria=CRITERIA, tiers=TIERS, appeal_days=10)
    app_id = submitted(client, partner, outlet, period["id"])
    outlet_id = client.get(f"{API}/applications/{app_id}", headers=partner).json["outlet_id"]
    client.post(f"{API}/outlets/{outlet_id}/journalists", json=CHIEF, headers=partner)
    url = f"{API}/applications/{app_id}"
    client.put(f"{url}/claims/dewan_pers", json={"value": "factual", "evidence_text": "Sertifikat DP"}, headers=partner)
    client.put(f"{url}/claims/months", json={"value": "24", "evidence_text": "Arsip"}, headers=partner)
    submit(client, partner, app_id)
    client.post(
        f"{url}/review",
        json={
            "documents": {"akta": {"accepted": False, "note": "Budi Mokoginta tidak tercantum"}},
            "decision": "revise",
        },
        headers=verifier,
    )
    upload(client, partner, app_id, "akta")
    rejected(client, verifier, partner, app_id, reason="NIK 7174010101800001 tidak cocok")
    client.post(f"{url}/appeal", json={"reason": "Pemred kami Budi Mokoginta"}, headers=partner)
    client.post(f"{url}/appeal/decision", json={"granted": True}, headers=approver)
    client.post(f"{url}/score/review", json={"criteria": {"dewan_pers": {}, "months": {}}}, headers=verifier)
    client.post(
        f"{url}/review", json={"documents": {"akta": {"accepted": True}}, "decision": "verify"}, headers=verifier
    )
    decree = client.post(
        f"{API}/decrees",
        headers=approver,
        json={
            "period_id": period["id"],
            "number": "SK-7",
            "signed_on": "2027-01-15",
            "signer": "Kepala Dinas",
            "application_ids": [app_id],
        },
    )
    assert decree.status_code == 201
    contract = client.post(
        f"{API}/contracts",
        headers=verifier,
        json={
            "application_id": app_id,
            "number": "K-7",
            "starts_on": "2027-02-01",
            "ends_on": "2027-12-31",
            "value": 24_000_000,
            "quota": 12,
            "rate": 2_000_000,
        },
    ).json
    for action, body in (("suspend", {"reason": "Budi Mokoginta sakit"}), ("resume", {}), ("end", {})):
        assert client.post(f"{API}/contracts/{contract['id']}/{action}", json=body, headers=approver).status_code == 200

    # The outlet's and its journalist's own events (the province counts journalists by UKW level) are not steps of
    # the application; the search for personal data below still reads every event.
    events = [
        e
        for e in outbox(app)
        if e["type"]
        not in ("registry.outlet.registered.v1", "registry.application.changed.v1", "registry.journalist.changed.v1")
    ]
    assert [e["type"].removeprefix("registry.") for e in events] == [
        "application.submitted.v1",
        "application.revision_requested.v1",
        "application.submitted.v1",
        "application.rejected.v1",
        "application.appealed.v1",
        "application.appeal_decided.v1",
        "application.verified.v1",
        "decree.issued.v1",
        "contract.started.v1",
        "contract.suspended.v1",
        "contract.resumed.v1",
        "contract.ended.v1",
    ]
    data = {e["type"].removeprefix("registry."): e["data"] for e in events}
    assert data["application.revision_requested.v1"]["documents"] == ["akta"]
    assert (
        data["application.rejected.v1"]["appeal_until"]
        == (app.extensions["suite"].settings.local_date() + dt.timedelta(days=10)).isoformat()
    )
    assert data["application.appeal_decided.v1"] | {"at": None} == {
        "id": app_id,
        "period_id": period["id"],
        "outlet_id": outlet_id,
        "at": None,
        "decision": "granted",
        "status": "submitted",
    }
    assert (data["application.verified.v1"]["tier"], data["application.verified.v1"]["score"]) == ("utama", 50)
    assert data["decree.issued.v1"]["application_ids"] == [app_id] and data["decree.issued.v1"]["outlet_ids"] == [
        outlet_id
    ]
    assert data["contract.started.v1"]["tier"] == "utama" and data["contract.started.v1"]["value"] == 24_000_000
    everything = json.dumps(outbox(app))
    for personal in (
        "7174010101800001",
        "Budi",
        "Mokoginta",
        outlet["email"],
        outlet["phone"],
        "012345678901000",
        outlet["nib"],
        outlet["address"],
        "Kepala Dinas",
        "sakit",
    ):
        assert personal not in everything, personal
