"""Data-subject requests (UU 27/2022): filing with number and code, the 3 x 24 hour clock, the DPO's answers.

Until migration 0012 (the access log) lands, these tests run on a private copy of the migrations with 0013 on top
of the last one, and register the privacy blueprint themselves.
"""

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select

import ppid.privacy_records  # noqa: F401  (the table on Base.metadata)
import ppid.web.privacy  # noqa: F401  (the pages, on the ppid_pages blueprint)
from chassis.testing import service_fixtures
from ppid import MIGRATIONS, create_app
from ppid.api import privacy as privacy_api
from ppid.models import mail_outbox
from ppid.settings import from_env

PENDING = MIGRATIONS / "0013_privacy_requests.py.pending"


def _migrations() -> Path:
    if not PENDING.exists():
        return MIGRATIONS
    here = Path(tempfile.mkdtemp()) / "migrations"
    shutil.copytree(MIGRATIONS, here, ignore=shutil.ignore_patterns("__pycache__"))
    text = PENDING.read_text()
    if not (MIGRATIONS / "versions" / "0012_access_log.py").exists() and not any(
        p.name.startswith("0012") for p in (MIGRATIONS / "versions").iterdir()
    ):
        text = text.replace('down_revision = "0012"', 'down_revision = "0011"')
    (here / "versions" / "0013_privacy_requests.py").write_text(text)
    return here


def _create_app(settings=None):
    app = create_app(settings)
    if "privacy" not in app.blueprints:
        app.extensions["suite"].api.register_blueprint(privacy_api.blp)
    return app


database, app_with, app, client, _s3, _prefix = service_fixtures("ppid_privacy", _create_app, from_env, _migrations())


@pytest.fixture
def dpo(tokens):
    return tokens.headers("privacy:officer", username="pejabat.pdp")


@pytest.fixture
def filed(client, valid_request):
    def make(kind="copy", **changes):
        receipt = client.post("/api/ppid/requests", json={**valid_request, **changes}).json
        body = {
            "registration_number": receipt["registration_number"],
            "tracking_code": receipt["tracking_code"],
            "kind": kind,
            "detail": "Mohon diproses",
        }
        response = client.post("/api/ppid/privacy/requests", json=body)
        assert response.status_code == 201, response.json
        return response.json

    return make


def mails(app):
    with app.extensions["suite"].db.session() as session:
        return session.execute(select(mail_outbox.c.to_address, mail_outbox.c.subject, mail_outbox.c.body)).all()


def test_filing_answers_a_number_and_a_clock_of_72_hours_and_no_personal_data(filed):
    body = filed("copy")
    year = dt.datetime.fromisoformat(body["filed_at"]).year
    assert body["number"] == f"PDP/{year}/000001"
    filed_at, due_at = dt.datetime.fromisoformat(body["filed_at"]), dt.datetime.fromisoformat(body["due_at"])
    assert due_at - filed_at == dt.timedelta(hours=72)
    assert due_at.utcoffset() == dt.timedelta(hours=7)  # the office's zone (WIB)
    assert "Siti" not in json.dumps(body) and "7174014507900002" not in json.dumps(body)


def test_wrong_number_and_wrong_code_get_the_same_answer(client, valid_request):
    good = client.post("/api/ppid/requests", json=valid_request).json["registration_number"]
    answers = []
    for number, code in (("PPID-7174-2026-99999", "ABCDEFGHJK"), (good, "ABCDEFGHJK")):
        r = client.post(
            "/api/ppid/privacy/requests",
            json={"registration_number": number, "tracking_code": code, "kind": "copy", "detail": ""},
        )
        answers.append((r.status_code, r.json.get("detail")))
    assert answers[0] == answers[1] and answers[0][0] == 404


def test_a_missing_kind_is_named_in_bahasa_indonesia(client):
    r = client.post("/api/ppid/privacy/requests", json={"registration_number": "X", "tracking_code": "Y"})
    assert r.status_code == 422
    assert "kind" in json.dumps(r.json)


def test_restriction_is_applied_at_filing_and_due_within_72_hours(filed):
    body = filed("restrict")
    assert body["restricted"] is True
    assert dt.datetime.fromisoformat(body["due_at"]) - dt.datetime.fromisoformat(body["filed_at"]) <= dt.timedelta(
        hours=72
    )


def test_the_copy_goes_to_the_contact_on_record_with_only_that_persons_data(app, client, dpo, filed):
    filed("copy", name="Budi Santoso", email="budi@example.id", nik="7174010101800001")
    mine = filed("copy")
    r = client.post(f"/api/ppid/privacy/requests/{mine['number']}/answer", json={}, headers=dpo)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "answered"
    copies = [m for m in mails(app) if "Salinan data pribadi" in m.subject]
    assert [m.to_address for m in copies] == ["siti@example.id"]
    assert "Siti Aminah" in copies[0].body and "Budi" not in copies[0].body


def test_ppid_officer_reads_but_does_not_answer(client, officer, filed):
    body = filed("copy")
    assert client.get(f"/api/ppid/privacy/requests/{body['number']}", headers=officer).status_code == 200
    listed = client.get("/api/ppid/privacy/requests?status=received", headers=officer).json["items"]
    assert [i["number"] for i in listed] == [body["number"]]
    assert (
        client.post(f"/api/ppid/privacy/requests/{body['number']}/answer", json={}, headers=officer).status_code == 403
    )


def test_correction_changes_the_named_fields(client, dpo, officer, filed):
    body = filed("correct")
    r = client.post(
        f"/api/ppid/privacy/requests/{body['number']}/answer",
        json={"corrections": {"address": "Jl. Baru No. 1"}},
        headers=dpo,
    )
    assert r.status_code == 200, r.json
    assert r.json["outcome"]["fields"] == ["address"]


