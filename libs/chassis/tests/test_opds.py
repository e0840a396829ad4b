"""A service's copy of the office's OPD list (chassis.opds): parsed whole or refused, the newest version kept, an
OPD a newer list drops kept inactive, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from chassis import opds
from chassis.events import CloudEvent, InvalidEvent

DINKES = {"code": "dinkes", "name": "Dinas Kesehatan", "active": True}
BPBD = {"code": "bpbd", "name": "Badan Penanggulangan Bencana Daerah", "active": True}


@pytest.fixture
def copy(backend, databases):
    metadata = sa.MetaData()
    tables = opds.define_tables(metadata)
    engine = sa.create_engine(databases.url("opds", backend).replace("postgresql://", "postgresql+psycopg://", 1))
    metadata.create_all(engine)
    yield engine, tables
    metadata.drop_all(engine)
    engine.dispose()


def apply(engine, tables, version: int, *entries: dict) -> bool:
    with sa.orm.Session(engine) as session, session.begin():
        return opds.replace_list(session, tables, opds.parse({"version": version, "opds": list(entries)}))


def held(engine, tables) -> tuple[int, dict]:
    with sa.orm.Session(engine) as session:
        version = session.scalar(sa.select(tables.version.c.version)) or 0
        return version, {code: (name, active) for code, name, active in session.execute(sa.select(tables.opds))}


def test_the_newest_list_is_kept_and_a_dropped_opd_stays_inactive(copy):
    engine, tables = copy
    assert apply(engine, tables, 1, DINKES, BPBD)
    assert apply(engine, tables, 3, {**DINKES, "name": " Dinas Kesehatan Daerah "})
    assert not apply(engine, tables, 2, DINKES, BPBD), "an older list arriving late changes nothing"
    assert not apply(engine, tables, 3, BPBD), "nor does the same version again"
    assert held(engine, tables) == (
        3,
        {"dinkes": ("Dinas Kesehatan Daerah", True), "bpbd": ("Badan Penanggulangan Bencana Daerah", False)},
    )
    with sa.orm.Session(engine) as session:
        assert opds.names(session, tables) == {"dinkes": "Dinas Kesehatan Daerah", "bpbd": BPBD["name"]}
        assert opds.active_choices(session, tables) == [("dinkes", "Dinas Kesehatan Daerah")]


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"opds": []},
        {"version": "2", "opds": []},
        {"version": True, "opds": []},
        {"version": 0, "opds": []},
        {"version": 2, "opds": {}},
        {"version": 2, "opds": ["dinkes"]},
        {"version": 2, "opds": [{**DINKES, "code": "Dinas Kesehatan"}]},
        {"version": 2, "opds": [{**DINKES, "name": "  "}]},
        {"version": 2, "opds": [{**DINKES, "name": "x" * 201}]},
        {"version": 2, "opds": [{**DINKES, "active": "ya"}]},
        {"version": 2, "opds": [{"code": "dinkes", "name": "Dinkes"}]},
        {"version": 2, "opds": [DINKES, {**DINKES, "name": "lagi"}]},
    ],
)
def test_a_malformed_list_is_refused_whole(data):
    with pytest.raises(InvalidEvent):
        opds.parse(data)


def test_only_the_offices_own_gateway_is_heard():
    def event(source):
        return CloudEvent.new(source=source, type=opds.CHANGED, data={})

    assert opds.from_own_gateway("/71.74/ppid", event("/71.74/gateway"))
    for other in ("/71.01/gateway", "/71.74/newsroom", "/71.74/gateway/x"):
        assert not opds.from_own_gateway("/71.74/ppid", event(other)), other


def test_a_record_names_any_code_before_the_list_and_only_an_active_opd_after():
    assert opds.unusable(["apa-saja"], {}) == [], "no list yet: codes as typed, as before"
    known = {"dinkes": True, "disdik": False}
    assert opds.unusable(["dinkes", "disdik", "dinsos"], known) == ["disdik", "dinsos"]
