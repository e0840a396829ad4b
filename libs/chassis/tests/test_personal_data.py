"""Personal data sealed at rest under replaceable keys, found by a keyed hash, masked in view, and every look logged."""

from __future__ import annotations

import base64
import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from chassis.auth import Principal
from chassis.db import make_engine
from chassis.personal_data import (
    POSTGRES_APPEND_ONLY,
    SealError,
    access_rows,
    define_access_log_table,
    mask_email,
    mask_nik,
    mask_phone,
    mask_text,
    new_key_text,
    record_access,
    sealer_from,
)
from chassis.testing import create_postgres_database, drop_postgres_database

NIK = "7174014507900002"
INDEX_KEY = base64.b64encode(b"i" * 32).decode()


def sealer(keys: str):
    return sealer_from(keys, INDEX_KEY)


def test_a_sealed_nik_opens_only_for_its_purpose_and_holds_no_digit_of_it():
    s = sealer(new_key_text("k1"))
    stored = s.seal(NIK, "ppid.request.nik")
    assert NIK not in stored and "4507" not in stored and stored.startswith("pd1:k1:")
    assert s.seal(NIK, "ppid.request.nik") != stored  # a fresh nonce each time: equal values do not look equal
    assert s.open(stored, "ppid.request.nik") == NIK
    with pytest.raises(SealError):
        s.open(stored, "registry.journalist.nik")
    assert s.seal(None, "x") is None and s.open(None, "x") is None


def test_a_new_key_reads_the_old_values_and_reseals_them_under_itself():
    old = new_key_text("k1")
    before = sealer(old).seal(NIK, "p")
    rotated = sealer(f"{new_key_text('k2')},{old}")
    assert rotated.open(before, "p") == NIK and not rotated.is_current(before)
    after = rotated.reseal(before, "p")
    assert after.startswith("pd1:k2:") and rotated.open(after, "p") == NIK
    assert rotated.reseal(after, "p") == after
    with pytest.raises(SealError, match="no longer"):
        sealer(new_key_text("k3")).open(after, "p")


def test_the_index_finds_the_same_number_however_it_was_typed_and_only_under_its_key():
    s = sealer(new_key_text("k1"))
    assert s.index("0812-3456-7890", "phone") == s.index("0812 3456 7890", "phone") == s.index("081234567890", "phone")
    assert s.index(NIK, "nik") != s.index(NIK, "phone")
    other = sealer_from(new_key_text("k1"), base64.b64encode(b"j" * 32).decode())
    assert other.index(NIK, "nik") != s.index(NIK, "nik")
    assert NIK not in s.index(NIK, "nik")


@pytest.mark.parametrize(
    "keys, index_key",
    [("", INDEX_KEY), ("k1:bm90IDMyIGJ5dGVz", INDEX_KEY), ("k 1:" + "A" * 44, INDEX_KEY), ("a:" + INDEX_KEY, "x")],
    ids=["no-key", "short-key", "bad-id", "bad-index-key"],
)
def test_unusable_keys_are_refused_at_start(keys, index_key):
    with pytest.raises(SealError):
        sealer_from(keys, index_key)


def test_without_keys_in_settings_one_development_key_file_is_made_and_reused(tmp_path):
    path = tmp_path / "var" / "personal-data.keys"
    first = sealer_from("", "", path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert sealer_from("", "", path).open(first.seal(NIK, "p"), "p") == NIK


def test_masks_tell_records_apart_without_showing_the_value():
    assert mask_nik(NIK) == "7174 **** **** 0002"
    assert mask_phone("0812-3456-7890") == "0812*****890"
    assert mask_email("siti.aminah@example.id") == "s***@example.id"
    assert mask_text("Jl. Adampe Dolot No. 5") == "Jl. ***"
    assert mask_nik(None) == mask_phone("") == mask_email(None) == mask_text(None) == ""


@pytest.fixture(params=["sqlite", "postgresql"])
def log_engine(request, tmp_path, postgres_server):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'log.db'}")
        yield engine, False
        engine.dispose()
        return
    name = f"pd_{uuid.uuid4().hex[:10]}"
    url = create_postgres_database(postgres_server, name)
    engine = make_engine(url)
    yield engine, True
    engine.dispose()
    drop_postgres_database(postgres_server, name)


def test_the_access_log_keeps_who_looked_at_what_and_why_and_cannot_be_rewritten(log_engine):
    engine, postgres = log_engine
    metadata = sa.MetaData()
    table = define_access_log_table(metadata)
    metadata.create_all(engine)
    if postgres:
        with engine.begin() as connection:
            connection.exec_driver_sql(POSTGRES_APPEND_ONLY)
    officer = Principal("petugas", frozenset({"ppid:officer"}))
    at = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
    with sa.orm.Session(engine) as session, session.begin():
        record_access(
            session,
            table,
            at=at,
            principal=officer,
            action="reveal",
            record_kind="request",
            record_id="0001/PPID/XII/2026",
            fields=["nik"],
            reason="verifikasi",
        )
        record_access(
            session,
            table,
            at=at + dt.timedelta(days=1),
            principal=officer,
            action="export",
            record_kind="request",
            record_id="*",
            fields=["name", "email"],
            reason="laporan",
        )
        with pytest.raises(ValueError):
            record_access(
                session,
                table,
                at=at,
                principal=officer,
                action="peek",
                record_kind="request",
                record_id="1",
                fields=[],
                reason="x",
            )
    with sa.orm.Session(engine) as session:
        rows = access_rows(session, table, at, at + dt.timedelta(hours=1))
    assert [(r["actor"], r["roles"], r["action"], r["fields"], r["reason"]) for r in rows] == [
        ("petugas", ["ppid:officer"], "reveal", ["nik"], "verifikasi")
    ]
    if postgres:
        for statement in (sa.update(table).values(reason="x"), sa.delete(table)):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(statement)


def test_reseal_moves_every_value_of_a_column_to_the_new_key_and_nothing_else(tmp_path):
    from chassis.personal_data import reseal_column

    old_key = new_key_text("k1")
    old = sealer(old_key)
    metadata = sa.MetaData()
    people = sa.Table("people", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("nik", sa.Text))
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    metadata.create_all(engine)
    with engine.begin() as connection:
        values = [{"id": n, "nik": old.seal(f"71740145079{n:05d}", "nik") if n % 5 else None} for n in range(1, 13)]
        connection.execute(sa.insert(people), values)
    new = sealer(f"{new_key_text('k2')},{old_key}")
    with sa.orm.Session(engine) as session, session.begin():
        assert reseal_column(session, people.c.nik, "nik", new, batch=4) == 10
    with sa.orm.Session(engine) as session, session.begin():
        assert reseal_column(session, people.c.nik, "nik", new, batch=4) == 0
    with engine.connect() as connection:
        rows = connection.execute(sa.select(people.c.id, people.c.nik)).all()
    assert all(nik is None or nik.startswith("pd1:k2:") for _, nik in rows)
    assert [new.open(nik, "nik") for _, nik in rows if nik] == [f"71740145079{n:05d}" for n in range(1, 13) if n % 5]