def test_erasing_an_open_request_restricts_instead(client, dpo, filed):
    body = filed("erase")
    r = client.post(f"/api/ppid/privacy/requests/{body['number']}/answer", json={}, headers=dpo)
    assert r.status_code == 200, r.json
    assert r.json["restricted"] is True and r.json["outcome"]["restricted_instead"] is True


def test_answering_twice_is_a_conflict(client, dpo, filed):
    body = filed("restrict")
    url = f"/api/ppid/privacy/requests/{body['number']}/answer"
    assert client.post(url, json={}, headers=dpo).status_code == 200
    assert client.post(url, json={}, headers=dpo).status_code == 409


def test_citizen_form_redirects_to_a_receipt_with_number_and_due_time(client, valid_request):
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    assert client.get("/ppid/privasi/permintaan").status_code == 200
    form = {
        "registration_number": receipt["registration_number"],
        "tracking_code": receipt["tracking_code"],
        "kind": "restrict",
        "detail": "",
    }
    posted = client.post("/ppid/privasi/permintaan", data=form)
    assert posted.status_code == 303
    page = client.get(posted.headers["Location"])
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "PDP/" in text and "Siti" not in text


def test_citizen_form_names_the_missing_choice(client):
    page = client.post("/ppid/privasi/permintaan", data={"registration_number": "X", "tracking_code": "Y"})
    assert page.status_code == 422
    assert "Jenis permintaan" in page.get_data(as_text=True)


def test_dpo_console_lists_and_answers(client, dpo, filed):
    body = filed("copy")
    console = client.get("/ppid/petugas/privasi", headers=dpo)
    assert console.status_code == 200 and body["number"] in console.get_data(as_text=True)
    detail = client.get(f"/ppid/petugas/privasi/{body['number']}", headers=dpo)
    assert detail.status_code == 200 and "Jawab dan laksanakan" in detail.get_data(as_text=True)
    done = client.post(f"/ppid/petugas/privasi/{body['number']}/answer", data={"answer": ""}, headers=dpo)
    assert done.status_code == 303
    after = client.get(done.headers["Location"], headers=dpo).get_data(as_text=True)
    assert "Dijawab" in after


def test_refusing_without_a_reason_is_shown_on_the_page(client, dpo, filed):
    body = filed("erase")
    page = client.post(f"/ppid/petugas/privasi/{body['number']}/refuse", data={"answer": " "}, headers=dpo)
    assert page.status_code == 422
    assert "alasan penolakan" in page.get_data(as_text=True)


def test_the_copy_as_json_and_pdf_holds_only_that_persons_data(client, dpo, filed):
    filed("copy", name="Budi Santoso", email="budi@example.id", nik="7174010101800001")
    mine = filed("copy")
    as_json = client.get(f"/api/ppid/privacy/requests/{mine['number']}/copy.json", headers=dpo)
    assert as_json.status_code == 200
    text = as_json.get_data(as_text=True)
    assert "Siti Aminah" in text and "Budi" not in text and "7174010101800001" not in text
    pdf = client.get(f"/api/ppid/privacy/requests/{mine['number']}/copy.pdf", headers=dpo)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_copy_is_only_for_copy_requests(client, dpo, filed):
    body = filed("restrict")
    assert client.get(f"/api/ppid/privacy/requests/{body['number']}/copy.json", headers=dpo).status_code == 409


def _settle(app, registration_number, decided_on):
    """Arrange: the PPID request was delivered on ``decided_on`` (the workflow itself is tested elsewhere)."""
    from ppid.models import Request

    with app.extensions["suite"].db.session() as session:
        request = session.scalars(select(Request).where(Request.registration_number == registration_number)).one()
        request.status, request.decided_on, request.decision = "delivered", decided_on, "granted"
        session.commit()


@pytest.mark.parametrize(
    ("days_ago", "erased"), [(5, False), (120, True)], ids=["within-objection-window", "window-passed"]
)
def test_erasure_waits_for_the_objection_window_then_erases_keeping_the_counted_columns(
    app, client, dpo, valid_request, days_ago, erased
):
    from ppid.models import Request

    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    _settle(app, number, dt.date.today() - dt.timedelta(days=days_ago))
    body = {"registration_number": number, "tracking_code": receipt["tracking_code"], "kind": "erase", "detail": ""}
    filed = client.post("/api/ppid/privacy/requests", json=body).json
    answered = client.post(f"/api/ppid/privacy/requests/{filed['number']}/answer", json={}, headers=dpo).json
    assert answered["restricted"] is (not erased)
    with app.extensions["suite"].db.session() as session:
        request = session.scalars(select(Request).where(Request.registration_number == number)).one()
        assert (request.nik != valid_request["nik"]) is erased
        assert request.received_on.isoformat() == receipt["received_on"] and request.status == "delivered"


def test_a_restriction_is_visible_to_the_reveal_at_once(app, client, valid_request):
    from ppid.models import Request
    from ppid.use_cases.privacy import is_restricted

    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    with app.extensions["suite"].db.session() as session:
        request_id = session.scalars(select(Request.id).where(Request.registration_number == number)).one()
        assert not is_restricted(session, request_id)
    body = {"registration_number": number, "tracking_code": receipt["tracking_code"], "kind": "restrict", "detail": ""}
    assert client.post("/api/ppid/privacy/requests", json=body).status_code == 201
    with app.extensions["suite"].db.session() as session:
        assert is_restricted(session, request_id)
