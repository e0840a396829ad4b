"""Journalists' NIK and KIM members' phones kept no longer than the settings say (UU 27/2022): the dry run lists
exactly what lapsed, the run erases exactly those and logs each, and the figures and the payment report are the
same before and after; the breach command lists who was held and drafts their notices."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from registry.models import (
    ACCESS_LOG,
    Application,
    Contract,
    Journalist,
    KimActivity,
    KimGroup,
    KimMember,
    Outlet,
    PaymentRecord,
    Period,
)
from registry.retention import ERASED

TODAY = dt.date.today()


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years) - dt.timedelta(days=days)


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def generate(session) -> dict[str, int]:
    """Four outlets and three KIM groups whose periods lapsed, or not, in each of the ways the rules read."""
    made = {}
    periods = {}
    for key, closes in (("old", years_ago(7)), ("six", years_ago(6)), ("recent", years_ago(2)), ("now", TODAY)):
        period = Period(
            year=closes.year,
            title=f"Masa {key}",
            opens_at=moment(closes - dt.timedelta(days=30)),
            closes_at=moment(closes),
            budget=100_000_000,
            created_by="t",
        )
        session.add(period)
        session.flush()
        periods[key] = period

    def outlet(n: int, applied: list[tuple[str, dt.date | None]], journalists: list[tuple[str, dict]]) -> None:
        out = Outlet(
            name=f"Media {n}",
            legal_name=f"PT {n}",
            media_type="online",
            npwp=f"{n:015d}",
            nib="9120001234567",
            address="-",
            registered_by="t",
            email=f"redaksi{n}@m.example.id",
        )
        session.add(out)
        session.flush()
        for key, ended in applied:
            application = Application(
                period_id=periods[key].id, outlet_id=out.id, status="approved", tier="a", created_by="t"
            )
            session.add(application)
            session.flush()
            if ended:
                contract = Contract(
                    application_id=application.id,
                    period_id=periods[key].id,
                    number=f"K-{n}-{key}",
                    starts_on=ended - dt.timedelta(days=300),
                    ends_on=ended,
                    value=12_000_000,
                    quota=12,
                    rate=1_000_000,
                    created_by="t",
                )
                session.add(contract)
                session.flush()
                session.add(
                    PaymentRecord(contract_id=contract.id, month=f"{ended:%Y-%m}", status="paid", paid_amount=1_000_000)
                )
        for name, extra in journalists:
            j = Journalist(
                outlet_id=out.id,
                name=name,
                nik=f"71740101018{n:05d}",
                role="reporter",
                ukw_level="muda",
                created_at=moment(years_ago(8)),
                **extra,
            )
            session.add(j)
            session.flush()
            made[name] = j.id

    outlet(1, [("old", years_ago(6))], [("lapsed after the contract", {})])
    outlet(2, [("recent", years_ago(1))], [("kept: contract ended a year ago", {})])
    outlet(3, [("six", None)], [("lapsed: never a contract", {}), ("kept: left a year ago", {"left_on": years_ago(1)})])
    outlet(4, [("six", years_ago(6)), ("now", None)], [("kept: applied again", {})])

    def group(n: int, activity: dt.date | None, created: dt.date, phones: list[str | None]) -> None:
        kim = KimGroup(
            region_code=f"71.74.01.200{n}", name=f"KIM {n}", chair="Ani", created_by="t", created_at=moment(created)
        )
        session.add(kim)
        session.flush()
        if activity:
            session.add(KimActivity(group_id=kim.id, held_on=activity, title="Sosialisasi", created_by="t"))
        for k, phone in enumerate(phones):
            member = KimMember(group_id=kim.id, name=f"Anggota {n}{k}", role="anggota", phone=phone)
            session.add(member)
            session.flush()
            made[f"kim {n}{k}"] = member.id

    group(1, years_ago(3), years_ago(5), ["081200000011", None])  # inactive three years: the phone lapsed
    group(2, TODAY - dt.timedelta(days=30), years_ago(5), ["081200000021"])  # active: kept
    group(3, None, years_ago(2, days=200), ["081200000031"])  # never active, registered 30 months ago: lapsed
    session.commit()
    made.update({f"period {k}": p.id for k, p in periods.items()})
    return made


def test_the_retention_job_erases_exactly_what_lapsed_and_the_figures_and_report_do_not_move(
    app, client, tokens, approver
):
    engine = app.extensions["suite"].db.engine
    with sa.orm.Session(engine) as session:
        made = generate(session)

    def figures():
        found = []
        for key in ("old", "six", "recent", "now"):
            query = {"period_id": made[f"period {key}"]}
            found.append(client.get("/api/registry/figures", query_string=query, headers=approver).json)
            found.append(client.get("/api/registry/reports/payments", query_string=query, headers=approver).json)
            query["format"] = "csv"
            found.append(client.get("/api/registry/reports/payments", query_string=query, headers=approver).data)
        return found

    before = figures()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["personal-data", "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    lapsed_journalists = sorted([made["lapsed after the contract"], made["lapsed: never a contract"]])
    lapsed_members = sorted([made["kim 10"], made["kim 30"]])
    assert "NIK wartawan (journalist): 2 akan dihapus" in dry.output
    assert "Telepon anggota KIM (kim_member): 2 akan dihapus" in dry.output
    listed = [line.split() for line in dry.output.splitlines() if line.startswith("  ")]
    assert listed == [["journalist", str(j)] for j in lapsed_journalists] + [
        ["kim_member", str(m)] for m in lapsed_members
    ]
    with sa.orm.Session(engine) as session:
        assert ERASED not in {j.nik for j in session.scalars(sa.select(Journalist))}, "a dry run erases nothing"

    done = runner.invoke(args=["personal-data", "retention"])
    assert done.exit_code == 0 and "NIK wartawan (journalist): 2 dihapus" in done.output, done.output
    with sa.orm.Session(engine) as session:
        niks = {j.id: j.nik for j in session.scalars(sa.select(Journalist))}
        phones = {m.id: m.phone for m in session.scalars(sa.select(KimMember))}
        erased = session.execute(sa.select(ACCESS_LOG.c.record_kind, ACCESS_LOG.c.record_id, ACCESS_LOG.c.action)).all()
    assert sorted(j for j, nik in niks.items() if nik == ERASED) == lapsed_journalists
    assert all(nik.startswith("7174") for j, nik in niks.items() if j not in lapsed_journalists)
    assert sorted(m for m, phone in phones.items() if phone is None) == sorted([*lapsed_members, made["kim 11"]])
    assert phones[made["kim 20"]] == "081200000021"
    assert sorted(erased) == sorted(
        [("journalist", str(j), "erase") for j in lapsed_journalists]
        + [("kim_member", str(m), "erase") for m in lapsed_members]
    )
    assert figures() == before, "the figures and the payment report are the same after the erasure"
    again = runner.invoke(args=["personal-data", "retention", "--dry-run"])
    assert "0 akan dihapus" in again.output and "  journalist" not in again.output, "nothing erased twice"


def test_the_breach_command_lists_the_journalists_and_members_held_and_drafts_their_notices(app, tmp_path):
    engine = app.extensions["suite"].db.engine
    with sa.orm.Session(engine) as session:
        made = generate(session)
    now = dt.datetime.now(dt.UTC)
    window = [
        "--from",
        (now - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        "--to",
        (now + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
    ]
    what = ["--what", "Cadangan basis data terbuka.", "--out", str(tmp_path)]
    records = ["--record", f"journalist:{made['kept: applied again']}", "--record", f"kim_member:{made['kim 20']}"]
    result = app.test_cli_runner().invoke(args=["personal-data", "breach", *window, *records, *what])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 orang terdampak")
    letters = sorted(p for p in tmp_path.iterdir() if p.name[0].isdigit())
    first, second = (p.read_text() for p in letters)
    assert "Kepada: redaksi4@m.example.id" in first and "kept: applied again" in first and "NIK" in first
    assert "Kepada: 081200000021" in second and "nomor telepon" in second
    everyone = app.test_cli_runner().invoke(args=["personal-data", "breach", *window, *what])
    assert everyone.output.startswith("8 orang terdampak"), "five journalists and three members with a phone"
