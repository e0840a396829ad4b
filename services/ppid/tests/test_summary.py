"""The counts kept with every change (``ppid.summary``) equal the full computation after any walk of the use cases.

A seeded random walk through the real API: submits (on the web and registered by officers, some received last
year), every workflow move with its inputs, decisions of every kind with refusal grounds, extensions, objections
with every outcome, disputes and their outcomes, the worker's sweep, and office days closed and reopened. At
the end the yearly report read from the summary equals the grouped computation over the requests and the pure
specification, for the whole office and each OPD, and the inbox counts equal a count of the rows.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from sqlalchemy import func, select

from ppid import jobs, reporting, summary
from ppid.domain import report
from ppid.domain.calendar import WorkingCalendar
from ppid.models import Request
from ppid.office_calendar import CalendarCache

OPDS = ("dinkes", "dishub", "bappeda")
DECISIONS = ("granted", "partly_granted", "refused", "not_held", "not_documented")


def ok(answer, *codes):
    assert answer.status_code < 500, answer.get_data(as_text=True)
    assert not codes or answer.status_code in codes, (answer.status_code, answer.json)
    return answer


class Walk:
    def __init__(self, client, officer, superior, opd_officer, valid_request, seed):
        self.client, self.officer, self.superior, self.opd_officer = client, officer, superior, opd_officer
        self.valid = valid_request
        self.rng = random.Random(seed)
        self.receipts: dict[str, dict] = {}
        self.objections: list[str] = []
        self.closed: list[str] = []

    def submit(self):
        rng = self.rng
        if rng.random() < 0.3:
            now = dt.datetime.now(dt.UTC)
            days = rng.choice((3, 20, 40, (now.date() - dt.date(now.year - 1, 12, 30)).days))
            extra, headers = {"channel": "letter", "received_at": (now - dt.timedelta(days=days)).isoformat()}, None
            headers = self.officer
        else:
            extra, headers = {}, None
        answer = ok(self.client.post("/api/ppid/requests", json={**self.valid, **extra}, headers=headers), 201)
        self.receipts[answer.json["registration_number"]] = answer.json

    def detail(self, number):
        return ok(self.client.get(f"/api/ppid/requests/{number}", headers=self.officer), 200).json

    def act(self, number, action, headers=None, **body):
        return ok(self.client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=headers or self.officer))

    def move(self):
        rng = self.rng
        number = rng.choice(sorted(self.receipts))
        detail = self.detail(number)
        allowed = set(detail["allowed_actions"])
        waiting = [d["opd"] for d in detail["dispositions"] if d["answered_at"] is None]
        if waiting and rng.random() < 0.6:
            opd = rng.choice(waiting)
            self.act(number, "answer", self.opd_officer(opd), held=rng.random() < 0.8, answer="Data tersedia.")
            return
        choices = sorted(allowed - {"close_incomplete", "answer"})
        if detail["status"] == "incomplete" or (detail["status"] == "received" and rng.random() < 0.1):
            choices.append("complete")
        if not choices:
            return
        forward = [a for a in ("sign_notice", "draft_notice", "examine", "deliver") if a in choices]
        action = forward[0] if forward and rng.random() < 0.6 else rng.choice(choices)
        if action == "dispose":
            self.act(number, action, opds=rng.sample(OPDS, rng.randint(1, 2)))
        elif action == "mark_incomplete":
            self.act(number, action, missing="Fotokopi KTP")
        elif action == "complete":
            receipt = self.receipts[number]
            body = {k: receipt[k] for k in ("registration_number", "tracking_code")}
            ok(self.client.post("/api/ppid/track/complete", json={**body, "purpose": "Kajian lengkap."}))
        elif action == "extend":
            self.act(number, action, reason="Dokumen di arsip OPD.")
        elif action == "draft_notice":
            decision = rng.choice(DECISIONS)
            extra = {}
            if decision in ("refused", "partly_granted"):
                grounds = rng.sample("abcdefghij", rng.randint(1, 3))
                extra = {"refusal_grounds": grounds, "consequence_test": "Uji konsekuensi Pasal 19."}
            self.act(number, action, decision=decision, **extra)
        elif action == "mark_duplicate":  # refused (422) when the one named is later, itself or a duplicate
            original = rng.choice(sorted(self.receipts))
            self.act(number, action, duplicate_of=original, note="Informasi yang sama.")
        elif action in ("return_notice", "note", "deliver"):
            self.act(number, action, note="Catatan petugas.")
        else:
            self.act(number, action)

    def object(self):
        rng = self.rng
        number = rng.choice(sorted(self.receipts))
        receipt = self.receipts[number]
        body = {k: receipt[k] for k in ("registration_number", "tracking_code")}
        filed = ok(self.client.post("/api/ppid/objections", json={**body, "grounds": ["c"], "reason": "Keberatan."}))
        if filed.status_code == 201:
            self.objections.append(filed.json["number"])

    def answer_objection(self):
        rng = self.rng
        if not self.objections:
            return
        number = rng.choice(self.objections)
        step = rng.random()
        today = WorkingCalendar().today().isoformat()
        if step < 0.5:
            outcome = rng.choice(("upheld", "partly_upheld", "rejected", "withdrawn"))
            ok(self.client.post(f"/api/ppid/objections/{number}/decide", json={"outcome": outcome, "answer": "x"},
                                headers=self.superior))  # fmt: skip
        elif step < 0.8:
            ok(self.client.post(f"/api/ppid/objections/{number}/dispute", json={"filed_on": today},
                                headers=self.officer))  # fmt: skip
        else:
            outcome = rng.choice(("mediation_reached", "mediation_failed", "granted", "partly_granted", "refused"))
            ok(self.client.post(f"/api/ppid/objections/{number}/dispute/outcome", headers=self.officer,
                                json={"outcome": outcome, "decided_on": today, "decision_number": "1/KI"}))  # fmt: skip

    def calendar(self):
        rng = self.rng
        if self.closed and rng.random() < 0.4:
            day = self.closed.pop(rng.randrange(len(self.closed)))
            ok(self.client.post("/api/ppid/closed-days/reopen", json={"day": day, "apply": True},
                                headers=self.officer), 200)  # fmt: skip
            return
        day = (WorkingCalendar().today() + dt.timedelta(days=rng.randint(-30, 20))).isoformat()
        answer = ok(self.client.post("/api/ppid/closed-days", json={"day": day, "reason": "Banjir", "apply": True},
                                     headers=self.officer))  # fmt: skip
        if answer.status_code == 200:
            self.closed.append(day)

    def run(self, steps: int):
        for _ in range(5):
            self.submit()
        steps_of = ((self.submit, 1), (self.move, 10), (self.object, 2), (self.answer_objection, 3),
                    (self.calendar, 1))  # fmt: skip
        for _ in range(steps):
            step = self.rng.choices([s for s, _ in steps_of], [w for _, w in steps_of])[0]
            step()


def assert_summary_equals_the_full_computation(session):
    calendar = CalendarCache(WorkingCalendar()).get(session)  # with the closed days the walk left
    year = calendar.today().year
    for y in (year - 1, year):
        for opd in (None, "ppid", *OPDS):
            kept = reporting.yearly_report(session, y, calendar, opd)
            assert kept == reporting.computed_report(session, y, calendar, opd), (y, opd)
            assert kept == report.yearly_report(y, reporting.request_rows(session, calendar, y), opd), (y, opd)
    counted = dict(session.execute(select(Request.status, func.count()).group_by(Request.status)).all())
    kept_counts = dict(session.execute(select(summary.status_counts).where(summary.status_counts.c.count != 0)).all())
    assert kept_counts == counted


def kept_rows(session):
    return {
        table.name: sorted(tuple(row) for row in session.execute(select(table).where(table.c.count != 0)))
        for table in (summary.status_counts, summary.report_requests, summary.report_objections)
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_a_random_walk_of_the_use_cases_keeps_the_summary_equal_to_the_full_report(
    app, client, officer, superior, opd_officer, valid_request, seed, monkeypatch
):
    walk = Walk(client, officer, superior, opd_officer, valid_request, seed)
    walk.run(120)
    with app.app_context():
        jobs.sweep()
    db = app.extensions["suite"].db
    with db.session() as session:
        assert_summary_equals_the_full_computation(session)
        whole = reporting.yearly_report(session, WorkingCalendar().today().year, WorkingCalendar())
        assert whole["requests"] > 0 and whole["decided"] > 0, "the walk reached decisions"
        assert whole["duplicates"] > 0, "the walk closed duplicates, counted apart"
        kept = kept_rows(session)
        monkeypatch.setattr(summary, "CHUNK", 3)  # a big office's rebuild: many statements of a few rows each
        summary.rebuild(session.connection())
        assert kept_rows(session) == kept, "counting again from the rows gives the same tables"
        session.rollback()


def test_the_report_endpoint_reads_the_summary_and_report_check_agrees(app, client, officer, valid_request):
    walk = Walk(client, officer, officer, lambda opd: officer, valid_request, 7)
    walk.run(20)
    year = WorkingCalendar().today().year
    answer = ok(client.get("/api/ppid/reports/yearly", query_string={"year": year}, headers=officer), 200).json
    received = sum(1 for r in walk.receipts.values() if r["received_on"].startswith(str(year)))
    assert answer["requests"] + answer["duplicates"] == received
    result = app.test_cli_runner().invoke(args=["ppid", "report-check", "--year", str(year)])
    assert result.exit_code == 0, result.output
    assert "sama" in result.output


def test_the_migration_fills_the_summary_from_the_rows_already_there(backend, databases, tokens, valid_request):
    from alembic import command

    from chassis.migrations import alembic_config, upgrade
    from chassis.testing import service_app, test_settings
    from ppid import MIGRATIONS, create_app
    from ppid.settings import from_env

    url = databases.migrated("ppid_backfill", backend, MIGRATIONS)
    with service_app(create_app, test_settings(from_env, url, tokens)) as app:
        client = app.test_client()
        officer = tokens.headers("ppid:officer", username="petugas.ppid")
        superior = tokens.headers("ppid:superior", username="atasan.ppid")

        def opd_officer(opd):
            return tokens.headers("ppid:opd_officer", username=f"pelaksana.{opd}", opd=opd)

        Walk(client, officer, superior, opd_officer, valid_request, 3).run(60)
        db = app.extensions["suite"].db
        with db.session() as session:
            kept = kept_rows(session)
        db.dispose()
        (path,) = (MIGRATIONS / "versions").glob("*_summary_counts.py")
        (revision,) = re.findall(r'^revision = "([^"]+)"', path.read_text(), re.MULTILINE)
        command.downgrade(alembic_config(MIGRATIONS, url), f"{revision}-1")  # as before the summary existed
        upgrade(MIGRATIONS, url, "head")
        with db.session() as session:
            assert kept_rows(session) == kept
            assert_summary_equals_the_full_computation(session)


def test_a_rolled_back_savepoint_takes_back_only_its_own_counts(app, client, officer, valid_request):
    from ppid.models import Request

    numbers = [ok(client.post("/api/ppid/requests", json=valid_request), 201).json["registration_number"]
               for _ in range(2)]  # fmt: skip
    db = app.extensions["suite"].db
    with db.session() as session:
        first, second = (session.scalars(select(Request).where(Request.registration_number == n)).one()
                         for n in numbers)  # fmt: skip
        first.decision, first.decided_on, first.status = "granted", first.received_on, "decided"
        session.flush()
        with pytest.raises(RuntimeError), session.begin_nested():
            second.decision, second.decided_on, second.status = "refused", second.received_on, "decided"
            second.refusal_grounds = ["h"]
            session.flush()
            raise RuntimeError("the savepoint fails")
        session.commit()
    with db.session() as session:
        assert_summary_equals_the_full_computation(session)
        year = WorkingCalendar().today().year
        figures = reporting.yearly_report(session, year, WorkingCalendar())
        assert (figures["granted"], figures["refused"], figures["pending"]) == (1, 0, 1)
