"""The province's PPID roll-up: handlers of the regencies' events, the snapshot, and the public API."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from chassis import province as chassis_province
from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from chassis.testing import service_app, test_settings
from ppid import MIGRATIONS, create_app, events, province
from ppid.models import Base, messaging
from ppid.settings import from_env

REGIONS = ("35.78=Kota Surabaya", "35.15=Kabupaten Sidoarjo")
SURABAYA, SIDOARJO, MALANG = "35.78", "35.15", "35.73"
NUMBER = "PPID-3578-2026-00001"


@pytest.fixture
def app(app_with):
    return app_with(province_exchange="province.events", province_regions=REGIONS)


@pytest.fixture
def consumer(app):
    """The province consumer's own handling (inbox on (source, id), then the handler, in one transaction)."""
    suite = app.extensions["suite"]
    return Consumer(
        chassis_province.consumer_settings(suite.settings), suite.db, suite.tables, province.province_handlers
    )


def state(**changes):
    base = {
        "revision": 1,
        "received_on": "2026-03-02",
        "channel": "web",
        "status": "received",
        "open": True,
        "due_date": "2026-03-16",
        "extended": False,
        "overdue": False,
        "decision": None,
        "refusal_grounds": [],
        "decided_on": None,
        "late": None,
        "objections": 0,
        "objections_pending": 0,
        "disputes": 0,
        "disputes_pending": 0,
    }
    return {**base, **changes}


def event(region, type_=events.SUBMITTED, number=NUMBER, event_id=None, **changes):
    made = CloudEvent.new(
        source=f"/{region}/ppid",
        type=type_,
        subject=number,
        data={"registration_number": number, "state": state(**changes)},
    )
    if event_id is not None:
        made = CloudEvent(**{**made.__dict__, "id": event_id})
    return made


DECIDED_LATE = {
    "revision": 5,
    "status": "decided",
    "open": False,
    "decision": "refused",
    "refusal_grounds": ["h", "a"],
    "decided_on": "2026-03-20",
    "late": True,
}


def rows(app):
    with app.extensions["suite"].db.session() as session:
        return {(r.region_code, r.registration_number): r for r in session.scalars(select(province.RegionRequest))}


def figures(client, year=2026):
    response = client.get(f"/api/ppid/regions?year={year}")
    assert response.status_code == 200, response.json
    return {item["region_code"]: item for item in response.json["items"]}


def test_every_event_kind_moves_the_request_to_its_newest_state(app, consumer):
    steps = [
        (events.SUBMITTED, {}),
        (events.ROUTED, {"revision": 2, "status": "disposed"}),
        (events.EXTENDED, {"revision": 3, "status": "disposed", "extended": True, "due_date": "2026-03-25"}),
        (events.OVERDUE, {"revision": 4, "status": "examining", "extended": True, "overdue": True}),
        (events.DECIDED, {**DECIDED_LATE, "extended": True}),
        (events.OBJECTION_FILED, {**DECIDED_LATE, "revision": 6, "objections": 1, "objections_pending": 1}),
        (events.OBJECTION_DECIDED, {**DECIDED_LATE, "revision": 7, "objections": 1}),
        (events.DISPUTE_FILED, {**DECIDED_LATE, "revision": 8, "objections": 1, "disputes": 1, "disputes_pending": 1}),
    ]
    for type_, changes in steps:
        assert consumer.handle(event(SURABAYA, type_, **changes)) == "handled"
    row = rows(app)[(SURABAYA, NUMBER)]
    assert (row.revision, row.status, row.open, row.decision, row.late) == (8, "decided", False, "refused", True)
    assert row.refusal_grounds == ["a", "h"]
    assert (row.extended, row.objections, row.objections_pending, row.disputes) == (False, 1, 0, 1)


def test_incomplete_completed_and_closed_requests_count_as_the_regency_counts_them(app, consumer):
    client = app.test_client()
    consumer.handle(event(SURABAYA, events.SUBMITTED, received_on="2025-12-30"))
    consumer.handle(event(SURABAYA, events.INCOMPLETE, revision=2, status="incomplete", received_on="2025-12-30"))
    assert figures(client, 2025)[SURABAYA]["received"] == 1
    # Completed in the new year: the request now counts as received then, as in the regency's own report.
    consumer.handle(event(SURABAYA, events.COMPLETED, revision=3, received_on="2026-01-05"))
    assert figures(client, 2025)[SURABAYA]["received"] == 0
    assert figures(client, 2026)[SURABAYA]["received"] == 1
    other = "PPID-3578-2026-00002"
    consumer.handle(event(SURABAYA, events.SUBMITTED, number=other))
    consumer.handle(event(SURABAYA, events.CLOSED, number=other, revision=3, status="closed", open=False))
    surabaya = figures(client)[SURABAYA]
    assert (surabaya["received"], surabaya["open"], surabaya["closed_undecided"], surabaya["decided"]) == (2, 1, 1, 0)


