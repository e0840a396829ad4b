"""Partners' data-subject requests (UU 27/2022): filed by the outlet's account with a 3 x 24 hour clock, answered by
the data protection officer; a copy holds the outlet's people and nobody else's; an erasure is refused while a
contract runs (restricted instead) and done otherwise; a restriction applies at once. And the start page's counts."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from registry.models import Application, Contract, Journalist, Period
from registry.retention import ERASED

NIK = "7174010101800001"
OTHER_NIK = "7174010101800002"
API = "/api/registry/privacy/requests"


def outlet_with_journalist(client, headers, outlet, nik, **changes) -> int:
    outlet_id = client.post("/api/registry/outlets", json={**outlet, **changes}, headers=headers).json["id"]
    body = {"name": f"Wartawan {nik[-1]}", "nik": nik, "role": "editor", "ukw_level": "none"}
    assert client.post(f"/api/registry/outlets/{outlet_id}/journalists", json=body, headers=headers).status_code == 201
    return outlet_id


def running_contract(app, outlet_id: int) -> None:
    now = dt.datetime.now(dt.UTC)
    with sa.orm.Session(app.extensions["suite"].db.engine) as session:
        period = Period(year=2026, title="Masa", opens_at=now, closes_at=now, created_by="t")
        session.add(period)
        session.flush()
        application = Application(period_id=period.id, outlet_id=outlet_id, status="approved", created_by="t")
        session.add(application)
        session.flush()
        session.add(
            Contract(
                application_id=application.id,
                period_id=period.id,
                number="K-1",
                value=1,
                quota=1,
                rate=1,
                starts_on=now.date(),
                ends_on=now.date() + dt.timedelta(days=90),
                created_by="t",
            )
        )
        session.commit()


def niks(app) -> set[str]:
    with sa.orm.Session(app.extensions["suite"].db.engine) as session:
        return {j.nik for j in session.scalars(sa.select(Journalist))}


def test_a_copy_request_is_answered_with_the_outlets_people_and_nothing_of_anyone_elses(
    client, tokens, partner, outlet
):
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    outlet_with_journalist(client, partner, outlet, NIK)
    other = tokens.headers("media:partner", username="lain")
    outlet_with_journalist(client, other, outlet, OTHER_NIK, npwp="02.234.567.8-901.000", brand="Lain News")
    assert client.post(API, json={"kind": "sell"}, headers=partner).json["errors"][0]["field"] == "kind"
    assert client.post(API, json={"kind": "copy"}, headers=dpo).status_code == 403
    filed = client.post(API, json={"kind": "copy", "detail": "Mohon salinan"}, headers=partner)
    assert filed.status_code == 201, filed.json
    number = filed.json["number"]
    due = dt.datetime.fromisoformat(filed.json["due_at"]) - dt.datetime.fromisoformat(filed.json["filed_at"])
    assert due == dt.timedelta(hours=72) and filed.json["status"] == "received"
    assert client.get(f"{API}/{number}", headers=other).status_code == 404, "another outlet's is not found"
    assert client.get(f"{API}/{number}/copy", headers=partner).status_code == 409, "not answered yet"
    assert [r["number"] for r in client.get(API, headers=dpo).json["items"]] == [number]
    assert client.post(f"{API}/{number}/answer", json={"note": "x"}, headers=partner).status_code == 403
    answered = client.post(f"{API}/{number}/answer", json={"note": "Salinan tersedia."}, headers=dpo)
    assert answered.status_code == 200 and answered.json["status"] == "answered"
    assert client.post(f"{API}/{number}/answer", json={"note": "lagi"}, headers=dpo).status_code == 409
    copy = client.get(f"{API}/{number}/copy", headers=partner)
    assert copy.status_code == 200 and "no-store" in copy.headers["Cache-Control"]
    assert [j["nik"] for j in copy.json["journalists"]] == [NIK] and copy.json["accounts"] == ["totabuan"]
    assert OTHER_NIK not in copy.text and "Lain News" not in copy.text and "lain" not in copy.json["accounts"]
    pdf = client.get(f"{API}/{number}/copy.pdf", headers=partner)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and "no-store" in pdf.headers["Cache-Control"]
    assert client.get(f"{API}/{number}/copy.pdf", headers=other).status_code == 404
    log = client.get("/api/registry/privacy/access-log", headers=dpo).json["items"]
    assert [(r["action"], r["record_kind"], r["detail"]) for r in log] == [("copy", "outlet", number)]


def test_an_erasure_is_refused_while_a_contract_runs_restricted_instead_and_done_once_it_has_ended(
    app, client, tokens, partner, verifier, outlet
):
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    outlet_id = outlet_with_journalist(client, partner, outlet, NIK)
    running_contract(app, outlet_id)
    number = client.post(API, json={"kind": "erase"}, headers=partner).json["number"]
    answered = client.post(f"{API}/{number}/answer", json={"note": "Diperiksa."}, headers=dpo).json
    assert answered["restricted"] and "kontrak kemitraan perusahaan ini masih berjalan" in answered["answer"]
    assert NIK in niks(app), "kept while the contract runs"
    journalist_id = client.get(f"/api/registry/outlets/{outlet_id}/journalists", headers=partner).json[0]["id"]
    reveal = f"/api/registry/journalists/{journalist_id}/personal-data"
    assert client.post(reveal, json={"reason": "verify"}, headers=verifier).status_code == 403, "restricted"
    assert client.post(reveal, json={"reason": "data_subject"}, headers=dpo).json["nik"] == NIK

    with sa.orm.Session(app.extensions["suite"].db.engine) as session:
        session.execute(sa.update(Contract).values(status="ended"))
        session.commit()
    again = client.post(API, json={"kind": "erase"}, headers=partner).json["number"]
    done = client.post(f"{API}/{again}/answer", json={"note": "Dihapus."}, headers=dpo).json
    assert done["outcome"] == {"erased": [journalist_id]} and niks(app) == {ERASED}


def test_a_restriction_applies_on_filing_and_the_start_page_counts_what_waits(
    client, tokens, partner, verifier, approver, outlet
):
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    outlet_id = outlet_with_journalist(client, partner, outlet, NIK)
    journalist_id = client.get(f"/api/registry/outlets/{outlet_id}/journalists", headers=partner).json[0]["id"]
    reveal = f"/api/registry/journalists/{journalist_id}/personal-data"
    assert client.post(reveal, json={"reason": "verify"}, headers=verifier).status_code == 200
    assert client.post(API, json={"kind": "restrict"}, headers=partner).json["restricted"] is True
    assert client.post(reveal, json={"reason": "verify"}, headers=verifier).status_code == 403, "at once"

    work = client.get("/api/registry/work", headers=dpo).json["items"]
    assert work == [
        {"label": "Permintaan subjek data yang belum dijawab", "count": 1, "href": "/registry/konsol/privasi"}
    ]
    verifier_work = {i["href"]: i["count"] for i in client.get("/api/registry/work", headers=verifier).json["items"]}
    assert verifier_work == {
        "/registry/konsol?status=submitted": 0,
        "/registry/konsol/bukti": 0,
        "/registry/konsol/pembayaran?status=spj_submitted": 0,
        "/registry/konsol/pembayaran?status=checked": 0,
    }
    approver_work = [i["href"] for i in client.get("/api/registry/work", headers=approver).json["items"]]
    assert "/registry/konsol?status=verified" in approver_work and "/registry/konsol/bukti" not in approver_work
    assert client.get("/api/registry/work").status_code == 401
    assert client.get("/api/registry/work", headers=tokens.headers("ppid:officer")).status_code == 403


def test_the_partner_files_on_its_page_and_the_dpo_answers_on_hers(client, tokens, partner, verifier, outlet):
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    outlet_with_journalist(client, partner, outlet, NIK)
    page = client.get("/registry/mitra/privasi", headers=partner)
    assert page.status_code == 200 and "Data pribadi Anda" in page.text and "Belum ada permintaan." in page.text
    refused = client.post("/registry/mitra/privasi", data={"detail": "x"}, headers=partner)
    assert refused.status_code == 422 and 'id="kind-error">Wajib diisi.' in refused.text
    filed = client.post("/registry/mitra/privasi", data={"kind": "copy", "detail": "Salinan"}, headers=partner)
    assert filed.status_code == 303 and "/registry/mitra/privasi?pesan=" in filed.headers["Location"]
    number = client.get(API, headers=dpo).json["items"][0]["number"]
    assert number in client.get(filed.headers["Location"], headers=partner).text

    assert client.get("/registry/konsol/privasi", headers=verifier).status_code == 403
    listed = client.get("/registry/konsol/privasi?status=received", headers=dpo).text
    assert f'href="/registry/konsol/privasi/{number}"' in listed
    detail = f"/registry/konsol/privasi/{number}"
    empty = client.post(f"{detail}/jawab", data={"note": ""}, headers=dpo)
    assert empty.status_code == 422 and 'id="note-error"' in empty.text
    answered = client.post(f"{detail}/jawab", data={"note": "Salinan tersedia di halaman Anda."}, headers=dpo)
    assert answered.status_code == 303
    assert "Salinan tersedia di halaman Anda." in client.get(detail, headers=dpo).text
    home = client.get("/registry/mitra/privasi", headers=partner).text
    assert f'href="/api/registry/privacy/requests/{number}/copy"' in home
