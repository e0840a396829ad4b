"""A lost tracking code recovered by the contact given: new codes to the email on record, the same answer for all."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from ppid.domain import recovery as rules
from ppid.models import Request, mail_outbox


def submit(client, valid_request, **changes):
    response = client.post("/api/ppid/requests", json={**valid_request, **changes})
    assert response.status_code == 201, response.json
    return response.json


def recover(client, contact):
    started = time.monotonic()
    response = client.post("/api/ppid/requests/recover-code", json={"contact": contact})
    return response, time.monotonic() - started


def recovery_mails(app) -> list:
    with app.extensions["suite"].db.session() as session:
        subject = mail_outbox.c.subject == "Kode pelacakan baru permohonan informasi"
        return session.execute(select(mail_outbox.c.to_address, mail_outbox.c.body).where(subject)).all()


def track(client, receipt, code=None):
    body = {"registration_number": receipt["registration_number"], "tracking_code": code or receipt["tracking_code"]}
    return client.post("/api/ppid/track", json=body)


def test_recovery_mails_new_codes_to_the_email_on_record_and_the_old_ones_stop_working(app, client, valid_request):
    first, second = submit(client, valid_request), submit(client, valid_request)
    other = submit(client, valid_request, email="budi@example.id", phone="0813-1111-2222")

    answer, _ = recover(client, " SITI@example.id ")
    assert answer.status_code == 202 and answer.json == {"detail": rules.ANSWER}
    assert answer.headers["Cache-Control"].startswith("no-store")
    (mail,) = recovery_mails(app)
    assert mail.to_address == "siti@example.id" and "Kode lama tidak berlaku lagi" in mail.body
    codes = dict(re.findall(r"- (PPID-[\d-]+): kode pelacakan ([A-Z0-9]{10})", mail.body))
    assert set(codes) == {first["registration_number"], second["registration_number"]}, "nobody else's request"
    for receipt in (first, second):
        assert track(client, receipt).status_code == 404, "the old code stops working"
        renewed = track(client, receipt, codes[receipt["registration_number"]])
        assert renewed.status_code == 200
        assert "Kode pelacakan baru" in renewed.json["history"][-1]["note"]
    assert track(client, other).status_code == 200, "another requester's code is untouched"

    again, _ = recover(client, "siti@example.id")
    assert again.status_code == 202 and again.json == answer.json
    assert len(recovery_mails(app)) == 1, "within the cooldown nothing is renewed or sent again"


def test_the_answer_is_the_same_whether_or_not_a_request_has_the_contact(app, client, valid_request):
    phone_only = submit(client, valid_request, email=None, phone="0821-9999-0000")
    submit(client, valid_request)
    answers = {
        contact: recover(client, contact)
        for contact in ("tidak.ada@example.id", "0899-1234-5678", "0821 9999 0000", "+62 812 3456 7890")
    }
    assert {(a.status_code, a.get_data(as_text=True)) for a, _ in answers.values()} == {
        (202, answers["tidak.ada@example.id"][0].get_data(as_text=True))
    }
    assert all(took >= rules.FLOOR_SECONDS for _, took in answers.values()), "found or not, as long"
    (mail,) = recovery_mails(app)
    assert mail.to_address == "siti@example.id", "the phone of a request with an email: mailed to that email"
    assert track(client, phone_only).status_code == 200, "a phone-only requester is served at the desk"
    with app.extensions["suite"].db.session() as session:
        indexes = session.execute(select(Request.email_index, Request.phone_index)).all()
    assert all(len(value) == 64 and "0821" not in value for row in indexes for value in row if value)


def test_a_contact_that_is_neither_an_email_nor_a_phone_is_refused_in_indonesian(client):
    for contact in ("", "bukan kontak", "siti@"):
        refused = client.post("/api/ppid/requests/recover-code", json={"contact": contact})
        assert refused.status_code == 422, contact
    page = client.post("/ppid/lacak/lupa-kode", data={"contact": "bukan kontak"})
    assert page.status_code == 422 and "Isi email atau nomor telepon" in page.text


def test_the_page_answers_303_to_the_same_words(client, valid_request):
    submit(client, valid_request)
    for contact in ("siti@example.id", "orang.lain@example.id"):
        sent = client.post("/ppid/lacak/lupa-kode", data={"contact": contact})
        assert sent.status_code == 303 and sent.location.endswith("/ppid/lacak/lupa-kode/terkirim")
    shown = client.get("/ppid/lacak/lupa-kode/terkirim")
    assert "Bila ada permohonan dengan kontak ini" in shown.text and "meja layanan PPID" in shown.text
