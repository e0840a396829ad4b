"""The outbox relay: publishes a service's outbox rows to RabbitMQ, in order, at least once.

Rows are published in batches, persistent and ``mandatory``, ``message_id`` = event id and routing key = event
type; the relay waits for the confirms of a whole batch together and then marks it in one statement per
outcome. A crash between the confirms and the mark re-sends at most that batch on restart (consumers
de-duplicate by id; on PostgreSQL the mark commits without waiting for the disk, so a crash of the database
itself may also re-send the batches of its last moment); a row the broker refused (nack) stays unsent with
every row after it, so they go again in order. On PostgreSQL the relay sleeps on ``LISTEN`` and the unit of
work's ``NOTIFY`` wakes it on commit: an idle relay runs no query until then (or until the safety timeout); on
SQLite it polls. When the broker goes away the relay reconnects with back-off and carries on.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib

import pika
import pika.exceptions
from sqlalchemy import func, select, text, update

from chassis import broker
from chassis.db import Database
from chassis.events import CONTENT_TYPE
from chassis.messaging import OUTBOX_CHANNEL, MessagingTables, utcnow
from chassis.metrics import EVENTS_PUBLISHED
from chassis.settings import ServiceSettings

log = logging.getLogger("chassis.relay")

BROKER_ERRORS = (pika.exceptions.AMQPError, OSError)
# While idle the relay wakes this often, without touching the database, to keep its broker connection alive.
KEEPALIVE_SECONDS = 1.0


class Relay:
    def __init__(self, settings: ServiceSettings, db: Database, tables: MessagingTables):
        self.settings = settings
        self.db = db
        self.outbox = tables.outbox
        self.stopping = threading.Event()
        self._publisher: broker.ConfirmingPublisher | None = None
        self._retry_soon = False

    @property
    def connected(self) -> bool:
        """Whether the relay's connection to the broker is open (read by the worker's readiness probe)."""
        publisher = self._publisher
        return publisher is not None and publisher.is_open

    def stop(self) -> None:
        self.stopping.set()

    def _open(self) -> None:
        settings = self.settings

        def declare(channel, done) -> None:
            channel.exchange_declare(settings.exchange, exchange_type="topic", durable=True, callback=done)

        publisher = broker.ConfirmingPublisher(settings.amqp_url, name=f"{settings.service_name}-relay", setup=declare)
        try:
            publisher.open()
        except BaseException:
            publisher.close()
            raise
        self._publisher = publisher

    def _close(self) -> None:
        publisher, self._publisher = self._publisher, None
        if publisher is not None:
            publisher.close()

    def publish_pending(self) -> int:
        """Publish one batch of unsent rows; returns how many the broker confirmed (and are now marked)."""
        if self._publisher is None:
            self._open()
        with self.db.session() as session:
            rows = session.execute(
                select(self.outbox.c.seq, self.outbox.c.id, self.outbox.c.type, self.outbox.c.payload)
                .where(self.outbox.c.sent_at.is_(None))
                .order_by(self.outbox.c.seq)
                .limit(self.settings.relay_batch_size)
            ).all()
            if not rows:
                session.rollback()
                return 0
            outcomes = self._publisher.publish(self.settings.exchange, [self._message(row) for row in rows])
            done = self._mark(session, rows, outcomes)
            if self.db.is_postgresql:
                # The next batch need not wait for this mark to reach the disk: were the database to lose it in
                # a crash, those rows would only be published again, and consumers drop what they have seen.
                session.execute(text("SET LOCAL synchronous_commit TO OFF"))
            session.commit()
        return done

    def _message(self, row) -> broker.Message:
        properties = pika.BasicProperties(
            content_type=CONTENT_TYPE,
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=row.id,
            type=row.type,
            timestamp=int(time.time()),
            app_id=self.settings.service_name,
        )
        return broker.Message(row.type, row.payload.encode(), properties)

    def _mark(self, session, rows, outcomes: list[str]) -> int:
        """Mark the confirmed rows in one statement per outcome; stop at the first nack, so that row and those
        after it are published again, in their order."""
        by_outcome: dict[str, list[int]] = {}
        for row, outcome in zip(rows, outcomes, strict=True):
            if outcome == "nacked":
                log.warning("the broker refused event %s (%s); it will be published again", row.id, row.type)
                self._retry_soon = True
                break
            if outcome == "unroutable":
                # Confirmed, but no queue is bound to this type: nobody listens yet.
                log.warning("event %s (%s) had no queue bound", row.id, row.type)
            by_outcome.setdefault(outcome, []).append(row.seq)
            EVENTS_PUBLISHED.labels(self.settings.service_name, row.type, outcome).inc()
        now = utcnow()
        for outcome, seqs in by_outcome.items():
            # The seqs themselves, never a range: a row committed late inside the range was not published.
            session.execute(update(self.outbox).where(self.outbox.c.seq.in_(seqs)).values(sent_at=now, outcome=outcome))
        return sum(len(seqs) for seqs in by_outcome.values())

    def run(self) -> None:
        """Publish until stopped, surviving broker and database restarts."""
        delay = 0.5
        wakeup = _Wakeup(self.db, self.settings)
        try:
            while not self.stopping.is_set():
                try:
                    # Connected first, standby or not: a standby relay's worker is ready too (a rolling update
                    # waits for the new worker to be ready while the old one still holds the lock).
                    if self._publisher is None:
                        self._open()
                    if not wakeup.acquire():
                        self.stopping.wait(2)
                        self._publisher.keep_alive()
                        continue
                    wakeup.drain()
                    self._retry_soon = False
                    published = self.publish_pending()
                    delay = 0.5
                    if self._retry_soon:
                        self.stopping.wait(delay)
                    elif published < self.settings.relay_batch_size:
                        wakeup.wait(self.stopping, self._publisher.keep_alive)
                except BROKER_ERRORS as exc:
                    log.warning("broker unavailable (%s); retrying in %.1fs", exc.__class__.__name__, delay)
                    self._close()
                    self.stopping.wait(delay)
                    delay = min(delay * 2, 10)
                except Exception:
                    log.exception("relay failed; retrying in %.1fs", delay)
                    self._close()
                    wakeup.release()
                    self.stopping.wait(delay)
                    delay = min(delay * 2, 10)
        finally:
            self._close()
            wakeup.release()


class _Wakeup:
    """What the relay waits on between batches, and the lock that keeps one relay per service publishing.

    On PostgreSQL one connection of its own holds an advisory lock (only one relay per service publishes at a
    time, so order holds across workers) and ``LISTEN``s on the outbox channel: a commit that wrote events
    wakes the relay at once. Its wait reads only that socket, so an idle relay sends no query, except one look
    at the outbox every ``relay_idle_seconds`` in case a notification was lost with a connection. On SQLite the
    relay polls every ``relay_poll_seconds``.
    """

    def __init__(self, db: Database, settings: ServiceSettings):
        self.db = db
        self.settings = settings
        self.key = zlib.crc32(f"suite-relay:{settings.service_name}".encode()) % (2**31)
        self.connection = None

    def acquire(self) -> bool:
        if not self.db.is_postgresql:
            return True
        if self.connection is None:
            import psycopg

            url = self.db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
            got = connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]
            if not got:
                connection.close()
                return False
            connection.execute(f"LISTEN {OUTBOX_CHANNEL}")
            self.connection = connection
        return True

    def drain(self) -> None:
        """Forget the notifications already received: the batch about to be read covers them."""
        if self.connection is not None:
            for _ in self.connection.notifies(timeout=0):
                pass

    def wait(self, stopping: threading.Event, keep_alive) -> None:
        """Until a commit wrote events (PostgreSQL), the poll interval passed (SQLite) or the relay is stopped."""
        if self.connection is None:
            stopping.wait(self.settings.relay_poll_seconds)
            keep_alive()
            return
        deadline = time.monotonic() + self.settings.relay_idle_seconds
        while not stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            for _ in self.connection.notifies(timeout=min(KEEPALIVE_SECONDS, remaining), stop_after=1):
                return
            keep_alive()

    def release(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # a broken connection: closing it releases the lock on the server all the same
                log.debug("closing the relay's listening connection failed", exc_info=True)


def outbox_lag(db: Database, tables: MessagingTables) -> tuple[int, float]:
    """How many outbox rows wait to be published, and how long the oldest has waited (seconds; 0 when none)."""
    outbox = tables.outbox
    with db.session() as session:
        pending, oldest = session.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
        ).one()
    if oldest is None:
        return int(pending), 0.0
    if oldest.tzinfo is None:  # SQLite's aggregate comes back as text-parsed naive UTC
        oldest = oldest.replace(tzinfo=utcnow().tzinfo)
    return int(pending), max(0.0, (utcnow() - oldest).total_seconds())
