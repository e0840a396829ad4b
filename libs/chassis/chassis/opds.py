"""The office's list of departments (OPD) as a service keeps it, from its gateway's ``gateway.opds.changed.v1``.

The admin keeps the list once, at the gateway, which publishes the whole list (inactive OPDs included) with a version
that grows at every change. A service's copy takes a list only when its version is above the one it holds, so a
repeated, replayed or late event changes nothing; an OPD a newer list no longer names is kept, inactive, since the
service's records still name it. A list from another office's gateway (reaching this broker by a misrouted
federation) is not this office's. A malformed list raises ``InvalidEvent`` before anything is written: applied in
part, it would mark the OPDs left out inactive; the event goes to the dead-letter queue, where an operator sees it.

The service declares the two tables (``define_tables``) and calls ``replace_list`` from its handler; it reads the
copy as it likes (names for codes, active choices).
"""

from __future__ import annotations

import dataclasses
import re

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, select, update

from chassis.events import CloudEvent, InvalidEvent

CHANGED = "gateway.opds.changed.v1"
CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,63}\Z")
NAME_LENGTH = 200
LIST_ROW = 1


@dataclasses.dataclass(frozen=True)
class Entry:
    code: str
    name: str
    active: bool


@dataclasses.dataclass(frozen=True)
class OpdList:
    version: int
    entries: tuple[Entry, ...]


@dataclasses.dataclass(frozen=True)
class Tables:
    opds: Table  # code, name, active
    version: Table  # one row (id 1): the version of the list the copy holds


def define_tables(metadata: MetaData) -> Tables:
    """``opds`` and ``opd_list`` in a service's metadata (its migration creates them with ``create_tables``)."""
    return Tables(
        Table(
            "opds",
            metadata,
            Column("code", String(64), primary_key=True),
            Column("name", String(NAME_LENGTH), nullable=False),
            Column("active", Boolean, nullable=False),
        ),
        Table(
            "opd_list",
            metadata,
            Column("id", Integer, primary_key=True, autoincrement=False),
            Column("version", Integer, nullable=False),
        ),
    )


def create_tables(op) -> None:
    """The migration step that creates ``define_tables``' two tables."""
    import sqlalchemy as sa

    op.create_table(
        "opds",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=NAME_LENGTH), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_opds")),
    )
    op.create_table(
        "opd_list",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opd_list")),
    )


def drop_tables(op) -> None:
    op.drop_table("opd_list")
    op.drop_table("opds")


def from_own_gateway(source: str, event: CloudEvent) -> bool:
    """Whether ``event`` comes from the gateway of the office whose service's source is ``source``
    (``/<org code>/<service>``)."""
    return event.source == source.rsplit("/", 1)[0] + "/gateway"


def parse(data: object) -> OpdList:
    """The list an event carries, or ``InvalidEvent`` naming what is wrong with it."""
    if not isinstance(data, dict):
        raise InvalidEvent("OPD list: data is not an object")
    version, items = data.get("version"), data.get("opds")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidEvent(f"OPD list: version is not a positive whole number: {version!r}")
    if not isinstance(items, list):
        raise InvalidEvent("OPD list: opds is not a list")
    entries: dict[str, Entry] = {}
    for item in items:
        if not isinstance(item, dict):
            raise InvalidEvent("OPD list: an OPD is not an object")
        code, name, active = item.get("code"), item.get("name"), item.get("active")
        if not isinstance(code, str) or not CODE.match(code):
            raise InvalidEvent(f"OPD list: not an OPD code: {code!r}")
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > NAME_LENGTH:
            raise InvalidEvent(f"OPD list: {code} has no usable name")
        if not isinstance(active, bool):
            raise InvalidEvent(f"OPD list: {code}: active is not true or false")
        if code in entries:
            raise InvalidEvent(f"OPD list: {code} listed twice")
        entries[code] = Entry(code, name.strip(), active)
    return OpdList(version, tuple(entries.values()))


def merged(known: list[Entry], incoming: OpdList) -> list[Entry]:
    """What the copy holds after ``incoming``: its OPDs as listed, and each known one it no longer lists, inactive."""
    listed = {entry.code for entry in incoming.entries}
    return [*incoming.entries, *(dataclasses.replace(e, active=False) for e in known if e.code not in listed)]


def replace_list(session, tables: Tables, incoming: OpdList) -> bool:
    """Make the copy hold ``incoming`` if it is newer than the list held; returns whether it was. In the consumer's
    transaction. The version row is made if absent (without failing when another consumer makes it at the same
    moment) and locked first, so two lists handled at once are applied one after the other, the newer last."""
    from chassis.consumer import INSERT_OR_IGNORE

    version, opds = tables.version, tables.opds
    insert = INSERT_OR_IGNORE[session.get_bind().dialect.name](version)
    session.execute(insert.values(id=LIST_ROW, version=0).on_conflict_do_nothing())
    held = session.execute(select(version.c.version).where(version.c.id == LIST_ROW).with_for_update()).scalar_one()
    if incoming.version <= held:
        return False
    rows = session.execute(select(opds.c.code, opds.c.name, opds.c.active)).all()
    known = {row.code: Entry(row.code, row.name, row.active) for row in rows}
    for entry in merged(list(known.values()), incoming):
        if entry.code not in known:
            session.execute(opds.insert().values(code=entry.code, name=entry.name, active=entry.active))
        elif known[entry.code] != entry:
            session.execute(update(opds).where(opds.c.code == entry.code).values(name=entry.name, active=entry.active))
    session.execute(update(version).where(version.c.id == LIST_ROW).values(version=incoming.version))
    return True


def unusable(codes, known: dict[str, bool]) -> list[str]:
    """The codes a new record may not name, given every OPD of the office's list and whether it is active: any
    code while the office has no list yet (as before there was one), else only an active OPD of it."""
    return [code for code in codes if not known.get(code, False)] if known else []


def names(session, tables: Tables) -> dict[str, str]:
    """Every OPD's name by its code, inactive ones included (old records name them)."""
    return dict(session.execute(select(tables.opds.c.code, tables.opds.c.name)).all())


def active_choices(session, tables: Tables) -> list[tuple[str, str]]:
    """The active OPDs as ``(code, name)``, by name."""
    opds = tables.opds
    query = select(opds.c.code, opds.c.name).where(opds.c.active.is_(True)).order_by(opds.c.name, opds.c.code)
    return [(row.code, row.name) for row in session.execute(query)]
