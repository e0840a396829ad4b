"""Requesters' identity kept no longer than RETENTION_REQUESTER_YEARS after the request closed (UU 27/2022): the dry
run lists exactly what lapsed, the run blanks exactly those, logs each erasure, and the yearly report (from the
summary and from the full computation) is the same before and after."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from ppid import reporting
from ppid.models import ACCESS_LOG, Request

REFUSE = {"decision": "refused", "refusal_grounds": ["h"], "consequence_test": "Membuka data ini mengungkap rahasia."}


def test_the_retention_job_erases_exactly_what_lapsed_and_the_report_does_not_move(app, client, officer, valid_request):
    def submit(n: int) -> tuple[str, str]:
        body = {**valid_request, "name": f"Pemohon {n}", "nik": f"717401450790{n:04d}"}
        receipt = client.post("/api/ppid/requests", json=body).json
        return receipt["registration_number"], receipt["tracking_code"]

    def decide(number: str) -> None:
        for action, body in (("examine", {}), ("draft_notice", REFUSE), ("sign_notice", {})):
            assert client.post(f"/api/ppid/requests/{number}/{action}", json=body, headers=officer).status_code == 200

    made = [submit(n) for n in range(6)]
    numbers = [number for number, _ in made]
    for number in numbers[:5]:
        decide(number)
    objected, code = made[3]
    filed = client.post("/api/ppid/objections", json={"registration_number": objected, "tracking_code": code,
                                                      "grounds": ["a"], "reason": "Penolakan tanpa dasar"})  # fmt: skip
    assert filed.status_code == 201, filed.json
    today = dt.date.today()
    closed_on = {
        numbers[0]: today.replace(year=today.year - 6),  # lapsed
        numbers[1]: today.replace(year=today.year - 5) - dt.timedelta(days=2),  # lapsed, just
        numbers[2]: today.replace(year=today.year - 4),  # kept: four years
        numbers[3]: today.replace(year=today.year - 6),  # kept: its objection waits for the superior
        # numbers[4] decided today: kept; numbers[5] still open: kept
    }
    engine = app.extensions["suite"].db.engine
    with engine.begin() as connection:
        for number, day in closed_on.items():
            connection.execute(sa.update(Request).where(Request.registration_number == number).values(decided_on=day))

    def report(session):
        calendar = app.extensions["ppid.calendar"]
        years = sorted({today.year, *(d.year for d in closed_on.values())})
        return [(reporting.yearly_report(session, y, calendar), reporting.computed_report(session, y, calendar))
                for y in years]  # fmt: skip

    with sa.orm.Session(engine) as session:
        before = report(session)

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["personal-data", "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Identitas pemohon informasi (request): 2 akan dihapus" in dry.output
    assert [line.split()[-1] for line in dry.output.splitlines() if line.startswith("  request")] == numbers[:2]
    with sa.orm.Session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ACCESS_LOG)) == 0, "a dry run erases nothing"
        assert session.scalar(sa.select(Request.nik).where(Request.registration_number == numbers[0])) != "(dihapus)"

    done = runner.invoke(args=["personal-data", "retention"])
    assert done.exit_code == 0 and "2 dihapus" in done.output, done.output
    with sa.orm.Session(engine) as session:
        rows = {r.registration_number: r for r in session.scalars(sa.select(Request))}
        for number in numbers[:2]:
            r = rows[number]
            assert (r.name, r.nik, r.address, r.phone, r.email) == ("(dihapus)", "(dihapus)", "(dihapus)", None, None)
            assert r.information and r.status == "decided", "what the request asked and its history stay"
        for n, number in enumerate(numbers[2:], start=2):
            assert rows[number].name == f"Pemohon {n}", f"{number} erased too early"
        logged = session.execute(sa.select(ACCESS_LOG.c.actor, ACCESS_LOG.c.action, ACCESS_LOG.c.record_id)).all()
        assert sorted(logged) == sorted(("retensi", "erase", number) for number in numbers[:2])
        assert report(session) == before, "the yearly report is the same before and after"

    again = runner.invoke(args=["personal-data", "retention"])
    assert "0 dihapus" in again.output, "what was erased is not erased again"


def test_the_breach_command_lists_the_requesters_of_the_window_and_drafts_their_notices(app, client, valid_request,
                                                                                       tmp_path):  # fmt: skip
    first = client.post("/api/ppid/requests", json=valid_request).json["registration_number"]
    other = {**valid_request, "name": "Budi Santoso", "email": "budi@example.id", "nik": "7174014507900003"}
    second = client.post("/api/ppid/requests", json=other).json["registration_number"]
    now = dt.datetime.now(dt.UTC).astimezone(app.extensions["ppid.calendar"].timezone)
    window = ["--from", (now - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
              "--to", (now + dt.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")]  # fmt: skip
    what = ["--what", "Cadangan basis data terbuka.", "--out", str(tmp_path)]
    result = app.test_cli_runner().invoke(args=["personal-data", "breach", *window, "--record", second, *what])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 orang terdampak")
    notices = sorted(p.name for p in tmp_path.iterdir())
    assert "terdampak.csv" in notices and "lembaga.txt" in notices and len(notices) == 3
    (letter,) = [p for p in tmp_path.iterdir() if p.name.startswith("0001-")]
    text = letter.read_text()
    assert "Kepada: budi@example.id" in text and "Budi Santoso" in text and "3 x 24 jam" in text
    assert valid_request["name"] not in text and first not in (tmp_path / "terdampak.csv").read_text()
