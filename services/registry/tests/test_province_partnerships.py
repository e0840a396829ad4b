"""The province's roll-up of its regencies' partnerships, and the registry keeping only its own office's releases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from chassis import province as chassis_province
from chassis.consumer import Consumer
from chassis.events import CloudEvent
from registry import events, province
from registry.events import handlers
from registry.models import Release, mail_outbox

YEAR = 2026


def event(region: str, type: str, data: dict, time: str = "2026-03-01T00:00:00.000Z", id: str | None = None):
    made = CloudEvent.new(source=f"/{region}/registry", type=type, data=data)
    return CloudEvent(id=id or made.id, source=made.source, type=type, time=time, subject=None, data=data)


def started(region: str, contract_id: int, outlet_id: int, value: int, **kw) -> CloudEvent:
    data = {
        "id": contract_id,
        "outlet_id": outlet_id,
        "period_id": 1,
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-12-31",
        "value": value,
        "quota": 10,
        "rate": value // 10,
    }
    return event(region, events.CONTRACT_STARTED, data, **kw)


def paid(region: str, record_id: int, contract_id: int, amount: int, **kw) -> CloudEvent:
    data = {
        "id": record_id,
        "contract_id": contract_id,
        "period_id": 1,
        "month": f"{YEAR}-02",
        "amount": amount,
        "tax_withheld": 0,
        "net_amount": amount,
        "paid_on": f"{YEAR}-03-05",
    }
    return event(region, events.PAYMENT_PAID, data, **kw)


def journalist(region: str, journalist_id: int, outlet_id: int, level: str, **kw) -> CloudEvent:
    data = {"id": journalist_id, "outlet_id": outlet_id, "ukw_level": level, "left_on": None}
    return event(region, events.JOURNALIST_CHANGED, data, **kw)


def province_consumer(app) -> Consumer:
    suite = app.extensions["suite"]
    return chassis_province.consumer(suite.settings, suite.db, suite.tables, province.province_handlers)


def figures(client, year=YEAR) -> dict:
    answer = client.get("/api/registry/regions", query_string={"year": year})
    assert answer.status_code == 200, answer.json
    return {item["region_code"]: item for item in answer.json["items"]}


def test_two_regions_with_the_same_ids_are_kept_apart_and_a_duplicate_counts_once(app, client):
    consumer = province_consumer(app)
    for region, value in (("35.78", 12_000_000), ("35.15", 30_000_000)):
        assert consumer.handle(started(region, 1, 7, value)) == "handled"
        assert consumer.handle(paid(region, 1, 1, value // 4)) == "handled"
        assert consumer.handle(journalist(region, 1, 7, "madya")) == "handled"
    again = started("35.78", 1, 7, 12_000_000)
    assert consumer.handle(again) == "handled"  # another delivery of the same state, under a new id
    duplicate = paid("35.78", 2, 1, 1_000_000, id="dup-1")
    assert consumer.handle(duplicate) == "handled" and consumer.handle(duplicate) == "duplicate"
    found = figures(client)
    assert found["35.78"] | {"journalists": None} == {
        "region_code": "35.78",
        "region_name": "35.78",
        "active_partners": 1,
        "contract_value": 12_000_000,
        "paid": 3_000_000 + 1_000_000,
        "journalists": None,
    }
    assert found["35.78"]["journalists"] == {"utama": 0, "madya": 1, "muda": 0, "none": 0}
    assert (found["35.15"]["contract_value"], found["35.15"]["paid"]) == (30_000_000, 7_500_000)
    assert figures(client, YEAR + 1)["35.15"]["paid"] == 0


def test_an_older_event_never_overwrites_a_newer_state(app, client):
    consumer = province_consumer(app)
    ended = event("35.78", events.CONTRACT_ENDED, {"id": 5, "status": "ended"}, time="2026-06-01T00:00:00.000Z")
    consumer.handle(ended)
    # The start arrives after the end (a retry): it brings the terms, not its older state.
    consumer.handle(started("35.78", 5, 9, 50_000_000, time="2026-01-02T00:00:00.000Z"))
    assert figures(client)["35.78"]["active_partners"] == 0
    consumer.handle(journalist("35.78", 3, 9, "utama", time="2026-05-01T00:00:00.000Z"))
    consumer.handle(journalist("35.78", 3, 9, "muda", time="2026-04-01T00:00:00.000Z"))
    with app.extensions["suite"].db.session() as session:
        assert session.get(province.RegionJournalist, ("35.78", 3)).ukw_level == "utama"


def test_configured_regions_are_listed_before_any_event(app, client):
    settings = app.extensions["suite"].settings
    object.__setattr__(settings, "province_regions", ("35.78=Kota Surabaya", "35.15=Kabupaten Sidoarjo"))
    items = client.get("/api/registry/regions", query_string={"year": YEAR}).json["items"]
    assert [(i["region_code"], i["region_name"], i["active_partners"]) for i in items] == [
        ("35.78", "Kota Surabaya", 0),
        ("35.15", "Kabupaten Sidoarjo", 0),
    ]


def test_a_bad_year_is_refused_naming_the_field(client):
    for year in ("abc", "1900", ""):
        answer = client.get("/api/registry/regions", query_string={"year": year})
        assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
        assert answer.json["errors"][0]["field"] == "year"
    assert client.get("/api/registry/regions").status_code == 422


def test_another_offices_release_is_neither_kept_nor_mailed(app):
    suite = app.extensions["suite"]
    consumer = Consumer(suite.settings, suite.db, suite.tables, handlers)
    data = {
        "id": 41,
        "type": "release",
        "title": "Siaran kabupaten lain",
        "url": "https://lain.example/41",
        "published_at": "2026-11-20T02:00:00+00:00",
    }
    other = CloudEvent.new(source="/35.78/newsroom", type="newsroom.article.published.v1", data=data)
    assert consumer.handle(other) == "handled"
    for kind in ("corrected", "withdrawn"):
        consumer.handle(CloudEvent.new(source="/35.78/newsroom", type=f"newsroom.article.{kind}.v1", data=data))
    own = CloudEvent.new(
        source=suite.settings.source.replace("registry", "newsroom"),
        type="newsroom.article.published.v1",
        data={**data, "id": 42},
    )
    consumer.handle(own)
    with suite.db.session() as session:
        assert session.get(Release, 41) is None
        assert session.get(Release, 42).source == own.source
        assert (
            session.scalar(
                select(func.count()).select_from(mail_outbox).where(mail_outbox.c.subject.contains("kabupaten lain"))
            )
            == 0
        )


def seed_partnership(app) -> None:
    """One outlet with a contract, a paid month and a journalist (with a name and NIK, which must never travel)."""
    from registry.models import Application, Contract, Journalist, Outlet, PaymentRecord, Period

    suite = app.extensions["suite"]
    with suite.db.session() as session:
        outlet = Outlet(
            name="Media A",
            legal_name="PT A",
            media_type="online",
            npwp="0" * 15 + "1",
            nib="1" * 13,
            address="-",
            registered_by="x",
        )
        now = dt.datetime.now(dt.UTC)
        period = Period(year=YEAR, title="P", budget=10**9, opens_at=now, closes_at=now, created_by="x")
        session.add_all([outlet, period])
        session.flush()
        application = Application(period_id=period.id, outlet_id=outlet.id, status="approved", tier="a", created_by="x")
        session.add(application)
        session.flush()
        contract = Contract(
            application_id=application.id,
            period_id=period.id,
            number="K-1",
            starts_on=dt.date(YEAR, 1, 1),
            ends_on=dt.date(YEAR, 12, 31),
            value=24_000_000,
            quota=12,
            rate=2_000_000,
            created_by="x",
        )
        session.add(contract)
        session.flush()
        session.add_all(
            [
                PaymentRecord(
                    contract_id=contract.id,
                    month=f"{YEAR}-02",
                    status="paid",
                    paid_on=dt.date(YEAR, 3, 1),
                    paid_amount=2_000_000,
                ),
                Journalist(
                    outlet_id=outlet.id, name="Nama Wartawan", nik="7174000000000001", role="reporter", ukw_level="muda"
                ),
            ]
        )
        session.commit()


def test_snapshot_after_live_events_counts_nothing_twice(app, client):
    """A regency's snapshot (its current state) on top of the live events already received changes no figure."""
    seed_partnership(app)
    suite = app.extensions["suite"]
    with suite.db.session() as session:
        from chassis.messaging import UnitOfWork

        with UnitOfWork(suite.db, suite.tables, "/35.78/registry", session=session) as uow:
            assert province.snapshot(uow) == 3
            sent = list(uow.events)
    assert all("Nama Wartawan" not in e.to_json() and "7174000000000001" not in e.to_json() for e in sent)
    consumer = province_consumer(app)
    for snapshot_event in sent:
        consumer.handle(snapshot_event)
    first = figures(client)["35.78"]
    for snapshot_event in sent:  # sent again (the operator ran it twice): new ids, same state
        consumer.handle(
            CloudEvent.new(source=snapshot_event.source, type=snapshot_event.type, data=snapshot_event.data)
        )
    assert figures(client)["35.78"] == first
    assert (first["active_partners"], first["contract_value"], first["paid"]) == (1, 24_000_000, 2_000_000)
    assert first["journalists"]["muda"] == 1


def test_the_snapshot_command_writes_the_state_into_the_outbox_once_per_run(app):
    from registry.models import messaging

    seed_partnership(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["province-snapshot", "--batch", "2"])
    assert result.exit_code == 0 and "3 rekaman" in result.output, result.output
    with app.extensions["suite"].db.session() as session:
        types = list(session.scalars(select(messaging.outbox.c.type).order_by(messaging.outbox.c.seq)))
    assert sorted(types) == sorted([events.CONTRACT_SNAPSHOT, events.PAYMENT_SNAPSHOT, events.JOURNALIST_SNAPSHOT])