def test_a_duplicate_delivery_is_a_no_op(app, consumer):
    submitted = event(SURABAYA)
    assert consumer.handle(submitted) == "handled"
    assert consumer.handle(submitted) == "duplicate"
    assert figures(app.test_client())[SURABAYA]["received"] == 1


def test_a_stale_event_never_overwrites_a_newer_state(app, consumer):
    consumer.handle(event(SURABAYA, events.DECIDED, **DECIDED_LATE))
    consumer.handle(event(SURABAYA, events.ROUTED, revision=2, status="disposed"))  # arrived after, happened before
    row = rows(app)[(SURABAYA, NUMBER)]
    assert (row.revision, row.status, row.decision) == (5, "decided", "refused")
    assert figures(app.test_client())[SURABAYA]["decided"] == 1


def test_a_snapshot_then_live_events_and_a_replay_never_count_twice(app, consumer):
    consumer.handle(event(SURABAYA, events.SNAPSHOT, revision=3, status="examining"))
    consumer.handle(event(SURABAYA, events.SUBMITTED))  # replayed from before the snapshot
    consumer.handle(event(SURABAYA, events.DECIDED, **DECIDED_LATE))
    consumer.handle(event(SURABAYA, events.SNAPSHOT, revision=3, status="examining"))  # snapshot sent again late
    surabaya = figures(app.test_client())[SURABAYA]
    assert (surabaya["received"], surabaya["decided"], surabaya["late"], surabaya["open"]) == (1, 1, 1, 0)


def test_two_regions_keep_the_same_number_and_event_id_apart(app, consumer):
    assert consumer.handle(event(SURABAYA, event_id="same-id")) == "handled"
    assert consumer.handle(event(SIDOARJO, event_id="same-id", channel="letter")) == "handled"
    assert set(rows(app)) == {(SURABAYA, NUMBER), (SIDOARJO, NUMBER)}
    found = figures(app.test_client())
    assert found[SURABAYA]["by_channel"]["web"] == found[SIDOARJO]["by_channel"]["letter"] == 1


def test_a_malformed_state_is_refused_not_counted(app, consumer):
    for bad in ({"decision": "maybe"}, {"received_on": "02-03-2026"}, {"revision": -1}, {"decision": "granted"}):
        with pytest.raises(ValueError):
            consumer.handle(event(SURABAYA, **bad))
    assert rows(app) == {}


def test_a_submission_from_an_older_producer_without_state_still_counts(app, consumer):
    old = CloudEvent.new(
        source=f"/{SURABAYA}/ppid",
        type=events.SUBMITTED,
        subject=NUMBER,
        data={
            "registration_number": NUMBER,
            "channel": "email",
            "status": "received",
            "received_on": "2026-04-01",
            "due_date": "2026-04-15",
        },
    )
    consumer.handle(old)
    consumer.handle(event(SURABAYA, events.DECIDED, **DECIDED_LATE))
    assert rows(app)[(SURABAYA, NUMBER)].decision == "refused"


def test_regions_api_follows_the_contract(app, consumer):
    consumer.handle(event(SURABAYA))
    consumer.handle(event(SURABAYA, events.DECIDED, number="PPID-3578-2026-00002", **DECIDED_LATE))
    consumer.handle(
        event(
            SURABAYA,
            events.DECIDED,
            number="PPID-3578-2026-00003",
            **{**DECIDED_LATE, "decision": "granted", "refusal_grounds": [], "late": False},
        )
    )
    consumer.handle(event(MALANG, received_on="2026-07-01"))  # a region not configured (yet) is shown by its code
    consumer.handle(event(SIDOARJO, received_on="2025-06-01"))  # another year
    response = app.test_client().get("/api/ppid/regions?year=2026")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    items = response.json["items"]
    assert [i["region_code"] for i in items] == [SURABAYA, SIDOARJO, MALANG]
    assert [i["region_name"] for i in items] == ["Kota Surabaya", "Kabupaten Sidoarjo", MALANG]
    contract = ("received", "decided", "on_time", "late", "refused", "objections", "open")
    assert {k: items[0][k] for k in contract} == {
        "received": 3,
        "decided": 2,
        "on_time": 1,
        "late": 1,
        "refused": 1,
        "objections": 0,
        "open": 1,
    }
    assert items[0]["on_time_rate"] == 50.0
    assert items[0]["refused_by_ground"] == {**dict.fromkeys("abcdefghij", 0), "a": 1, "h": 1}
    assert {k: items[1][k] for k in contract} == dict.fromkeys(contract, 0)
    assert items[1]["on_time_rate"] is None
    assert items[2]["received"] == 1


