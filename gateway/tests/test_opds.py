"""The office's OPD list: managed once by the admin at /admin/opd, offered as the accounts' choices, every change in
the audit log, and published whole (with a version) through the gateway's outbox and relay to RabbitMQ."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests
import sqlalchemy as sa

from chassis.testing import documented_event, watch
from gateway.models import messaging

ASYNCAPI = Path(__file__).parents[2] / "docs" / "asyncapi.yaml"


def signed_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    done = session.post(f"{base}/masuk", data={"username": username, "password": password}, allow_redirects=False)
    assert done.status_code == 303, done.text
    return session


def outbox(url: str) -> list[dict]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.select(messaging.outbox.c.payload).order_by(messaging.outbox.c.seq)).all()
    finally:
        engine.dispose()
    return [json.loads(r.payload) for r in rows]


def test_the_admin_keeps_the_opd_list_the_accounts_choose_from_it_and_each_change_is_published(
    start_gateway, admin_password, gateway_database
):
    base = start_gateway()
    admin = signed_in(base, "admin", admin_password)
    assert "Belum ada OPD" in admin.get(f"{base}/admin/opd").text
    assert '<input id="opd" name="opd"' in admin.get(f"{base}/admin").text, "typed while there is no list"

    bad = admin.post(f"{base}/admin/opd", data={"code": "Dinas Kesehatan!", "name": ""})
    assert bad.status_code == 422
    assert "Kode 2-64 huruf kecil" in bad.text and "Wajib diisi" in bad.text and 'id="ringkasan"' in bad.text
    for code, name in (("dinkes", "Dinas Kesehatan"), ("disdik", "Dinas Pendidikan")):
        done = admin.post(f"{base}/admin/opd", data={"code": code, "name": name}, allow_redirects=False)
        assert done.status_code == 303 and done.headers["Location"] == "/admin/opd?ok=opd-baru"
    taken = admin.post(f"{base}/admin/opd", data={"code": "dinkes", "name": "Lagi"})
    assert taken.status_code == 409 and "sudah dipakai" in taken.text
    admin.post(f"{base}/admin/opd/disdik/nama", data={"name": "Dinas Pendidikan dan Kebudayaan"})
    admin.post(f"{base}/admin/opd/disdik/status", data={"active": "0"})
    assert admin.post(f"{base}/admin/opd/tidakada/status", data={"active": "0"}).status_code == 404

    listing = admin.get(f"{base}/admin").text
    assert '<select id="opd" name="opd"' in listing and '<option value="dinkes">Dinas Kesehatan</option>' in listing
    assert 'value="disdik"' not in listing, "an inactive OPD is no longer offered"
    made = admin.post(
        f"{base}/admin/akun", data={"username": "petugas.b", "roles": ["ppid:opd_officer"], "opd": "disdik"}
    )
    assert made.status_code == 422 and "OPD tidak dikenal atau tidak aktif" in made.text
    made = admin.post(
        f"{base}/admin/akun", data={"username": "petugas.b", "roles": ["ppid:opd_officer"], "opd": "dinkes"}
    )
    assert made.status_code == 200
    token = requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": admin_password}).json()
    api = requests.patch(f"{base}/api/auth/accounts/petugas.b", json={"opd": "disdik"},
                         headers={"Authorization": f"Bearer {token['access_token']}"})  # fmt: skip
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "opd"
    assert "Dinas Kesehatan" in admin.get(f"{base}/admin").text.split('<h2 id="baru">')[0], "names, not codes"

    log = admin.get(f"{base}/admin").text.split('id="riwayat"')[1]
    for line in ("Menambah OPD", "Mengganti nama OPD", "Menonaktifkan OPD", "Membuat akun"):
        assert line in log, line
    assert re.search(r"<td>Mengganti nama OPD</td><td>disdik</td><td>Dinas Pendidikan -&gt; Dinas Pendidikan dan", log)

    events = [e for e in outbox(gateway_database) if e["type"] == "gateway.opds.changed.v1"]
    assert [e["data"]["version"] for e in events] == [1, 2, 3, 4], "one per change, the refused ones none"
    assert events[-1]["data"]["opds"] == [
        {"code": "dinkes", "name": "Dinas Kesehatan", "active": True},
        {"code": "disdik", "name": "Dinas Pendidikan dan Kebudayaan", "active": False},
    ]
    assert events[-1]["source"].endswith("/gateway")
    for event in events:
        documented_event(event["type"], ASYNCAPI).validate(event)


def test_the_gateway_worker_relays_the_list_to_rabbitmq_and_publishes_it_again_when_it_starts(
    start_gateway, settings_for, admin_password, amqp_url, events_prefix
):
    from chassis.db import Database
    from chassis.relay import Relay
    from gateway import opds

    base = start_gateway()
    admin = signed_in(base, "admin", admin_password)
    settings = settings_for(amqp_url=amqp_url, events_prefix=events_prefix)
    db = Database(settings.resolved_database_url())
    try:
        with watch(amqp_url, events_prefix, "opds", "gateway.opds.#") as seen:
            admin.post(f"{base}/admin/opd", data={"code": "dinkes", "name": "Dinas Kesehatan"})
            relay = Relay(settings, db, messaging)
            assert relay.publish_pending() == 1
            assert opds.publish_current(db, settings.source) == 2, "a worker's start sends the list again"
            assert relay.publish_pending() == 1
            relay._close()
            got = seen.drain()
        assert [e["type"] for e in got] == ["gateway.opds.changed.v1"] * 2
        assert [e["data"]["version"] for e in got] == [1, 2]
        assert got[1]["data"]["opds"] == [{"code": "dinkes", "name": "Dinas Kesehatan", "active": True}]
    finally:
        db.dispose()
