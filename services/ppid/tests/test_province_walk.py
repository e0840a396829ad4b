"""The key property of the province's roll-up: fed a regency's own events, it counts what the regency counts.

A seeded random walk drives the real ppid use cases through the API of one "regency" (submissions on every
channel and on past days, returns for completion, completions and closings, dispositions and OPD answers,
extensions, notices of every decision, deliveries, objections and their answers, disputes and their outcomes,
the worker's sweep). Its outbox events then go to the province's handlers the way federation may bring them:
partly, then a late-join snapshot, then the rest shuffled with duplicates. The province's figures for that
region must equal the regency's own yearly report, year by year and month by month.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chassis import province as chassis_province
from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.testing import documented_event
from chassis.testing import outbox_events as outbox
from ppid import events, jobs, province, reporting
from ppid.domain import workflow
from ppid.domain.calendar import WorkingCalendar
from ppid.models import Request

CHANNELS = ("web", "letter", "email", "in_person")
DECISIONS = ("granted", "partly_granted", "refused", "not_held", "not_documented")
CONSEQUENCE = "Membuka informasi ini menghambat penyidikan yang sedang berjalan."


class Regency:
    """The regency's officers working through its API; every call must succeed."""

    def __init__(self, client, rng, officer, superior, opd_officer, valid_request):
        self.client, self.rng = client, rng
        self.officer, self.superior, self.opd_officer = officer, superior, opd_officer
        self.valid_request = valid_request
        self.codes: dict[str, str] = {}

    def call(self, path, body, headers=None, expect=(200, 201)):
        response = self.client.post(path, json=body, headers=headers or {})
        assert response.status_code in expect, (path, body, response.json)
        return response.json

    def act(self, number, action, headers=None, **body):
        return self.call(f"/api/ppid/requests/{number}/{action}", body, headers or self.officer)

    def submit(self) -> str:
        channel = self.rng.choice(CHANNELS)
        days_ago = self.rng.choice((0, 0, 1, 3, 8, 15, 25, 40, 60))
        if channel == "web" and days_ago == 0:
            receipt = self.call("/api/ppid/requests", self.valid_request)
        else:
            received_at = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)).isoformat()
            body = {**self.valid_request, "channel": channel, "received_at": received_at}
            receipt = self.call("/api/ppid/requests", body, self.officer)
        self.codes[receipt["registration_number"]] = receipt["tracking_code"]
        return receipt["registration_number"]

    def maybe_extend(self, number):
        if self.rng.random() < 0.3:
            self.act(number, "extend", reason="Informasi tersebar di beberapa OPD.")

    def decide(self, number):
        self.maybe_extend(number)
        decision = self.rng.choice(DECISIONS)
        body = {"decision": decision}
        if decision in ("refused", "partly_granted"):
            grounds = self.rng.sample("abcdefghij", self.rng.choice((1, 1, 2)))
            body |= {"refusal_grounds": grounds, "consequence_test": CONSEQUENCE}
        self.act(number, "draft_notice", **body)
        if self.rng.random() < 0.2:
            self.act(number, "return_notice", self.superior, note="Perbaiki alasan.")
            self.act(number, "draft_notice", **body)
        self.act(number, "sign_notice")
        if decision in ("granted", "partly_granted") and self.rng.random() < 0.5:
            self.act(number, "deliver", method="email")
        if self.rng.random() < 0.4:
            self.object(number)

    def object(self, number):
        filed = self.call(
            "/api/ppid/objections",
            {
                "registration_number": number,
                "tracking_code": self.codes[number],
                "grounds": ["a"],
                "reason": "Alasan penolakan tidak jelas.",
            },
        )
        if self.rng.random() < 0.3:
            return
        objection = filed["number"]
        outcome = self.rng.choice(("upheld", "partly_upheld", "rejected", "withdrawn"))
        self.call(
            f"/api/ppid/objections/{objection}/decide",
            {"outcome": outcome, "answer": "Tanggapan atasan."},
            self.superior,
        )
        if self.rng.random() < 0.5:
            today = WorkingCalendar().today().isoformat()
            self.call(
                f"/api/ppid/objections/{objection}/dispute", {"filed_on": today, "reference": "KI/2026/1"}, self.officer
            )
            if self.rng.random() < 0.5:
                self.call(
                    f"/api/ppid/objections/{objection}/dispute/outcome",
                    {"outcome": "mediation_reached", "decided_on": today, "decision_number": "KI/2026/1/M"},
                    self.officer,
                )

    def walk(self, number):
        path = self.rng.choice(("open", "incomplete", "complete", "direct", "direct", "dispose", "dispose"))
        if path == "open":
            self.maybe_extend(number)
            return
        if path in ("incomplete", "complete"):
            self.act(number, "mark_incomplete", missing="Tahun anggaran yang diminta belum disebut.")
            if path == "complete":
                body = {"registration_number": number, "tracking_code": self.codes[number], "information": "DPA 2026"}
                self.call("/api/ppid/track/complete", body)
                if self.rng.random() < 0.5:
                    self.act(number, "examine")
                    self.decide(number)
            return
        if path == "direct":
            self.act(number, "examine")
        else:
            opds = self.rng.sample(("dinkes", "dishub", "bappeda"), self.rng.choice((1, 2)))
            self.act(number, "dispose", opds=opds)
            if self.rng.random() < 0.2:
                return  # the OPDs have not answered yet
            for opd in opds:
                self.act(number, "answer", self.opd_officer(opd), answer="Data terlampir.", held=True)
        if self.rng.random() < 0.8:
            self.decide(number)


