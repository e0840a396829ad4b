"""The outbox and inbox tables every service keeps, and the unit of work that fills the outbox.

The outbox holds events written in the same transaction as the change that
caused them; the relay publishes them later. The inbox holds the ids of the
events a service has handled, so a redelivered event is a no-op.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    insert,
    text,
)
from sqlalchemy.orm import Session

from chassis import filestore
from chassis.db import Database, UtcDateTime
from chassis.events import CloudEvent
from chassis.files import Upload
from chassis.filestore import FileStore

# The PostgreSQL notification channel a commit that wrote events signals (one outbox per database).
OUTBOX_CHANNEL = "suite_outbox"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclasses.dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table


def define_tables(metadata: MetaData) -> MessagingTables:
    """Add ``outbox`` and ``inbox`` to a service's metadata (each service has its own database)."""
    outbox = Table(
        "outbox",
        metadata,
        # The sequence gives the publishing order; SQLite needs INTEGER for autoincrement.
        Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
        Column("id", String(36), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False, default=utcnow),
        Column("sent_at", UtcDateTime(), nullable=True),
        # "unroutable": the broker confirmed it but no queue was bound to its type.
        Column("outcome", String(20), nullable=True),
        Index("ix_outbox_unsent", "sent_at", "seq"),
    )
    # An event is known by its source and id together (CloudEvents): a province receives many offices' events,
    # and one office's id says nothing about another's.
    inbox = Table(
        "inbox",
        metadata,
        Column("id", String(36), nullable=False),
        Column("type", String(200), nullable=False),
        Column("source", String(200), nullable=False),
        Column("handled_at", UtcDateTime(), nullable=False, default=utcnow),
        PrimaryKeyConstraint("source", "id"),
    )
    return MessagingTables(outbox=outbox, inbox=inbox)


class UnitOfWork:
    """One business transaction: the change and the events it raises commit together.

    Use it as a context manager; leaving without ``commit()`` rolls back. Files kept with ``keep_file`` are
    written just before the commit, after every check and the flush passed, and taken back when the commit fails:
    a refused or rolled back change leaves no file behind.
    """

    def __init__(self, db: Database, tables: MessagingTables, source: str, session: Session | None = None):
        self._db = db
        self._tables = tables
        self._source = source
        self._own_session = session is None
        self.session: Session = session if session is not None else db.sessions()
        self.events: list[CloudEvent] = []
        self.pending_files: list[tuple[FileStore, Upload]] = []

    @property
    def db(self) -> Database:
        return self._db

    @property
    def source(self) -> str:
        """The CloudEvents source of what this unit emits: ``/<org code>/<service>``, whose office it works for."""
        return self._source

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.events.clear()
        self.pending_files.clear()
        if self._own_session:
            self.session.close()

    def emit(self, type: str, data: dict[str, Any], subject: str | None = None) -> CloudEvent:
        event = CloudEvent.new(source=self._source, type=type, data=data, subject=subject)
        self.events.append(event)
        return event

    def flush_events(self) -> None:
        """Write pending events into the outbox inside the current transaction."""
        if self.events:
            self.session.execute(
                insert(self._tables.outbox),
                [{"id": e.id, "type": e.type, "payload": e.to_json(), "created_at": utcnow()} for e in self.events],
            )
            self.events.clear()
            if self._db.is_postgresql:
                # Wakes the relay (it LISTENs) when this transaction commits, never before; PostgreSQL folds
                # the notifications of one transaction into one.
                self.session.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))

    def keep_file(self, store: FileStore | Path | str, upload: Upload) -> None:
        """Store an accepted upload with this change: written on commit, never if the change does not commit.

        ``store`` is the service's file store (``filestore.of(settings)``); a folder is a local store."""
        self.pending_files.append((filestore.LocalStore(store) if isinstance(store, str | Path) else store, upload))

    def commit(self) -> None:
        self.flush_events()
        if not self.pending_files:
            self.session.commit()
            return
        self.session.flush()  # constraint errors surface here, before anything reaches the store
        created: list[tuple[FileStore, Upload]] = []
        try:
            for store, upload in self.pending_files:
                if store.put(upload.sha256, upload.data, upload.mime):
                    created.append((store, upload))
            self.session.commit()
        except BaseException:
            for store, upload in created:
                try:
                    store.delete(upload.sha256)
                except Exception:  # the store failed too: the sweep removes what no row references
                    filestore.log.warning("could not take back %s from %r", upload.sha256, store, exc_info=True)
            raise
        finally:
            self.pending_files.clear()
