"""Staff's exports and changes of a requester's personal data are written to the access log (UU 27/2022): a letter
downloaded (it prints name, address and contacts) is an "export", a data-subject correction a "change"."""

from __future__ import annotations

import csv
import io

import pytest

LOG = "/api/ppid/privacy/access-log"


@pytest.fixture
def dpo(tokens):
    return tokens.headers("privacy:officer", username="dpo.kantor")


def decided(client, officer, valid_request) -> dict:
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    for action, body in (("examine", {}), ("draft_notice", {"decision": "not_held"}), ("sign_notice", {})):
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200
    return receipt


def rows(client, dpo) -> list[tuple]:
    items = client.get(LOG, headers=dpo).json["items"]
    return [
        (r["actor"], r["action"], r["record_id"], tuple(sorted(r["fields"])), r["reason"], r["detail"]) for r in items
    ]


def test_downloading_a_letter_with_the_requesters_data_is_an_export_in_the_access_log(
    client, officer, superior, opd_officer, dpo, valid_request
):
    receipt = decided(client, officer, valid_request)
    number = receipt["registration_number"]
    year = receipt["received_on"][:4]
    assert client.get("/api/ppid/reports/yearly", query_string={"year": year, "format": "csv"}, headers=officer)
    assert rows(client, dpo) == [], "the yearly report's figures hold no personal data: nothing to log"

    fields = ("address", "email", "name", "phone")
    for path in ("receipt.pdf", "notice.pdf"):
        pdf = client.get(f"/api/ppid/requests/{number}/{path}", headers=officer)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert rows(client, dpo) == [
        ("petugas.ppid", "export", number, fields, "ekspor", "tanda-bukti"),
        ("petugas.ppid", "export", number, fields, "ekspor", "pemberitahuan"),
    ]

    dinkes = opd_officer("dinkes")
    assert client.get(f"/api/ppid/requests/{number}/receipt.pdf", headers=dinkes).status_code == 403
    page = client.get(f"/ppid/petugas/permohonan/{number}", headers=officer)
    assert "receipt.pdf" in page.text and "tercatat di log akses" in page.text

    query = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    filed = client.post("/api/ppid/objections", json={**query, "grounds": ["e"], "reason": "Dokumennya ada."}).json
    decide = {"outcome": "rejected", "answer": "Informasi memang tidak dikuasai."}
    assert client.post(f"/api/ppid/objections/{filed['number']}/decide", json=decide, headers=superior)
    assert client.get(f"/api/ppid/objections/{filed['number']}/answer.pdf", headers=superior).status_code == 200
    assert rows(client, dpo)[-1] == (
        "atasan.ppid", "export", number, fields, "ekspor", f"tanggapan-keberatan {filed['number']}"
    )  # fmt: skip
    assert len(rows(client, dpo)) == 3, "a refused download logs nothing"

    table = list(csv.DictReader(io.StringIO(client.get(f"{LOG}?format=csv", headers=dpo).data.decode("utf-8-sig"))))
    assert [r["action"] for r in table] == ["export"] * 3
    assert valid_request["address"] not in str(table) and valid_request["email"] not in str(table)


def test_a_staff_correction_is_a_change_in_the_access_log_and_the_contact_is_found_by_its_new_value(
    client, dpo, valid_request
):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    query = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    asked = client.post("/api/ppid/privacy/requests", json={**query, "kind": "correct", "detail": "Email baru"}).json
    corrections = {"email": "siti.baru@example.id", "address": "Jl. Baru No. 1"}
    answered = client.post(f"/api/ppid/privacy/requests/{asked['number']}/answer", json={"corrections": corrections},
                           headers=dpo)  # fmt: skip
    assert answered.status_code == 200, answered.json
    change = [r for r in rows(client, dpo) if r[1] == "change"]
    assert change == [
        ("dpo.kantor", "change", receipt["registration_number"], ("address", "email"), "data_subject", asked["number"])
    ]
    renewed = client.post("/api/ppid/requests/recover-code", json={"contact": "siti.baru@example.id"})
    assert renewed.status_code == 202
    assert client.post("/api/ppid/track", json=query).status_code == 404, "the corrected email is the one found"


def test_a_restricted_requesters_letters_are_not_exported(client, officer, dpo, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    query = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    assert client.post("/api/ppid/privacy/requests", json={**query, "kind": "restrict", "detail": "Batasi"})
    refused = client.get(f"/api/ppid/requests/{receipt['registration_number']}/receipt.pdf", headers=officer)
    assert refused.status_code == 403 and "dibatasi" in refused.json["detail"]
    assert [r for r in rows(client, dpo) if r[1] == "export"] == []
