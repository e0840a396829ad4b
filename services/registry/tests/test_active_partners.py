"""Which partners count as active is one rule (``registry.domain.contracts``), in the office's local date, for the
release mailing and the public list of partners alike."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from chassis.consumer import Consumer
from chassis.events import CloudEvent
from registry import events
from registry.domain.contracts import is_running
from registry.events import handlers
from registry.models import Contract, mail_outbox


def test_a_contract_runs_on_the_days_of_its_period_only_while_active():
    first, last = dt.date(2027, 2, 1), dt.date(2027, 2, 28)
    assert is_running("active", first, last, first) and is_running("active", first, last, last)
    assert not is_running("active", first, last, dt.date(2027, 3, 1))
    assert not is_running("active", first, last, dt.date(2027, 1, 31))
    assert not is_running("suspended", first, last, dt.date(2027, 2, 10))


@pytest.fixture
def far_office(app):
    """Put the office in a zone whose date differs from UTC's right now (UTC+14 or UTC-12)."""
    suite = app.extensions["suite"]
    zone = "Pacific/Kiritimati" if dt.datetime.now(dt.UTC).hour >= 10 else "Etc/GMT+12"
    settings = dataclasses.replace(suite.settings, office_timezone=zone)
    suite.settings = settings
    events.configure(settings)
    assert settings.local_date() != dt.datetime.now(dt.UTC).date()
    return settings


def mailed(app) -> list[str]:
    with app.extensions["suite"].db.session() as session:
        query = select(mail_outbox.c.to_address).where(mail_outbox.c.subject.like("[Siaran pers]%"))
        return list(session.scalars(query))


def release(article_id: int) -> CloudEvent:
    return CloudEvent.new(
        source="/71.74/newsroom",
        type="newsroom.article.published.v1",
        data={
            "id": article_id,
            "type": "release",
            "title": "Jadwal vaksinasi",
            "url": "https://x.id/1",
            "published_at": dt.datetime.now(dt.UTC).isoformat(),
        },
    )


def test_a_contract_of_the_offices_today_only_is_mailed_and_listed_by_the_offices_date(
    app, client, far_office, contract_with, outlet
):
    day = far_office.local_date().isoformat()
    contract_with(value=1_000_000, quota=1, rate=1_000_000, starts_on=day, ends_on=day)
    suite = app.extensions["suite"]
    Consumer(suite.settings, suite.db, suite.tables, handlers).handle(release(61))
    assert mailed(app) == [outlet["email"]]
    assert outlet["brand"] in client.get("/registry/").text


def test_a_contract_past_its_end_is_neither_mailed_nor_listed_though_still_marked_active(
    app, client, contract_with, outlet
):
    today = app.extensions["suite"].settings.local_date()
    _partner, contract = contract_with(
        value=1_000_000,
        quota=1,
        rate=1_000_000,
        starts_on=(today - dt.timedelta(days=40)).isoformat(),
        ends_on=(today - dt.timedelta(days=1)).isoformat(),
    )
    suite = app.extensions["suite"]
    with suite.db.session() as session:
        assert session.scalar(select(Contract.status).where(Contract.id == contract["id"])) == "active"
    Consumer(suite.settings, suite.db, suite.tables, handlers).handle(release(62))
    assert mailed(app) == []
    assert outlet["brand"] not in client.get("/registry/").text
