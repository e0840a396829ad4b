"""The province's plumbing in the chassis: whose event it is, the regions, the province consumer's topology,
the inbox keyed by (source, id), and the snapshot's unit of work."""

from __future__ import annotations

import dataclasses

import probe
import pytest
from sqlalchemy import func, select

from chassis import province
from chassis.consumer import Consumer
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import UnitOfWork
from chassis.settings import ServiceSettings, load

TYPE = "probe.thing.happened.v1"


def event(source: str, event_id: str = "same-id", value: int = 1) -> CloudEvent:
    return CloudEvent(id=event_id, source=source, type=TYPE, time="", subject=None, data={"value": value})


def test_region_of_is_the_first_segment_of_the_source():
    assert province.region_of(event("/35.78/ppid")) == "35.78"
    assert province.region_of(event("/64.72/newsroom")) == "64.72"


@pytest.mark.parametrize("source", ["ppid", "//ppid", "35.78/ppid", "/35.78", ""])
def test_a_source_without_a_region_is_an_invalid_event(source):
    with pytest.raises(InvalidEvent):
        province.region_of(event(source))


def test_regions_come_from_province_regions_in_their_order():
    settings = load(ServiceSettings, {"PROVINCE_REGIONS": "35.78=Kota Surabaya, 35.15=Kabupaten Sidoarjo,35.07"})
    assert province.regions(settings) == [
        ("35.78", "Kota Surabaya"),
        ("35.15", "Kabupaten Sidoarjo"),
        ("35.07", "35.07"),
    ]
    assert province.regions(ServiceSettings()) == []


def test_listed_regions_add_regions_seen_but_not_configured():
    settings = ServiceSettings(province_regions=("35.78=Kota Surabaya",))
    assert province.listed_regions(settings, ["35.15", "35.78", "35.15"]) == [
        ("35.78", "Kota Surabaya"),
        ("35.15", "35.15"),
    ]


def test_the_province_consumer_reads_its_own_queue_on_the_province_exchange():
    settings = probe.settings_for("sqlite://", "amqp://x", "t1.", province_exchange="province.events")
    view = province.consumer_settings(settings)
    assert (view.queue, view.exchange) == ("t1.probe.province", "t1.province.events")
    assert (settings.queue, settings.exchange) == ("t1.probe.events", "t1.suite.events")
    assert view.source == settings.source and view.dead_letter_exchange == settings.dead_letter_exchange
    assert dataclasses.asdict(view) == dataclasses.asdict(settings)
    assert province.is_province(settings) and not province.is_province(ServiceSettings())


def test_service_hooks_absent_module_means_no_provincial_view():
    assert province.service_hooks("probe") == (None, None)
    assert province.service_hooks("no_such_package_anywhere") == (None, None)


@pytest.fixture
def db(tmp_path):
    database = probe.database(f"sqlite:///{tmp_path / 'probe.db'}")
    yield database
    database.dispose()


def effects(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(probe.effects))


def test_the_same_event_id_from_two_regions_is_handled_twice_and_a_duplicate_once(db):
    settings = probe.settings_for(db.url, "amqp://unused", "")
    consumer = Consumer(settings, db, probe.tables, probe.handlers)
    assert consumer.handle(event("/35.78/probe")) == "handled"
    assert consumer.handle(event("/35.15/probe")) == "handled"
    assert consumer.handle(event("/35.78/probe")) == "duplicate"
    assert effects(db) == 2


def test_a_snapshot_enters_the_outbox_in_batches_within_one_transaction(db):
    settings = probe.settings_for(db.url, "amqp://unused", "")

    def snapshot(uow: UnitOfWork) -> int:
        for n in range(7):
            uow.emit("probe.thing.snapshot.v1", {"value": n})
            assert len(uow.events) < 3, "flushed every batch"
        return 7

    assert province.take_snapshot(settings, db, probe.tables, snapshot, batch=3) == 7
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(probe.tables.outbox)) == 7

    def failing(uow: UnitOfWork) -> int:
        for n in range(5):
            uow.emit("probe.thing.snapshot.v1", {"value": n})
        raise RuntimeError("the database went away mid-snapshot")

    with pytest.raises(RuntimeError):
        province.take_snapshot(settings, db, probe.tables, failing, batch=2)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(probe.tables.outbox)) == 7, "all or nothing"


def test_is_stale_only_when_the_incoming_value_is_older():
    assert province.is_stale(3, 2)
    assert not province.is_stale(3, 3) and not province.is_stale(3, 4)
    assert province.is_stale("2026-12-01T10:00:00Z", "2026-11-30T10:00:00Z")
    assert not province.is_stale(None, 1) and not province.is_stale(1, None)
