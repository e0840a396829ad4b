"""The registry's personal-data access log is the data protection officer's to read (UU 27/2022), JSON and CSV,
and on PostgreSQL nobody can change or delete what it holds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from chassis.auth import Principal
from chassis.messaging import utcnow
from chassis.personal_data import record_access
from registry.models import ACCESS_LOG


def test_the_privacy_officer_reads_the_log_others_are_refused_and_it_is_append_only(app, client, tokens):
    engine = app.extensions["suite"].db.engine
    with sa.orm.Session(engine) as session, session.begin():
        verifier = Principal("verif.satu", frozenset({"registry:verifier"}))
        record_access(session, ACCESS_LOG, at=utcnow(), principal=verifier, action="reveal", record_kind="journalist",
                      record_id="7", fields=["nik"], reason="verify")  # fmt: skip
    dpo = tokens.headers("privacy:officer", username="dpo.kantor")
    assert client.get("/api/registry/privacy/access-log").status_code == 401
    assert (
        client.get("/api/registry/privacy/access-log", headers=tokens.headers("registry:verifier")).status_code == 403
    )
    rows = client.get("/api/registry/privacy/access-log", headers=dpo).json["items"]
    assert [(r["actor"], r["record_kind"], r["record_id"], r["fields"]) for r in rows] == [
        ("verif.satu", "journalist", "7", ["nik"])
    ]
    exported = client.get("/api/registry/privacy/access-log?format=csv", headers=dpo)
    assert exported.status_code == 200 and "verif.satu" in exported.data.decode("utf-8-sig")
    if engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM personal_data_access"))


def test_the_database_holds_no_journalist_nik_nor_kim_phone_in_clear(app, client, verifier, partner, outlet):
    outlet_id = client.post("/api/registry/outlets", json=outlet, headers=partner).json["id"]
    journalist = {"name": "Budi", "nik": "7174010101800001", "role": "editor", "ukw_level": "none"}
    added = client.post(f"/api/registry/outlets/{outlet_id}/journalists", json=journalist, headers=partner)
    assert added.status_code == 201, added.json
    group = client.post("/api/registry/kim", headers=verifier,
                        json={"region_code": "71.74.01.2001", "name": "KIM Motoboi", "chair": "Ani"}).json  # fmt: skip
    member = {"name": "Sari", "role": "sekretaris", "phone": "0812-4400-1122"}
    assert client.post(f"/api/registry/kim/{group['id']}/members", json=member, headers=verifier).status_code == 201
    engine = app.extensions["suite"].db.engine
    with engine.connect() as connection:
        nik = connection.execute(sa.text("SELECT nik FROM journalists")).scalar()
        phone = connection.execute(sa.text("SELECT phone FROM kim_members")).scalar()
    assert nik.startswith("pd1:") and "7174010101800001" not in nik
    assert phone.startswith("pd1:") and "44001122" not in phone.replace("-", "")
    listed = client.get(f"/api/registry/outlets/{outlet_id}/journalists", headers=partner).json
    assert "7174010101800001" in str(listed), "the outlet's own account reads its journalist's NIK as given"
