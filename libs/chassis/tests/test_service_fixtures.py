"""A conftest of one line gets a service's database, app, client and app factory (chassis.testing.service_fixtures):
run on the probe service in a pytest of its own, as a service's test folder would."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

MIGRATION_ENV = """
import probe
from chassis.migrations import run_env

run_env(probe.metadata)
"""

FIRST_MIGRATION = """
import probe
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    probe.metadata.create_all(op.get_bind())
"""

CONFTEST = f"""
import sys
from pathlib import Path

sys.path.insert(0, {str(HERE)!r})

import probe
from chassis.mail import define_mail_table
from chassis.settings import ServiceSettings
from chassis.testing import service_fixtures

MIGRATIONS = Path(__file__).parent / "migrations"
mail_outbox = define_mail_table(probe.metadata)


def create_app(settings):
    from chassis.web import create_service_app

    return create_service_app(settings, probe.metadata, probe.tables, title="Probe", handlers=probe.handlers,
                              migrations=MIGRATIONS)


def from_env(**values):
    return ServiceSettings(service_name="probe", **values)


probe_database, app_with, app, client, s3_app, s3_prefix = service_fixtures("probe", create_app, from_env, MIGRATIONS)
"""

TESTS = """
import sqlalchemy as sa

import probe
from chassis import mail
from chassis.testing import outbox_events, queued_mail
from chassis.web import unit_of_work


def test_1_the_app_runs_on_the_migrated_database_with_the_test_settings(app, client, probe_database, tokens):
    assert app.extensions["suite"].settings.database_url == probe_database
    assert app.extensions["suite"].settings.jwt_public_key == tokens.public_pem
    assert client.get("/healthz").status_code == 200
    with app.extensions["suite"].db.session() as session:
        session.execute(sa.insert(probe.effects).values(event_id="e1", value=1))
        session.commit()


def test_2_every_table_is_empty_again_for_the_next_test(app):
    with app.extensions["suite"].db.session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(probe.effects)).scalar() == 0


def test_3_app_with_gives_more_apps_with_other_settings(app_with, app):
    other = app_with(office_timezone="Asia/Jayapura")
    assert other is not app and other.extensions["suite"].settings.office_timezone == "Asia/Jayapura"
    assert app.extensions["suite"].settings.office_timezone == "Asia/Jakarta"


def test_4_outbox_events_and_queued_mail_read_what_the_app_left(app):
    with app.app_context():
        with unit_of_work() as uow:
            uow.emit("probe.thing.happened.v1", {"value": 1})
            uow.emit("probe.other.v1", {"value": 2})
            mail.queue(uow.session, app.extensions["suite"].metadata.tables["mail_outbox"], "a@example.id", "S", "B")
            uow.commit()
    assert [e["type"] for e in outbox_events(app)] == ["probe.thing.happened.v1", "probe.other.v1"]
    assert [e["data"] for e in outbox_events(app, "probe.other.v1")] == [{"value": 2}]
    assert [(m.to_address, m.subject, m.body) for m in queued_mail(app)] == [("a@example.id", "S", "B")]
"""


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "probe_tests"
    (folder / "migrations" / "versions").mkdir(parents=True)
    (folder / "migrations" / "env.py").write_text(MIGRATION_ENV)
    (folder / "migrations" / "versions" / "0001_probe.py").write_text(FIRST_MIGRATION)
    (folder / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    (folder / "test_probe.py").write_text(TESTS)
    (folder / "pytest.ini").write_text("[pytest]\n")
    return folder


def test_a_one_line_conftest_gives_the_service_fixtures(project):
    options = ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-k", "sqlite", "--rootdir", str(project)]
    command = [sys.executable, "-m", "pytest", *options, "-c", str(project / "pytest.ini"), str(project)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=project, timeout=240)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "4 passed" in run.stdout, run.stdout[-2000:]
