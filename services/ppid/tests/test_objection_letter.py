"""The superior's answer to an objection as a letter: officers download it from the console, the requester from the
tracking page, once it is answered; dated in the office's zone."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from chassis.auth import Principal
from chassis.formats import date_id
from chassis.messaging import UnitOfWork
from chassis.testing import service_app, test_settings
from ppid import create_app
from ppid.context import Context
from ppid.domain.calendar import WorkingCalendar
from ppid.settings import from_env
from ppid.use_cases import objections

SUPERIOR = {
    "ppid_superior_name": "Ir. Maria Lumowa, M.T.",
    "ppid_superior_nip": "197205152000032004",
    "ppid_superior_position": "Sekretaris Daerah",
}


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def office_app(ppid_database, tokens):
    with service_app(create_app, test_settings(from_env, ppid_database, tokens, **SUPERIOR)) as app:
        yield app


def objected(client, officer, valid_request) -> tuple[dict, str]:
    receipt = client.post("/api/ppid/requests", json=valid_request).json
    number = receipt["registration_number"]
    for action, body in (("examine", {}), ("draft_notice", {"decision": "not_held"}), ("sign_notice", {})):
        assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200
    query = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    filed = client.post("/api/ppid/objections", json={**query, "grounds": ["e"], "reason": "Dokumennya ada."})
    assert filed.status_code == 201, filed.json
    return query, filed.json["number"]


def test_the_answer_letter_is_there_once_answered_for_officers_and_the_requester(
    office_app, tokens, officer, superior, opd_officer, valid_request
):
    client = office_app.test_client()
    query, number = objected(client, officer, valid_request)
    asked = {**query, "objection_number": number}
    assert client.get(f"/api/ppid/objections/{number}/answer.pdf", headers=officer).status_code == 409
    assert client.post("/api/ppid/track/objection-answer.pdf", json=asked).status_code == 409
    waiting = client.post("/ppid/lacak/keberatan/tanggapan", data=asked)
    assert waiting.status_code == 409 and "belum ditanggapi" in waiting.text and 'id="status"' in waiting.text

    answer = {"outcome": "upheld", "answer": "PPID diminta memberikan dokumen dalam 5 hari kerja."}
    assert client.post(f"/api/ppid/objections/{number}/decide", json=answer, headers=superior).status_code == 200
    staff = client.get(f"/api/ppid/objections/{number}/answer.pdf", headers=officer)
    assert staff.status_code == 200 and staff.mimetype == "application/pdf"
    text = text_of(staff.data)
    assert "TANGGAPAN ATASAN PPID ATAS KEBERATAN" in text and number in text and query["registration_number"] in text
    assert "PPID diminta memberikan dokumen dalam 5 hari kerja." in text
    assert "Ir. Maria Lumowa, M.T. NIP. 19720515 200003 2 004" in text and "atasan.ppid" not in text
    assert valid_request["nik"] not in text and query["tracking_code"] not in text

    mine = client.post("/api/ppid/track/objection-answer.pdf", json=asked)
    assert mine.status_code == 200 and text_of(mine.data) == text
    page = client.post("/ppid/lacak/keberatan/tanggapan", data=asked)
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    wrong = {**asked, "tracking_code": "SALAH12345"}
    assert client.post("/api/ppid/track/objection-answer.pdf", json=wrong).status_code == 404
    assert client.post("/ppid/lacak/keberatan/tanggapan", data=wrong).status_code == 404
    other = {**asked, "objection_number": "KEB-7174-2026-99999"}
    assert client.post("/api/ppid/track/objection-answer.pdf", json=other).status_code == 404

    dinkes = opd_officer("dinkes")
    assert client.get(f"/api/ppid/objections/{number}/answer.pdf", headers=dinkes).status_code == 403
    console = client.get("/ppid/petugas/keberatan", headers=superior)
    assert f"/api/ppid/objections/{number}/answer.pdf" in console.text
    status = client.post("/ppid/lacak", data=query)
    assert f"Unduh surat tanggapan {number} (PDF)" in status.text


def test_the_answer_letter_is_dated_on_the_office_s_day(office_app, officer, valid_request):
    client = office_app.test_client()
    _, number = objected(client, officer, valid_request)
    suite = office_app.extensions["suite"]
    superior = Principal("atasan.ppid", frozenset({"ppid:superior"}))
    # 17.30 UTC is already 00.30 of the next day in Jakarta (WIB): the letter says the next day.
    late = dt.datetime.now(dt.UTC).replace(hour=17, minute=30, second=0, microsecond=0)
    ctx = Context.of(WorkingCalendar(), suite.settings, superior, clock=lambda: late)
    with UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
        objections.decide_objection(uow, ctx, number, {"outcome": "rejected", "answer": "x"})
    letter = client.get(f"/api/ppid/objections/{number}/answer.pdf", headers=officer)
    wib_day = (late + dt.timedelta(hours=7)).date()
    assert wib_day != late.date() and date_id(wib_day) in text_of(letter.data)
