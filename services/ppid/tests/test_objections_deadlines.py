"""Objections to the end of the law's flow (Pasal 36-37 UU 14/2008), deadlines that follow the calendar, the
completeness window, and the obstacles of the yearly report."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from chassis.testing import outbox_events as events
from ppid.domain.calendar import WorkingCalendar
from ppid.models import Objection, Request

CALENDAR = WorkingCalendar()


def submit(client, valid_request, **extra) -> dict:
    response = client.post("/api/ppid/requests", json={**valid_request, **extra})
    assert response.status_code == 201, response.json
    return response.json


def act(client, headers, number, action, expect=200, **body):
    response = client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=headers)
    assert response.status_code == expect, response.json
    return response.json


def refused_request(client, officer, valid_request) -> dict:
    receipt = submit(client, valid_request)
    number = receipt["registration_number"]
    act(client, officer, number, "examine")
    act(client, officer, number, "draft_notice", decision="refused", refusal_grounds=["h"],
        consequence_test="Rahasia pribadi pihak ketiga.")  # fmt: skip
    act(client, officer, number, "sign_notice")
    return receipt


def file_objection(client, receipt) -> dict:
    body = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    filed = client.post("/api/ppid/objections", json={**body, "grounds": ["a"], "reason": "Penolakan tanpa dasar"})
    assert filed.status_code == 201, filed.json
    return filed.json


def set_objection(app, number, **values):
    with app.extensions["suite"].db.session() as session:
        session.execute(update(Objection).where(Objection.number == number).values(**values))
        session.commit()


def working_days_ago(n: int) -> dt.date:
    day, left = CALENDAR.today(), n
    while left:
        day -= dt.timedelta(days=1)
        left -= CALENDAR.is_working_day(day)
    return day


def test_a_superior_who_misses_the_answer_deadline_is_flagged_once_and_the_dispute_window_opens_from_the_lapse(
    app, client, officer, superior, valid_request
):
    from ppid import jobs

    receipt = refused_request(client, officer, valid_request)
    objection = file_objection(client, receipt)
    filed_on = working_days_ago(32)
    lapse = CALENDAR.add_working_days(filed_on, 30)
    set_objection(app, objection["number"], filed_on=filed_on, due_date=lapse)
    with app.app_context():
        assert jobs.sweep()["objections_overdue"] == 1
        assert jobs.sweep()["objections_overdue"] == 0, "flagged once"
    (event,) = events(app, "ppid.objection.overdue.v1")
    assert event["data"]["number"] == objection["number"] and event["data"]["days_late"] == 2
    (listed,) = client.get("/api/ppid/objections", headers=superior).json["items"]
    assert listed["overdue"] is True
    assert listed["dispute_due"] == CALENDAR.add_working_days(lapse, 14).isoformat(), "Pasal 37 ayat 2: from the lapse"
    page = client.get("/ppid/petugas/keberatan", headers=superior)
    assert "Batas tanggapan atasan PPID terlewati" in page.text and "Catat sengketa" in page.text
    deadlines = client.get("/api/ppid/deadlines", query_string={"within": 0}, headers=officer).json
    assert deadlines["objections"][0]["overdue"] is True
    status_page = client.post("/ppid/lacak", data={k: receipt[k] for k in ("registration_number", "tracking_code")})
    assert "mengajukan sengketa informasi ke Komisi Informasi" in status_page.text, "the requester is told too"


def test_a_dispute_filed_outside_the_fourteen_working_days_is_refused_with_the_rule(
    app, client, officer, superior, valid_request
):
    objection = file_objection(client, refused_request(client, officer, valid_request))
    number = objection["number"]
    early = client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": CALENDAR.today().isoformat()},
                        headers=officer)  # fmt: skip
    assert early.status_code == 422 and early.json["errors"][0]["field"] == "filed_on", (
        "no dispute while the superior may still answer in time"
    )
    answered = client.post(f"/api/ppid/objections/{number}/decide", json={"outcome": "rejected", "answer": "Sah."},
                           headers=superior)  # fmt: skip
    assert answered.status_code == 200
    answered_on = working_days_ago(20)
    set_objection(app, number, answered_on=answered_on,
                  dispute_due=CALENDAR.add_working_days(answered_on, 14))  # fmt: skip
    late = client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": CALENDAR.today().isoformat()},
                       headers=officer)  # fmt: skip
    assert late.status_code == 422, late.json
    assert late.json["errors"][0]["field"] == "filed_on" and "Pasal 37 ayat 2" in late.json["rule"]
    in_time = CALENDAR.add_working_days(answered_on, 14).isoformat()
    recorded = client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": in_time}, headers=officer)
    assert recorded.status_code == 200 and recorded.json["dispute_filed_on"] == in_time


def test_the_komisi_informasi_outcome_is_recorded_and_counted_in_the_yearly_report(
    app, client, officer, superior, valid_request
):
    objection = file_objection(client, refused_request(client, officer, valid_request))
    number, today = objection["number"], CALENDAR.today().isoformat()
    outcome_url = f"/api/ppid/objections/{number}/dispute/outcome"
    early = client.post(outcome_url, json={"outcome": "granted", "decided_on": today, "decision_number": "1"},
                        headers=officer)  # fmt: skip
    assert early.status_code == 409, "no outcome without a dispute"
    client.post(f"/api/ppid/objections/{number}/decide", json={"outcome": "rejected", "answer": "Sah."},
                headers=superior)  # fmt: skip
    assert client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": today},
                       headers=officer).status_code == 200  # fmt: skip
    bad = client.post(outcome_url, json={"outcome": "menang", "decided_on": today}, headers=officer)
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"outcome", "decision_number"}
    failed = client.post(
        outcome_url,
        headers=officer,
        json={"outcome": "mediation_failed", "decided_on": today, "decision_number": "12/M/KI"},
    )
    assert failed.status_code == 200 and failed.json["dispute_outcome_label"].startswith("Mediasi gagal")
    page = client.post(
        f"/ppid/petugas/keberatan/{number}/outcome",
        headers=superior,
        data={"outcome": "partly_granted", "decided_on": today, "decision_number": "7/PTS/KI/2026"},
    )
    assert page.status_code == 303, page.text
    again = client.post(
        outcome_url, headers=officer, json={"outcome": "mediation_reached", "decided_on": today, "decision_number": "x"}
    )
    assert again.status_code == 409 and "Perki 1/2013" in again.json["rule"]
    detail = client.get(f"/api/ppid/requests/{objection['registration_number']}", headers=officer).json
    assert detail["objections"][0]["dispute_decision_number"] == "7/PTS/KI/2026"
    assert detail["history"][-1]["action"] == "dispute_outcome"
    figures = client.get("/api/ppid/reports/yearly", query_string={"year": CALENDAR.today().year},
                         headers=superior).json  # fmt: skip
    assert figures["disputes"] == 1 and figures["dispute_outcomes"]["partly_granted"] == 1
    assert figures["dispute_outcomes"]["pending"] == 0
    assert [e["data"]["outcome"] for e in events(app, "ppid.dispute.decided.v1")] == ["mediation_failed",
                                                                                   "partly_granted"]  # fmt: skip
    report_page = client.get("/ppid/petugas/laporan", headers=superior)
    assert "Putusan ajudikasi: dikabulkan sebagian" in report_page.text


def test_a_closed_day_moves_every_deadline_that_depends_on_the_calendar_each_with_its_audit_entry(
    app, client, officer, superior, opd_officer, valid_request
):
    incomplete = submit(client, valid_request)["registration_number"]
    act(client, officer, incomplete, "mark_incomplete", missing="Tujuan penggunaan")
    disposed = submit(client, valid_request)["registration_number"]
    act(client, officer, disposed, "dispose", opds=["dinkes"])
    objected = file_objection(client, refused_request(client, officer, valid_request))
    answered = file_objection(client, refused_request(client, officer, valid_request))
    client.post(f"/api/ppid/objections/{answered['number']}/decide", json={"outcome": "rejected", "answer": "Sah."},
                headers=superior)  # fmt: skip

    def stored():
        with app.extensions["suite"].db.session() as session:
            requests = {r.registration_number: r for r in session.scalars(select(Request))}
            objections = {o.number: o for o in session.scalars(select(Objection))}
            return {
                "completion": requests[incomplete].completion_due,
                "opd": session.get(Request, requests[disposed].id).dispositions[0].due_date,
                "objection_answer": objections[objected["number"]].due_date,
                "dispute": objections[answered["number"]].dispute_due,
            }

    before = stored()
    day = CALENDAR.add_working_days(CALENDAR.today(), 2)
    preview = client.post("/api/ppid/closed-days", json={"day": day.isoformat(), "reason": "Banjir"}, headers=officer)
    kinds = {m["kind"] for m in preview.json["moved"]}
    assert {"completion", "opd", "objection_answer", "dispute", "notice"} <= kinds, preview.json
    assert stored() == before, "a preview moves nothing"
    client.post("/api/ppid/closed-days", json={"day": day.isoformat(), "reason": "Banjir", "apply": True},
                headers=officer)  # fmt: skip
    after = stored()
    for kind, due in before.items():
        assert CALENDAR.working_days_between(due, after[kind]) == 1, kind
    detail = client.get(f"/api/ppid/requests/{answered['registration_number']}", headers=officer).json
    assert detail["history"][-1]["action"] == "calendar" and "pengajuan sengketa" in detail["history"][-1]["note"]
    opd_log = client.get(f"/api/ppid/requests/{disposed}", headers=officer).json["history"]
    assert any("jawaban OPD dinkes" in (e["note"] or "") and "Banjir" in e["note"] for e in opd_log)

    reopened = client.post("/api/ppid/closed-days/reopen", json={"day": day.isoformat(), "apply": True},
                           headers=officer)  # fmt: skip
    assert reopened.status_code == 200 and reopened.json["moved"]
    assert stored() == before, "a closed day that is a working day again moves them back"
    assert (
        client.post("/api/ppid/closed-days/reopen", json={"day": day.isoformat()}, headers=officer).status_code == 404
    )


def test_a_returned_request_not_completed_in_time_is_closed_by_the_sweep(app, client, officer, valid_request):
    from ppid import jobs

    receipt = submit(client, valid_request)
    number = receipt["registration_number"]
    act(client, officer, number, "mark_incomplete", missing="Rincian informasi")
    with app.extensions["suite"].db.session() as session:
        session.execute(update(Request).where(Request.registration_number == number)
                        .values(completion_due=CALENDAR.today() - dt.timedelta(days=1)))  # fmt: skip
        session.commit()
    with app.app_context():
        assert jobs.sweep()["closed"] == 1
    tracked = client.post("/api/ppid/track", json={k: receipt[k] for k in ("registration_number", "tracking_code")})
    assert tracked.json["status"] == "closed"
    assert tracked.json["history"][-1]["note"] == "Ditutup karena tidak dilengkapi dalam batas waktu."


def test_a_late_completion_is_refused_with_409(app, client, officer, valid_request):
    receipt = submit(client, valid_request)
    number = receipt["registration_number"]
    act(client, officer, number, "mark_incomplete", missing="Rincian informasi")
    with app.extensions["suite"].db.session() as session:
        session.execute(update(Request).where(Request.registration_number == number)
                        .values(completion_due=CALENDAR.today() - dt.timedelta(days=1)))  # fmt: skip
        session.commit()
    late = client.post("/api/ppid/track/complete", json={"registration_number": number,
                                                         "tracking_code": receipt["tracking_code"],
                                                         "information": "DPA Dinas Kesehatan 2026"})  # fmt: skip
    assert late.status_code == 409 and late.json["current_state"] == "incomplete"
    assert "sudah lewat" in late.json["detail"]


def test_completing_a_legal_entity_request_takes_its_legal_basis_not_a_nik(client, officer, valid_request):
    body = {**valid_request, "requester_type": "organisation", "nik": "Akta Notaris No. 12 Tahun 2019"}
    receipt = submit(client, body)
    number = receipt["registration_number"]
    act(client, officer, number, "mark_incomplete", missing="Dasar hukum badan hukum terbaru")
    done = client.post("/api/ppid/track/complete", json={"registration_number": number,
                                                         "tracking_code": receipt["tracking_code"],
                                                         "nik": "SK Kemenkumham AHU-0012345.AH.01.07"})  # fmt: skip
    assert done.status_code == 200, done.json
    person = submit(client, valid_request)
    act(client, officer, person["registration_number"], "mark_incomplete", missing="NIK")
    wrong = client.post(
        "/api/ppid/track/complete",
        json={
            "registration_number": person["registration_number"],
            "tracking_code": person["tracking_code"],
            "nik": "123",
        },
    )
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "nik"


def test_officers_record_the_years_obstacles_and_the_yearly_report_carries_them(client, officer, superior, opd_officer):
    year = CALENDAR.today().year
    body = {"year": year, "obstacle": "Arsip dinas belum terdigitalisasi", "cause": "Anggaran pemindaian terbatas"}
    created = client.post("/api/ppid/reports/obstacles", json=body, headers=officer)
    assert created.status_code == 201, created.json
    assert client.post("/api/ppid/reports/obstacles", json=body, headers=superior).status_code == 403
    bad = client.post("/api/ppid/reports/obstacles", json={"year": 0, "obstacle": "", "cause": "x"}, headers=officer)
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"year", "obstacle"}
    page = client.post(
        "/ppid/petugas/laporan/hambatan",
        headers=officer,
        data={"year": year, "obstacle": "Jaringan internet OPD sering putus", "cause": "Infrastruktur"},
    )
    assert page.status_code == 303
    figures = client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=superior).json
    assert figures["obstacles"] == [
        {"obstacle": "Arsip dinas belum terdigitalisasi", "cause": "Anggaran pemindaian terbatas"},
        {"obstacle": "Jaringan internet OPD sering putus", "cause": "Infrastruktur"},
    ]
    shown = client.get("/ppid/petugas/laporan", query_string={"year": year}, headers=officer)
    assert "Anggaran pemindaian terbatas" in shown.text
    listed = client.get("/api/ppid/reports/obstacles", query_string={"year": year}, headers=superior).json["items"]
    assert client.delete(f"/api/ppid/reports/obstacles/{listed[0]['id']}", headers=officer).status_code == 204
    assert len(client.get("/api/ppid/reports/obstacles", query_string={"year": year},
                          headers=superior).json["items"]) == 1  # fmt: skip
    assert client.get("/api/ppid/reports/yearly", query_string={"year": year},
                      headers=opd_officer("dinkes")).json.get("obstacles") is None  # fmt: skip


def test_officers_are_told_when_next_years_joint_leave_days_are_not_known_yet(app, client, officer, monkeypatch):
    from ppid.domain import calendar

    ready = client.get("/readyz").json
    assert (
        ready["details"]["calendar"] == "ok"
        and "calendar-warning" not in client.get("/ppid/petugas", headers=officer).text
    )
    monkeypatch.setattr(calendar, "joint_leave_known", lambda year: year <= CALENDAR.today().year)
    unknown = client.get("/readyz")
    assert unknown.status_code == 200 and unknown.json["status"] == "ready", "not a reason to leave the rotation"
    assert f"Cuti bersama tahun {CALENDAR.today().year + 1}" in unknown.json["details"]["calendar"]
    assert "calendar-warning" in client.get("/ppid/petugas", headers=officer).text


def test_the_installed_holidays_release_knows_this_year_and_the_next():
    year = CALENDAR.today().year
    assert CALENDAR.joint_leave_known(year) and CALENDAR.joint_leave_known(year + 1)
