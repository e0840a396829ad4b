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
