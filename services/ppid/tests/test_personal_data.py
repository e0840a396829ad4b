"""Requesters' personal data, minimal by default (UU 27/2022): masked for the office's staff, absent for an OPD
officer, revealed with a reason into an append-only access log the data protection officer reads (JSON and CSV)."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa


def submit(client, valid_request):
    response = client.post("/api/ppid/requests", json=valid_request)
    assert response.status_code == 201, response.json
    return response.json["registration_number"]


@pytest.fixture
def dpo(tokens):
    return tokens.headers("privacy:officer", username="dpo.kantor")


def test_staff_see_masks_an_opd_officer_sees_none_and_a_reveal_needs_a_reason_and_is_logged(
    app, client, officer, opd_officer, dpo, tokens, valid_request
):
    number = submit(client, valid_request)
    moved = client.post(f"/api/ppid/requests/{number}/dispose", json={"opds": ["dinkes"], "note": "Data DPA"},
                        headers=officer)  # fmt: skip
    assert moved.status_code == 200, moved.json

    seen = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert seen["masked"] is True and seen["nik"] == "7174 **** **** 0002"
    for secret in (valid_request["nik"], valid_request["email"], "3456", valid_request["address"]):
        assert secret not in str(seen), f"{secret} shown to an officer without a reveal"

    dinkes = opd_officer("dinkes")
    theirs = client.get(f"/api/ppid/requests/{number}", headers=dinkes).json
    assert theirs["information"] == valid_request["information"], "the OPD gets what answering needs"
    assert [theirs[f] for f in ("nik", "address", "phone", "email")] == [None] * 4
    assert valid_request["name"] not in str(theirs)
    refused = client.post(f"/api/ppid/requests/{number}/personal-data", json={"reason": "answer"}, headers=dinkes)
    assert refused.status_code == 403

    reveal = f"/api/ppid/requests/{number}/personal-data"
    assert client.post(reveal, json={}, headers=officer).json["errors"][0]["field"] == "reason"
    other = client.post(reveal, json={"reason": "other"}, headers=officer)
    assert other.status_code == 422 and other.json["errors"][0]["field"] == "detail"
    opened = client.post(reveal, json={"reason": "deliver", "detail": "Kirim salinan DPA"}, headers=officer)
    assert opened.status_code == 200 and opened.headers["Cache-Control"] == "no-store"
    assert opened.json["nik"] == valid_request["nik"] and opened.json["email"] == valid_request["email"]

    log = "/api/ppid/privacy/access-log"
    assert client.get(log, headers=officer).status_code == 403, "the log is the data protection officer's"
    rows = client.get(log, headers=dpo).json["items"]
    assert [(r["actor"], r["action"], r["record_id"], r["reason"], r["detail"]) for r in rows] == [
        ("petugas.ppid", "reveal", number, "deliver", "Kirim salinan DPA")
    ]
    assert set(rows[0]["fields"]) == {"nik", "address", "phone", "email"}
    exported = client.get(f"{log}?format=csv", headers=dpo)
    assert exported.status_code == 200
    table = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert [(r["actor"], r["record_id"]) for r in table] == [("petugas.ppid", number)]
    assert valid_request["nik"] not in exported.data.decode("utf-8-sig"), "the log says whose, never the value"

    engine = app.extensions["suite"].db.engine
    if engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text("UPDATE personal_data_access SET reason = 'x'"))
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM personal_data_access"))


def test_the_database_holds_no_nik_or_phone_in_clear_and_a_new_key_reseals_them(app, client, officer, valid_request):
    from chassis.personal_data import Sealer, SealError, new_key_text, parse_keys, reseal_column, use
    from ppid.models import Request

    number = submit(client, valid_request)
    engine = app.extensions["suite"].db.engine
    digits = "".join(ch for ch in valid_request["phone"] if ch.isdigit())
    with engine.connect() as connection:
        raw = connection.execute(sa.text("SELECT * FROM requests")).mappings().one()
    stored = " ".join(str(v) for v in raw.values())
    assert valid_request["nik"] not in stored and digits not in stored and digits[-8:] not in stored
    assert raw["nik"].startswith("pd1:") and raw["phone"].startswith("pd1:")
    assert client.post(f"/api/ppid/requests/{number}/personal-data", json={"reason": "verify"},
                       headers=officer).json["nik"] == valid_request["nik"]  # fmt: skip

    settings = app.extensions["suite"].settings
    old = use(settings)
    fresh = Sealer({**parse_keys(new_key_text("k2")), **old.keys}, old.index_key)
    try:
        import chassis.personal_data as pd

        pd._ACTIVE[:] = [fresh]
        with sa.orm.Session(engine) as session, session.begin():
            moved = [
                reseal_column(session, Request.__table__.c[c], f"ppid.request.{c}", fresh) for c in ("nik", "phone")
            ]
        assert moved == [1, 1]
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT nik FROM requests")).scalar().startswith("pd1:k2:")
        with sa.orm.Session(engine) as session:
            assert session.scalar(sa.select(Request.nik)) == valid_request["nik"], "read under the new key"
        pd._ACTIVE[:] = [old]
        with sa.orm.Session(engine) as session, pytest.raises(SealError):
            session.scalar(sa.select(Request.nik))  # the old key list alone no longer opens it
    finally:
        use(settings)


def test_the_officer_finds_a_persons_requests_by_nik_through_its_keyed_hash_and_an_opd_officer_cannot(
    app, client, officer, opd_officer, valid_request
):
    mine = submit(client, valid_request)
    submit(client, {**valid_request, "nik": "7174010101800009", "name": "Orang Lain"})
    client.post(f"/api/ppid/requests/{mine}/dispose", json={"opds": ["dinkes"], "note": "x"}, headers=officer)

    def found(headers, q):
        answer = client.get("/api/ppid/requests", query_string={"q": q}, headers=headers)
        assert answer.status_code == 200, answer.json
        return [item["registration_number"] for item in answer.json["items"]]

    spaced = " ".join(valid_request["nik"][i : i + 4] for i in range(0, 16, 4))
    assert found(officer, valid_request["nik"]) == [mine] == found(officer, spaced), "as typed from the KTP"
    assert found(officer, "7174010101809999") == []
    assert found(opd_officer("dinkes"), valid_request["nik"]) == [], (
        "an OPD officer never sees the NIK, nor finds by it"
    )
    with app.extensions["suite"].db.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT nik, nik_index FROM requests")).all()
    assert all(valid_request["nik"] not in str(row) for row in stored)

    from ppid.models import Request

    with app.extensions["suite"].db.session() as session, session.begin():
        session.scalars(
            sa.select(Request).order_by(Request.id)
        ).first().nik = "(dihapus)"  # an erasure leaves nothing to find by
    assert found(officer, valid_request["nik"]) == []


def test_a_new_index_key_recomputes_the_contact_hashes_so_code_recovery_still_finds_the_request(
    app, client, valid_request
):
    import base64
    import secrets

    from chassis.personal_data import Sealer, use
    from ppid.domain.requests import EMAIL_INDEX, PHONE_INDEX, phone_key
    from ppid.models import Request, reindex_contacts

    submit(client, valid_request)
    old = use(app.extensions["suite"].settings)
    engine = app.extensions["suite"].db.engine
    fresh = Sealer(old.keys, base64.b64decode(base64.b64encode(secrets.token_bytes(32))))
    with sa.orm.Session(engine) as session, session.begin():
        assert reindex_contacts(session, old) == 0, "hashes under the current key are left as they are"
        assert reindex_contacts(session, fresh, batch=1) == 1
        assert reindex_contacts(session, fresh) == 0
    with engine.connect() as connection:
        row = connection.execute(sa.select(Request.email_index, Request.phone_index)).one()
    assert (
        row.email_index
        == fresh.index(valid_request["email"], EMAIL_INDEX)
        != old.index(valid_request["email"], EMAIL_INDEX)
    )
    assert row.phone_index == fresh.index(phone_key(valid_request["phone"]), PHONE_INDEX)
    with sa.orm.Session(engine) as session, session.begin():
        reindex_contacts(session, old)  # back under the settings' key for the command below
    result = app.test_cli_runner().invoke(args=["personal-data", "reseal"])
    assert result.exit_code == 0 and "lookup hashes recomputed: 0" in result.output, result.output


def test_the_access_log_page_reads_its_window_as_the_api_does(client, dpo, officer):
    refused = client.get("/ppid/petugas/log-akses", headers=officer)
    assert refused.status_code == 403, "a PPID officer is not the DPO"
    shown = client.get("/ppid/petugas/log-akses", headers={**dpo, "Accept": "text/html"})
    assert shown.status_code == 200 and "Tidak ada akses tercatat" in shown.text
    backwards = client.get("/ppid/petugas/log-akses?from=2026-12-05&to=2026-12-01", headers=dpo)
    assert backwards.status_code == 400 and "Tanggal akhir tidak boleh sebelum tanggal awal" in backwards.text
    malformed = client.get("/ppid/petugas/log-akses?from=2026-13-01", headers=dpo)
    assert malformed.status_code == 400 and "Bukan tanggal" in malformed.text
