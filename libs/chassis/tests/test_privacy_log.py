"""The data protection officer reads a service's access log (JSON, CSV, per month); nobody else does."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from chassis.auth import Principal, current_principal
from chassis.context import Context
from chassis.permissions import permission
from chassis.personal_data import define_access_log_table, record_access
from chassis.privacy import access_log_blueprint
from chassis.settings import ServiceSettings
from chassis.web import create_service_app

READ_LOG = permission("privacy.log.read", {"privacy:officer"})
OFFICER = Principal("petugas", frozenset({"ppid:officer"}))


@pytest.fixture
def client(tmp_path, tokens):
    from zoneinfo import ZoneInfo

    metadata = sa.MetaData()
    log = define_access_log_table(metadata)
    import probe

    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", jwt_public_key=tokens.public_pem
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    db = app.extensions["suite"].db
    metadata.create_all(db.engine)
    zone = ZoneInfo("Asia/Makassar")
    moments = [  # office time WITA (UTC+8)
        dt.datetime(2026, 11, 30, 23, 30, tzinfo=zone),
        dt.datetime(2026, 12, 1, 0, 30, tzinfo=zone),
        dt.datetime(2026, 12, 2, 9, 0, tzinfo=zone),
    ]
    with db.sessions() as session, session.begin():
        for n, at in enumerate(moments):
            record_access(
                session,
                log,
                at=at,
                principal=OFFICER,
                action="reveal" if n else "export",
                record_kind="request",
                record_id=f"000{n}/PPID/2026",
                fields=["nik", "phone"],
                reason='=HYPERLINK("x")' if n == 2 else "verifikasi",
            )
    fixed = dt.datetime(2026, 12, 2, 4, 0, tzinfo=dt.UTC)

    def context():
        return Context(current_principal(optional=True), zone, clock=lambda: fixed)

    app.extensions["suite"].api.register_blueprint(access_log_blueprint("probe", log, READ_LOG, context))
    return app.test_client()


def test_the_officer_reads_the_days_asked_in_office_time(client, tokens):
    dpo = tokens.headers("privacy:officer", username="dpo")
    december = client.get("/api/probe/privacy/access-log?from=2026-12-01&to=2026-12-02", headers=dpo)
    assert december.status_code == 200 and december.headers["Cache-Control"] == "private, no-store"
    body = december.get_json()
    assert [i["record_id"] for i in body["items"]] == ["0001/PPID/2026", "0002/PPID/2026"]
    assert body["items"][0] | {"at": None} == {
        "id": 2,
        "at": None,
        "actor": "petugas",
        "roles": ["ppid:officer"],
        "action": "reveal",
        "record_kind": "request",
        "record_id": "0001/PPID/2026",
        "fields": ["nik", "phone"],
        "reason": "verifikasi",
        "detail": "",
        "request_id": "",
    }
    this_month = client.get("/api/probe/privacy/access-log", headers=dpo).get_json()
    assert this_month["count"] == 2


def test_the_csv_is_safe_to_open_in_a_spreadsheet(client, tokens):
    dpo = tokens.headers("privacy:officer")
    answer = client.get("/api/probe/privacy/access-log?from=2026-11-01&to=2026-12-31&format=csv", headers=dpo)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["at", "actor", "roles", "action"] and len(rows) == 4
    assert rows[1][0] == "2026-11-30T23:30:00+08:00"
    assert rows[3][7].startswith("'=")


def test_the_summary_counts_each_month_in_office_time(client, tokens):
    body = client.get("/api/probe/privacy/access-log/summary?year=2026", headers=tokens.headers("privacy:officer"))
    months = body.get_json()["months"]
    assert months[10] == {"month": 11, "total": 1, "by_action": {"export": 1}}
    assert months[11] == {"month": 12, "total": 2, "by_action": {"reveal": 2}}


@pytest.mark.parametrize("roles, status", [((), 401), (("ppid:officer", "admin"), 403)])
def test_nobody_else_reads_it_not_even_the_officer_who_looked(client, tokens, roles, status):
    headers = tokens.headers(*roles) if roles else {}
    assert client.get("/api/probe/privacy/access-log?from=zz", headers=headers).status_code == status


def test_a_window_backwards_or_too_long_is_refused_naming_the_field(client, tokens):
    dpo = tokens.headers("privacy:officer")
    backwards = client.get("/api/probe/privacy/access-log?from=2026-12-02&to=2026-12-01", headers=dpo)
    assert backwards.status_code == 422 and backwards.get_json()["errors"][0]["field"] == "to"
    long = client.get("/api/probe/privacy/access-log?from=2024-01-01&to=2026-12-01", headers=dpo)
    assert long.status_code == 422 and long.get_json()["errors"][0]["field"] == "to"
