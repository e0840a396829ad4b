"""Mail to the requester and the PPID, through a real local SMTP server; queued with the change, sent by the worker."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chassis import mail
from chassis.testing import service_app, test_settings
from ppid import create_app, jobs
from ppid.models import mail_outbox
from ppid.settings import from_env


@pytest.fixture
def mail_app(ppid_database, tokens, smtp_server):
    port, _inbox = smtp_server
    settings = test_settings(
        from_env,
        ppid_database,
        tokens,
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="PPID Kotamobagu <ppid@kotamobagu.example.id>",
        ppid_officer_email="ppid@kotamobagu.example.id",
        org_name="Diskominfo Kota Kotamobagu",
    )
    with service_app(create_app, settings) as app:
        yield app


def send(app) -> int:
    with app.app_context():
        return mail.job(mail_outbox)()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_requester_is_told_of_registration_extension_and_decision(mail_app, smtp_server, officer, valid_request):
    _port, inbox = smtp_server
    client = mail_app.test_client()
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    assert send(mail_app) == 1
    (first,) = inbox.to("siti@example.id")
    assert number in first["Subject"] and first["From"] == "PPID Kotamobagu <ppid@kotamobagu.example.id>"
    text = body(first)
    assert receipt["tracking_code"] in text and "Yth. Siti Aminah" in text
    assert valid_request["nik"] not in text, "the NIK never travels by mail"

    for action, payload in (("extend", {"reason": "Arsip di gudang"}), ("examine", {}),
                            ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):  # fmt: skip
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=payload, headers=officer).status_code == 200
    assert send(mail_app) == 2
    subjects = [m["Subject"] for m in inbox.to("siti@example.id")]
    assert subjects[1:] == [f"[{number}] Perpanjangan waktu", f"[{number}] Keputusan: Diterima seluruhnya"]
    assert "Arsip di gudang" in body(inbox.to("siti@example.id")[1])
    assert send(mail_app) == 0, "each message goes once"


def test_no_email_address_no_mail_and_a_lapsed_deadline_alerts_the_ppid(mail_app, smtp_server, officer, valid_request):
    _port, inbox = smtp_server
    client = mail_app.test_client()
    received_at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
    late = client.post("/api/ppid/requests", json={**valid_request, "email": None, "channel": "letter",
                                                   "received_at": received_at}, headers=officer).json  # fmt: skip
    with mail_app.app_context():
        assert jobs.sweep()["overdue"] == 1
    assert send(mail_app) == 1
    (alarm,) = inbox.to("ppid@kotamobagu.example.id")
    assert late["registration_number"] in alarm["Subject"] and "terlewati" in alarm["Subject"]


def test_mail_waits_while_the_smtp_server_is_down(ppid_database, tokens, valid_request):
    from chassis.testing import free_port

    settings = test_settings(from_env, ppid_database, tokens, smtp_host="127.0.0.1", smtp_port=free_port())
    with service_app(create_app, settings) as app:
        assert app.test_client().post("/api/ppid/requests", json=valid_request).status_code == 201
        assert send(app) == 0
        with app.extensions["suite"].db.session() as session:
            (row,) = session.execute(select(mail_outbox)).all()
        assert row.sent_at is None and row.to_address == "siti@example.id"
