"""Officers, OPD officers, the superior and the requester through the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
from pypdf import PdfReader

from chassis.testing import outbox_events as events
from ppid.domain.calendar import WorkingCalendar

PERSONAL = ("7174014507900002", "siti@example.id", "Jl. Adampe Dolot")


def submit(client, valid_request, headers=None, **extra):
    response = client.post("/api/ppid/requests", json={**valid_request, **extra}, headers=headers or {})
    assert response.status_code == 201, response.json
    return response.json


def act(client, headers, number, action, expect=200, **body):
    response = client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=headers)
    assert response.status_code == expect, response.json
    return response.json


def days_ago(n: int) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=n)).isoformat()


def test_an_officer_registers_a_letter_with_its_real_receipt_time(client, officer, valid_request, tokens):
    received_at = "2026-03-17T10:00:00+08:00"  # the Tuesday before Idul Fitri 2026 and its cuti bersama
    receipt = submit(client, valid_request, officer, channel="letter", received_at=received_at)
    calendar = WorkingCalendar()
    assert receipt["received_on"] == "2026-03-17"
    assert receipt["due_date"] == calendar.add_working_days(dt.date(2026, 3, 17), 10).isoformat()
    assert receipt["due_date"] > "2026-03-31", "the Lebaran holidays do not count"
    detail = client.get(f"/api/ppid/requests/{receipt['registration_number']}", headers=officer).json
    assert detail["channel"] == "letter" and detail["registered_by"] == "petugas.ppid"
    assert detail["nik"] == "7174 **** **** 0002", "officers of the office see the personal data masked"

    public = client.post("/api/ppid/requests", json={**valid_request, "channel": "letter"})
    assert public.status_code == 422 and public.json["errors"][0]["field"] == "channel"
    editor = client.post(
        "/api/ppid/requests", json={**valid_request, "channel": "letter"}, headers=tokens.headers("newsroom:editor")
    )
    assert editor.status_code == 403
    future = client.post("/api/ppid/requests", json={**valid_request, "received_at": "2099-01-01T00:00:00+07:00"},
                         headers=officer)  # fmt: skip
    assert future.status_code == 422 and future.json["errors"][0]["field"] == "received_at"
    naive = client.post("/api/ppid/requests", json={**valid_request, "received_at": "2026-03-17T10:00:00"},
                        headers=officer)  # fmt: skip
    assert naive.status_code == 422 and naive.json["errors"][0]["field"] == "received_at"
    honeypot = client.post("/api/ppid/requests", json={**valid_request, "website": "http://spam.example"})
    assert honeypot.status_code == 422


def test_disposition_to_two_opds_answer_notice_signature_and_delivery(
    app, client, officer, superior, opd_officer, valid_request
):
    receipt = submit(client, valid_request)
    number = receipt["registration_number"]
    dinkes, dishub, bappeda = opd_officer("dinkes"), opd_officer("dishub"), opd_officer("bappeda")
    assert client.get(f"/api/ppid/requests/{number}", headers=dinkes).status_code == 404, "not disposed to it yet"

    routed = act(client, officer, number, "dispose", opds=["dinkes", "dishub"], note="Mohon data DPA")
    assert routed["status"] == "disposed"
    assert {d["opd"] for d in routed["dispositions"]} == {"dinkes", "dishub"}
    assert all(d["due_date"] <= receipt["due_date"] for d in routed["dispositions"])
    assert client.get(f"/api/ppid/requests/{number}", headers=bappeda).status_code == 404
    assert client.get(f"/api/ppid/requests/{number}", headers=dinkes).json["nik"] is None, "an OPD never sees it"

    act(client, dinkes, number, "dispose", expect=403, opds=["dishub"])
    no_answer = act(client, dinkes, number, "answer", expect=422)
    assert no_answer["errors"][0]["field"] == "answer"
    assert act(client, dinkes, number, "answer", held=True, answer="DPA terlampir")["status"] == "disposed"
    act(client, dinkes, number, "answer", expect=409, answer="lagi")
    after = act(client, dishub, number, "answer", held=False, answer="Tidak ada di Dishub")
    assert after["status"] == "examining", "the PPID examines once every OPD has answered"

    missing_grounds = act(client, officer, number, "draft_notice", expect=422, decision="partly_granted")
    assert missing_grounds["errors"][0]["field"] == "refusal_grounds"
    missing_test = act(client, officer, number, "draft_notice", expect=422, decision="refused", refusal_grounds=["h"])
    assert missing_test["errors"][0]["field"] == "consequence_test"
    bad_ground = act(client, officer, number, "draft_notice", expect=422, decision="refused", refusal_grounds=["z"])
    assert bad_ground["errors"][0]["field"].startswith("refusal_grounds")
    drafted = act(client, officer, number, "draft_notice", decision="partly_granted", refusal_grounds=["h"],
                  consequence_test="Nama penerima bantuan adalah rahasia pribadi; dihitamkan.", fee=15000,
                  reasons="Sebagian memuat data pribadi penerima.", form="soft_copy")  # fmt: skip
    assert drafted["status"] == "notice_drafted"
    act(client, dinkes, number, "sign_notice", expect=403)
    returned = act(client, superior, number, "return_notice", note="Perbaiki uraian biaya")
    assert returned["status"] == "examining"
    act(client, officer, number, "draft_notice", decision="partly_granted", refusal_grounds=["h"],
        consequence_test="Nama penerima bantuan adalah rahasia pribadi; dihitamkan.", fee=15000)  # fmt: skip
    decided = act(client, officer, number, "sign_notice")
    assert decided["status"] == "decided" and decided["notice_number"] == f"{number}/PT"

    notice = client.get(f"/api/ppid/requests/{number}/notice.pdf", headers=officer)
    assert notice.status_code == 200 and notice.data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(notice.data)).pages).split())
    assert "Rp 15.000" in text and "rahasia pribadi" in text

    delivered = act(client, officer, number, "deliver", method="email")
    assert delivered["status"] == "delivered"
    refused = act(client, officer, number, "deliver", expect=409)
    assert refused["current_state"] == "delivered"
    actions = [h["action"] for h in delivered["history"]]
    assert actions == ["submit", "dispose", "answer", "answer", "collect", "draft_notice", "return_notice",
                       "draft_notice", "sign_notice", "deliver"]  # fmt: skip

    tracked = client.post("/api/ppid/track", json={"registration_number": number,
                                                   "tracking_code": receipt["tracking_code"]}).json  # fmt: skip
    assert tracked["decision"] == "partly_granted" and tracked["decision_label"] == "Diterima sebagian"
    assert "DPA terlampir" not in json.dumps(tracked), "OPD answers are internal"
    assert tracked["objection_deadline"]

    kinds = [e["type"] for e in events(app)]
    assert kinds == ["ppid.request.submitted.v1", "ppid.request.routed.v1", "ppid.request.decided.v1",
                     "ppid.request.delivered.v1"]  # fmt: skip
    decided_event = events(app, "ppid.request.decided.v1")[0]["data"]
    assert decided_event["decision"] == "partly_granted" and decided_event["refusal_grounds"] == ["h"]
    for event in events(app):
        assert not any(secret in json.dumps(event) for secret in PERSONAL)


def test_one_extension_with_written_reasons(app, client, officer, valid_request):
    number = submit(client, valid_request)["registration_number"]
    original = client.get(f"/api/ppid/requests/{number}", headers=officer).json["due_date"]
    assert act(client, officer, number, "extend", expect=422)["errors"][0]["field"] == "reason"
    extended = act(client, officer, number, "extend", reason="Dokumen tersebar di tiga OPD")
    calendar = WorkingCalendar()
    assert extended["due_date"] == calendar.add_working_days(dt.date.fromisoformat(original), 7).isoformat()
    assert extended["original_due_date"] == original
    assert "Pasal 22 ayat 8" in extended["clock"]["rule"]
    assert act(client, officer, number, "extend", expect=409, reason="lagi")["current_state"] == "received"
    (event,) = events(app, "ppid.request.extended.v1")
    assert event["data"]["due_date"] == extended["due_date"]


def test_an_incomplete_request_goes_back_and_its_clock_restarts_on_completion(client, officer, valid_request):
    receipt = submit(client, valid_request)
    number, code = receipt["registration_number"], receipt["tracking_code"]
    assert act(client, officer, number, "mark_incomplete", expect=422)["errors"][0]["field"] == "missing"
    back = act(client, officer, number, "mark_incomplete", missing="Rincian informasi kurang jelas: tahun berapa?")
    assert back["status"] == "incomplete"
    calendar = WorkingCalendar()
    assert back["completion_due"] == calendar.add_working_days(calendar.today(), 3).isoformat()
    act(client, officer, number, "close_incomplete", expect=409)
    act(client, officer, number, "dispose", expect=409, opds=["dinkes"])
    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code}).json
    assert tracked["missing"].startswith("Rincian informasi") and tracked["status"] == "incomplete"
    wrong = client.post("/api/ppid/track/complete", json={"registration_number": number, "tracking_code": "X" * 10,
                                                          "information": "DPA 2026"})  # fmt: skip
    assert wrong.status_code == 404
    done = client.post("/api/ppid/track/complete", json={"registration_number": number, "tracking_code": code,
                                                         "information": "DPA Dinas Kesehatan tahun 2026"})  # fmt: skip
    assert done.status_code == 200, done.json
    assert done.json["status"] == "received" and done.json["missing"] is None
    assert done.json["information"] == "DPA Dinas Kesehatan tahun 2026"
    received = calendar.receipt_day(dt.datetime.now(dt.UTC))
    assert done.json["due_date"] == calendar.add_working_days(received, 10).isoformat()
    again = client.post("/api/ppid/track/complete", json={"registration_number": number, "tracking_code": code,
                                                          "information": "x"})  # fmt: skip
    assert again.status_code == 409 and again.json["current_state"] == "received"


def test_objection_to_the_superior_and_a_dispute(app, client, officer, superior, valid_request):
    receipt = submit(client, valid_request)
    number, code = receipt["registration_number"], receipt["tracking_code"]
    objection = {
        "registration_number": number,
        "tracking_code": code,
        "grounds": ["a"],
        "reason": "Ditolak tanpa dasar",
    }
    early = client.post("/api/ppid/objections", json=objection)
    assert early.status_code == 409, "no ground yet while the request is being handled in time"
    act(client, officer, number, "examine")
    act(client, officer, number, "draft_notice", decision="refused", refusal_grounds=["a", "h"],
        consequence_test="Membuka informasi menghambat penyidikan yang berjalan.")  # fmt: skip
    assert act(client, superior, number, "sign_notice", expect=403)["detail"].endswith("ppid:officer."), (
        "by default the PPID signs; the superior signs only when NOTICE_SIGNER=superior"
    )
    act(client, officer, number, "sign_notice")
    bad = client.post("/api/ppid/objections", json={**objection, "grounds": ["x"], "reason": ""})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"grounds.0", "reason"}
    filed = client.post("/api/ppid/objections", json=objection)
    assert filed.status_code == 201, filed.json
    body = filed.json
    assert body["number"].startswith("KEB-7174-") and body["status"] == "filed"
    calendar = WorkingCalendar()
    assert body["due_date"] == calendar.add_working_days(dt.date.fromisoformat(body["filed_on"]), 30).isoformat()
    assert client.post("/api/ppid/objections", json=objection).status_code == 409
    assert client.post(f"/api/ppid/objections/{body['number']}/decide", json={"outcome": "rejected", "answer": "x"},
                       headers=officer).status_code == 403  # fmt: skip
    answered = client.post(f"/api/ppid/objections/{body['number']}/decide",
                           json={"outcome": "rejected", "answer": "Pengecualian sah menurut Pasal 17 huruf a."},
                           headers=superior)  # fmt: skip
    assert answered.status_code == 200 and answered.json["outcome"] == "rejected"
    assert answered.json["dispute_due"] == calendar.add_working_days(calendar.today(), 14).isoformat()
    dispute = client.post(f"/api/ppid/objections/{body['number']}/dispute",
                          json={"filed_on": calendar.today().isoformat(), "reference": "KI-SULUT/2026/12"},
                          headers=officer)  # fmt: skip
    assert dispute.status_code == 200 and dispute.json["dispute_reference"] == "KI-SULUT/2026/12"
    tracked = client.post("/api/ppid/track", json={"registration_number": number, "tracking_code": code}).json
    assert tracked["objections"][0]["outcome"] == "rejected"
    kinds = [e["type"] for e in events(app) if e["type"].startswith("ppid.objection") or "dispute" in e["type"]]
    assert kinds == ["ppid.objection.filed.v1", "ppid.objection.decided.v1", "ppid.dispute.filed.v1"]
    listed = client.get("/api/ppid/objections", headers=superior).json["items"]
    assert [o["number"] for o in listed] == [body["number"]]


def test_inbox_filters_counts_and_the_opd_view(client, officer, opd_officer, valid_request):
    old = submit(client, valid_request, officer, channel="letter", received_at=days_ago(40))["registration_number"]
    fresh = submit(client, {**valid_request, "name": "Budi Santoso"})["registration_number"]
    third = submit(client, valid_request, officer, channel="email")["registration_number"]
    act(client, officer, third, "dispose", opds=["dinkes"])
    inbox = client.get("/api/ppid/requests", headers=officer).json
    assert [i["registration_number"] for i in inbox["items"]][0] == old, "nearest deadline first"
    assert inbox["counts"] == {"received": 2, "disposed": 1}
    overdue = client.get("/api/ppid/requests", query_string={"overdue": "true"}, headers=officer).json["items"]
    assert [i["registration_number"] for i in overdue] == [old] and overdue[0]["overdue"] is True
    by_name = client.get("/api/ppid/requests", query_string={"q": "budi"}, headers=officer).json["items"]
    assert [i["registration_number"] for i in by_name] == [fresh]
    letters = client.get("/api/ppid/requests", query_string={"channel": "letter"}, headers=officer).json["items"]
    assert [i["registration_number"] for i in letters] == [old]
    page1 = client.get("/api/ppid/requests", query_string={"limit": 2}, headers=officer).json
    page2 = client.get("/api/ppid/requests", query_string={"limit": 2, "after": page1["next"]}, headers=officer).json
    assert len({i["registration_number"] for i in page1["items"] + page2["items"]}) == 3 and page2["next"] is None
    mine = client.get("/api/ppid/requests", headers=opd_officer("dinkes")).json
    assert [i["registration_number"] for i in mine["items"]] == [third] and mine["items"][0]["opds"] == ["dinkes"]
    assert client.get("/api/ppid/requests", headers=opd_officer("dishub")).json["items"] == []
    assert client.get("/api/ppid/requests").status_code == 401


def test_the_worker_flags_each_lapsed_deadline_once_and_closes_lapsed_completions(app, client, officer, valid_request):
    from ppid import jobs

    late = submit(client, valid_request, officer, channel="letter", received_at=days_ago(40))["registration_number"]
    submit(client, valid_request)
    with app.app_context():
        assert jobs.sweep() == {"overdue": 1, "closed": 0, "objections_overdue": 0}
        assert jobs.sweep() == {"overdue": 0, "closed": 0, "objections_overdue": 0}
    (event,) = events(app, "ppid.request.overdue.v1")
    assert event["data"]["registration_number"] == late and event["data"]["days_late"] > 0
    deadlines = client.get("/api/ppid/deadlines", query_string={"within": 0}, headers=officer).json
    assert [r["number"] for r in deadlines["requests"]] == [late] and deadlines["requests"][0]["overdue"]


def test_a_closed_office_day_shows_then_moves_the_deadlines_it_touches(client, officer, valid_request):
    receipt = submit(client, valid_request)
    number, due = receipt["registration_number"], dt.date.fromisoformat(receipt["due_date"])
    calendar = WorkingCalendar()
    day = calendar.add_working_days(dt.date.fromisoformat(receipt["received_on"]), 2)
    preview = client.post("/api/ppid/closed-days", json={"day": day.isoformat(), "reason": "Banjir"}, headers=officer)
    assert preview.status_code == 200, preview.json
    (moved,) = preview.json["moved"]
    expected = calendar.with_closed_days({day}).add_working_days(dt.date.fromisoformat(receipt["received_on"]), 10)
    assert moved == {"kind": "notice", "label": "pemberitahuan tertulis", "number": number,
                     "registration_number": number, "status": "received", "due_date": due.isoformat(),
                     "new_due_date": expected.isoformat()}  # fmt: skip
    assert client.get(f"/api/ppid/requests/{number}", headers=officer).json["due_date"] == due.isoformat()
    applied = client.post("/api/ppid/closed-days", json={"day": day.isoformat(), "reason": "Banjir", "apply": True},
                          headers=officer)  # fmt: skip
    assert applied.json["applied"] is True
    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert detail["due_date"] == expected.isoformat()
    assert detail["history"][-1]["action"] == "calendar" and "Banjir" in detail["history"][-1]["note"]
    again = client.post("/api/ppid/closed-days", json={"day": day.isoformat(), "reason": "x"}, headers=officer)
    assert again.status_code == 409


def test_yearly_report_as_json_and_xlsx(client, officer, superior, opd_officer, valid_request):
    number = submit(client, valid_request)["registration_number"]
    act(client, officer, number, "examine")
    act(client, officer, number, "draft_notice", decision="granted")
    act(client, officer, number, "sign_notice")
    submit(client, valid_request)
    year = WorkingCalendar().today().year
    figures = client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=superior).json
    assert figures["requests"] == 2 and figures["granted"] == 1 and figures["pending"] == 1
    xlsx = client.get("/api/ppid/reports/yearly", query_string={"year": year, "format": "xlsx"}, headers=officer)
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data))["Ringkasan"]
    assert 2 in [cell.value for row in sheet.iter_rows() for cell in row]
    other = client.get("/api/ppid/reports/yearly", query_string={"year": year, "opd": "dishub"},
                       headers=opd_officer("dinkes"))  # fmt: skip
    assert other.status_code == 403


def test_the_requester_downloads_the_receipt_and_unknown_actions_are_404(client, officer, valid_request):
    receipt = submit(client, valid_request)
    pdf = client.post("/api/ppid/track/receipt.pdf", json={"registration_number": receipt["registration_number"],
                                                           "tracking_code": receipt["tracking_code"]})  # fmt: skip
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert receipt["registration_number"] in text and valid_request["nik"] not in text
    assert act(client, officer, receipt["registration_number"], "terbangkan", expect=404)["status"] == 404
    assert act(client, officer, receipt["registration_number"], "complete", expect=404)["status"] == 404


def test_a_late_opd_is_flagged_while_the_other_answers_in_time(client, officer, opd_officer, valid_request):
    number = submit(client, valid_request)["registration_number"]
    yesterday = (WorkingCalendar().today() - dt.timedelta(days=1)).isoformat()
    act(client, officer, number, "dispose", opds=["dinkes"])
    act(client, officer, number, "dispose", expect=409, opds=["dishub"], due_date=yesterday)
    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    assert [d["late"] for d in detail["dispositions"]] == [False]
    # A second disposition with an internal deadline already past: that OPD is late, the first is not.
    act(client, opd_officer("dinkes"), number, "answer", held=True, answer="Ada")
    act(client, officer, number, "dispose", opds=["dishub"], due_date=yesterday)
    detail = client.get(f"/api/ppid/requests/{number}", headers=officer).json
    lateness = {d["opd"]: d["late"] for d in detail["dispositions"]}
    assert lateness == {"dinkes": False, "dishub": True}
    answered = act(client, opd_officer("dishub"), number, "answer", held=False, answer="Tidak ada")
    assert answered["status"] == "examining"
    assert "(terlambat)" in answered["history"][-2]["note"]


def test_a_revised_calendar_shows_then_moves_open_deadlines(app, client, officer, opd_officer, valid_request):
    from ppid.models import ClosedDay

    receipt = submit(client, valid_request)
    calendar = WorkingCalendar()
    day = calendar.add_working_days(dt.date.fromisoformat(receipt["received_on"]), 3)
    with app.extensions["suite"].db.session() as session:  # as if the joint leave days were revised by decree
        session.add(ClosedDay(day=day, reason="Revisi SKB cuti bersama", created_by="test"))
        session.commit()
    preview = client.post("/api/ppid/calendar/changes", json={}, headers=officer).json
    (moved,) = preview["moved"]
    assert moved["due_date"] == receipt["due_date"] and moved["new_due_date"] > receipt["due_date"]
    detail = client.get(f"/api/ppid/requests/{receipt['registration_number']}", headers=officer).json
    assert detail["due_date"] == receipt["due_date"], "a preview changes nothing"
    applied = client.post("/api/ppid/calendar/changes", json={"apply": True, "reason": "SKB 2026"}, headers=officer)
    assert applied.json["applied"] is True
    detail = client.get(f"/api/ppid/requests/{receipt['registration_number']}", headers=officer).json
    assert detail["due_date"] == moved["new_due_date"] and "SKB 2026" in detail["history"][-1]["note"]
    assert client.post("/api/ppid/calendar/changes", json={}, headers=officer).json["moved"] == []
    assert client.post("/api/ppid/calendar/changes", json={}, headers=opd_officer("dinkes")).status_code == 403


def test_the_yearly_report_carries_the_survey(client, officer, superior, valid_request):
    receipt = submit(client, valid_request)
    number = receipt["registration_number"]
    for action, body in (("examine", {}), ("draft_notice", {"decision": "granted"}), ("sign_notice", {})):
        act(client, officer, number, action, **body)
    scores = dict.fromkeys(("requirements", "procedure", "time", "cost", "product", "competence", "behaviour",
                            "complaints", "facilities"), 4)  # fmt: skip
    answer = client.post("/api/ppid/survey", json={"registration_number": number,
                                                   "tracking_code": receipt["tracking_code"], **scores})  # fmt: skip
    assert answer.status_code == 201, answer.json
    year = WorkingCalendar().today().year
    figures = client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=superior).json
    assert figures["survey"]["responses"] == 1 and figures["survey"]["index"] == 100.0
    xlsx = client.get("/api/ppid/reports/yearly", query_string={"year": year, "format": "xlsx"}, headers=officer)
    assert "Survei" in openpyxl.load_workbook(io.BytesIO(xlsx.data)).sheetnames


def test_the_database_report_agrees_with_the_pure_specification(app, client, officer, superior, opd_officer,
                                                                valid_request):  # fmt: skip
    from ppid import reporting
    from ppid.domain import report

    def decide(number, decision, **extra):
        act(client, officer, number, "draft_notice", decision=decision, **extra)
        act(client, officer, number, "sign_notice")

    refusal = {"refusal_grounds": ["a", "h"], "consequence_test": "Uji konsekuensi"}
    receipts = [submit(client, valid_request) for _ in range(7)]
    numbers = [r["registration_number"] for r in receipts]
    old = submit(client, valid_request, officer, channel="letter", received_at=days_ago(20))["registration_number"]
    act(client, officer, numbers[0], "dispose", opds=["dinkes", "dishub"])
    act(client, opd_officer("dinkes"), numbers[0], "answer", held=True, answer="ada")
    act(client, opd_officer("dishub"), numbers[0], "answer", held=False, answer="tidak")
    decide(numbers[0], "partly_granted", **refusal)
    act(client, officer, numbers[1], "dispose", opds=["dinkes"])
    act(client, officer, numbers[2], "extend", reason="Arsip")
    act(client, officer, numbers[2], "examine")
    decide(numbers[2], "refused", refusal_grounds=["h"], consequence_test="Rahasia pribadi")
    for number, decision in ((numbers[3], "not_held"), (numbers[4], "granted"), (old, "not_documented")):
        act(client, officer, number, "examine")
        decide(number, decision)
    for receipt, outcome in ((receipts[2], "rejected"), (receipts[3], None)):
        body = {k: receipt[k] for k in ("registration_number", "tracking_code")}
        filed = client.post("/api/ppid/objections", json={**body, "grounds": ["a"], "reason": "Keberatan"})
        assert filed.status_code == 201, filed.json
        if outcome:
            number = filed.json["number"]
            client.post(f"/api/ppid/objections/{number}/decide", json={"outcome": outcome, "answer": "x"},
                        headers=superior)  # fmt: skip
            today = WorkingCalendar().today().isoformat()
            client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": today}, headers=officer)
            decided = client.post(
                f"/api/ppid/objections/{number}/dispute/outcome",
                headers=officer,
                json={"outcome": "mediation_failed", "decided_on": today, "decision_number": "1/M"},
            )
            assert decided.status_code == 200, decided.json
    with app.extensions["suite"].db.session() as session:
        calendar = WorkingCalendar()
        year = calendar.today().year
        for opd in (None, "dinkes", "dishub", "ppid"):
            from_sql = reporting.yearly_report(session, year, calendar, opd)
            spec = report.yearly_report(year, reporting.request_rows(session, calendar, year), opd)
            assert from_sql == spec, opd
        whole = reporting.yearly_report(session, year, calendar)
    assert whole["requests"] >= 8 and whole["refused_by_ground"]["h"] == 2 and whole["extended"] == 1
    assert {o["opd"] for o in whole["per_opd"]} == {"dinkes", "dishub", "ppid"}
    assert whole["objections"]["filed"] == 2 and whole["objections"]["rejected"] == 1 and whole["disputes"] == 1
    assert whole["dispute_outcomes"]["mediation_failed"] == 1 and whole["dispute_outcomes"]["pending"] == 0
