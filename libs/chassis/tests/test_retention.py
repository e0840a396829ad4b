"""The retention job erases exactly what has lapsed, keeps every row the figures count, logs each erasure, and
shows the same list without touching anything on a dry run."""

from __future__ import annotations

import datetime as dt

import probe
import pytest
import sqlalchemy as sa

from chassis.personal_data import define_access_log_table
from chassis.retention import Rule, describe, run
from chassis.settings import ServiceSettings
from chassis.web import create_service_app

NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
metadata = sa.MetaData()
people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=True),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
)
log = define_access_log_table(metadata)


def lapsed(session, now):
    cutoff = now - dt.timedelta(days=2 * 365)
    query = sa.select(people.c.id).where(people.c.closed_at < cutoff, people.c.name.is_not(None)).order_by("id")
    return session.execute(query).scalars().all()


def erase(session, ids, now):
    session.execute(sa.update(people).where(people.c.id.in_(ids)).values(name=None))


RULES = [Rule("person", "Identitas pemohon", ("name",), lapsed, erase)]


@pytest.fixture
def app(tmp_path, tokens):
    from chassis import retention

    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", jwt_public_key=tokens.public_pem
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    engine = app.extensions["suite"].db.engine
    metadata.create_all(engine)
    rows = [
        {"id": 1, "name": "Lama Sekali", "closed_at": NOW - dt.timedelta(days=900)},
        {"id": 2, "name": "Baru Tutup", "closed_at": NOW - dt.timedelta(days=30)},
        {"id": 3, "name": "Masih Buka", "closed_at": None},
        {"id": 4, "name": "Tepat Lewat", "closed_at": NOW - dt.timedelta(days=731)},
    ]
    with engine.begin() as connection:
        connection.execute(sa.insert(people), rows)
    retention.register(app, lambda settings: RULES, log)
    return app


def names(app):
    with app.extensions["suite"].db.engine.connect() as connection:
        return dict(connection.execute(sa.select(people.c.id, people.c.name)).all())


def test_a_dry_run_lists_what_has_lapsed_and_changes_nothing(app):
    before = names(app)
    with app.extensions["suite"].db.session() as session:
        outcomes = run(session, RULES, NOW, dry_run=True, log_table=log)
        assert session.execute(sa.select(sa.func.count()).select_from(log)).scalar_one() == 0
    assert [(o.kind, o.ids, o.erased) for o in outcomes] == [("person", (1, 4), False)]
    assert describe(outcomes, True)[0] == "Identitas pemohon (person): 2 akan dihapus"
    assert names(app) == before


def test_the_job_erases_exactly_the_lapsed_keeps_the_rows_and_logs_each(app):
    with app.extensions["suite"].db.session() as session, session.begin():
        run(session, RULES, NOW, dry_run=False, log_table=log)
    assert names(app) == {1: None, 2: "Baru Tutup", 3: "Masih Buka", 4: None}
    with app.extensions["suite"].db.engine.connect() as connection:
        logged = connection.execute(sa.select(log.c.actor, log.c.action, log.c.record_id, log.c.fields)).all()
    assert logged == [("retensi", "erase", "1", ["name"]), ("retensi", "erase", "4", ["name"])]
    with app.extensions["suite"].db.session() as session:
        assert run(session, RULES, NOW, dry_run=True)[0].ids == ()  # nothing left to erase


def test_the_command_dry_runs_first_then_erases(app):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["personal-data", "retention", "--dry-run"])
    assert dry.exit_code == 0 and "2 akan dihapus" in dry.output and "person 4" in dry.output
    assert names(app)[1] == "Lama Sekali"
    done = runner.invoke(args=["personal-data", "retention"])
    assert done.exit_code == 0 and "0 dihapus" not in done.output
    assert names(app)[1] is None and names(app)[2] == "Baru Tutup"