def documented(event_type: str):
    return documented_event(event_type, Path(__file__).parents[3] / "docs" / "asyncapi.yaml")


def regency_figures(app, year: int) -> dict:
    """What the regency counts itself: its yearly report, plus on time and late by the notice event's rule."""
    calendar = WorkingCalendar()
    with app.extensions["suite"].db.session() as session:
        report = reporting.yearly_report(session, year, calendar)
        in_year = Request.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        decided = Request.decided_on.is_not(None)

        def count(*conditions):
            return session.scalar(select(func.count()).select_from(Request).where(in_year, *conditions))

        open_states = [s.value for s in workflow.OPEN]
        extra = {
            "on_time": count(decided, Request.decided_on <= Request.due_date),
            "late": count(decided, Request.decided_on > Request.due_date),
            "open": count(Request.status.in_(open_states)),
        }
    return {**report, **extra}


@pytest.mark.parametrize("seed", [11, 2026, 3578])
def test_the_province_counts_exactly_what_the_regency_counts(
    app, client, officer, superior, opd_officer, valid_request, seed, monkeypatch
):
    rng = random.Random(seed)
    regency = Regency(client, rng, officer, superior, opd_officer, valid_request)
    before = [regency.submit() for _ in range(rng.randint(14, 20))]
    for number in before:
        regency.walk(number)
    # The worker's sweep a fortnight on: lapsed completions are closed, lapsed deadlines flagged.
    later = WorkingCalendar().today() + dt.timedelta(days=14)
    with monkeypatch.context() as shifted, app.app_context():
        shifted.setattr(WorkingCalendar, "today", lambda self: later)
        jobs.sweep()
    after = [regency.submit() for _ in range(rng.randint(6, 10))]
    for number in after:
        regency.walk(number)

    live = outbox(app)
    revisions: dict[str, int] = {}
    for event in live:
        documented(event["type"]).validate(event)
        number, revision = event["data"]["registration_number"], event["data"]["state"]["revision"]
        assert revision > revisions.get(number, -1), f"{event['type']} of {number} does not move its revision on"
        revisions[number] = revision
        for personal in ("nik", "name", "address", "phone", "email", "information", "purpose"):
            assert valid_request[personal] not in json.dumps(event), personal

    suite = app.extensions["suite"]
    consumer = Consumer(
        chassis_province.consumer_settings(suite.settings), suite.db, suite.tables, province.province_handlers
    )
    parsed = [CloudEvent.from_json(json.dumps(event)) for event in live]
    cut = rng.randint(0, len(parsed))
    for event in parsed[:cut]:  # what crossed the link before the regency joined
        consumer.handle(event)
    chassis_province.take_snapshot(suite.settings, suite.db, suite.tables, province.snapshot, batch=7)
    snapshots = [CloudEvent.from_json(json.dumps(e)) for e in outbox(app) if e["type"] == events.SNAPSHOT]
    assert len(snapshots) == len(before) + len(after)
    for event in snapshots:
        documented(event.type).validate(json.loads(event.to_json()))
    rest = parsed[cut:] + snapshots + rng.sample(parsed, min(10, len(parsed)))  # and some delivered twice
    rng.shuffle(rest)
    for event in rest:
        consumer.handle(event)

    region = suite.settings.org_code
    counted = 0
    years = {dt.date.fromisoformat(e.data["state"]["received_on"]).year for e in snapshots}
    for year in years:
        own = regency_figures(app, year)
        found = {i["region_code"]: i for i in client.get(f"/api/ppid/regions?year={year}").json["items"]}
        mine = found[region]
        counted += mine["received"]
        assert {k: mine[k] for k in ("on_time", "late", "open")} == {k: own[k] for k in ("on_time", "late", "open")}
        assert mine["received"] == own["requests"]
        assert mine["decided"] == own["decided"] == mine["on_time"] + mine["late"]
        for decision in DECISIONS:
            assert mine[decision] == own[decision], decision
        assert mine["refused_by_ground"] == own["refused_by_ground"]
        assert mine["extended"] == own["extended"]
        assert mine["objections"] == own["objections"]["filed"]
        assert mine["objections_pending"] == own["objections"]["pending"]
        assert mine["disputes"] == own["disputes"]
        assert mine["disputes_pending"] == own["dispute_outcomes"]["pending"]
        assert mine["open"] + mine["closed_undecided"] == own["pending"], "undecided: still open, or closed"
        states = [e.data["state"] for e in snapshots if e.data["state"]["received_on"].startswith(str(year))]
        assert mine["by_channel"] == {c: sum(1 for state in states if state["channel"] == c) for c in CHANNELS}
        monthly = {i["region_code"]: i for i in client.get(f"/api/ppid/regions/monthly?year={year}").json["items"]}
        assert [m["received"] for m in monthly[region]["months"]] == own["per_month"]
        assert sum(m["decided"] for m in monthly[region]["months"]) == own["decided"]
    assert counted == len(before) + len(after), "every request counted once"