def test_monthly_api_gives_twelve_months_per_region(app, consumer):
    consumer.handle(event(SURABAYA, events.DECIDED, **{**DECIDED_LATE, "late": False}))
    consumer.handle(event(SURABAYA, number="PPID-3578-2026-00002", received_on="2026-11-03"))
    response = app.test_client().get("/api/ppid/regions/monthly?year=2026")
    assert response.status_code == 200
    surabaya, sidoarjo = response.json["items"]
    assert [m["month"] for m in surabaya["months"]] == list(range(1, 13))
    assert surabaya["months"][2] == {
        "month": 3,
        "received": 1,
        "decided": 1,
        "on_time": 1,
        "late": 0,
        "on_time_rate": 100.0,
    }
    assert surabaya["months"][10]["received"] == 1 and surabaya["months"][10]["on_time_rate"] is None
    assert sum(m["received"] for m in sidoarjo["months"]) == 0


@pytest.mark.parametrize("query", ["", "?year=", "?year=abc", "?year=1999", "?year=99999999999"])
@pytest.mark.parametrize("path", ["/api/ppid/regions", "/api/ppid/regions/monthly"])
def test_a_bad_year_is_a_problem_naming_the_field(client, path, query):
    response = client.get(path + query)
    assert response.status_code == 422
    assert response.content_type.startswith("application/problem+json")
    (error,) = response.json["errors"]
    assert error["field"] == "year"
    assert error["message"] in ("Wajib diisi.", "Tahun berupa angka, mis. 2026.", "Tahun 2008-2100."), "in Indonesian"


def test_a_regency_without_province_regions_answers_an_empty_list(ppid_database, tokens):
    with service_app(create_app, test_settings(from_env, ppid_database, tokens)) as regency:
        client = regency.test_client()
        assert client.get("/api/ppid/regions?year=2026").json == {"items": []}
        assert client.get("/api/ppid/regions/monthly?year=2026").json == {"items": []}


def test_the_migration_makes_the_fact_table_of_the_model(ppid_database):
    from chassis.testing import assert_migrations_match_models

    assert "province_requests" in Base.metadata.tables
    assert_migrations_match_models(MIGRATIONS, ppid_database, Base.metadata)


def test_snapshot_emits_every_request_with_its_current_state_and_no_personal_data(app, valid_request, tokens):
    client = app.test_client()
    officer = tokens.headers("ppid:officer", username="petugas.ppid")
    numbers = [client.post("/api/ppid/requests", json=valid_request).json["registration_number"] for _ in range(3)]
    extended = client.post(
        f"/api/ppid/requests/{numbers[1]}/extend", json={"reason": "Data di tiga OPD"}, headers=officer
    )
    assert extended.status_code == 200, extended.json
    suite = app.extensions["suite"]
    count = chassis_province.take_snapshot(suite.settings, suite.db, suite.tables, province.snapshot, batch=2)
    assert count == 3
    with suite.db.session() as session:
        payloads = [r.payload for r in session.execute(select(messaging.outbox).order_by(messaging.outbox.c.seq))]
    snapshots = [json.loads(p) for p in payloads if '"ppid.request.snapshot.v1"' in p]
    assert [s["data"]["registration_number"] for s in snapshots] == numbers
    assert snapshots[1]["data"]["state"]["extended"] is True
    live = [json.loads(p) for p in payloads if '"ppid.request.extended.v1"' in p]
    assert snapshots[1]["data"]["state"] == live[0]["data"]["state"], "the snapshot says what the live event said"
    for personal in (
        valid_request["nik"],
        valid_request["name"],
        valid_request["address"],
        valid_request["phone"],
        valid_request["email"],
        valid_request["information"],
    ):
        assert all(personal not in p for p in payloads)


def test_the_province_consumer_handles_every_event_ppid_publishes():
    assert set(province.province_handlers.by_type) == set(events.PUBLISHES)


def test_a_handler_is_a_plain_function_of_a_unit_of_work_and_an_event(app):
    """A handler is a plain (uow, event) function, as the worker and the snapshot import call it."""
    suite = app.extensions["suite"]
    with UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
        province.apply(uow, event(SIDOARJO))
        uow.commit()
    assert set(rows(app)) == {(SIDOARJO, NUMBER)}
