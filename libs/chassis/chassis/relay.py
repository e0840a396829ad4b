"""The outbox relay: publishes a service's outbox rows to RabbitMQ, in order, at least once.

Each row is published persistent and ``mandatory`` with publisher confirms,
``message_id`` = event id and routing key = event type; rows are marked sent
only after the broker confirmed them. A crash between the confirm and the
mark re-sends the row on restart (consumers de-duplicate by id). When the
broker goes away the relay reconnects with back-off and carries on.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib

import pika
import pika.exceptions
from sqlalchemy import select, text, update

from chassis import broker
from chassis.db import Database
from chassis.events import CONTENT_TYPE
from chassis.messaging import MessagingTables, utcnow
from chassis.metrics import EVENTS_PUBLISHED, OUTBOX_LAG
from chassis.settings import ServiceSettings

log = logging.getLogger("chassis.relay")

BROKER_ERRORS = (pika.exceptions.AMQPError, OSError)


class Relay:
    def __init__(self, settings: ServiceSettings, db: Database, tables: MessagingTables):
        self.settings = settings
        self.db = db
        self.outbox = tables.outbox
        self.stopping = threading.Event()
        self._connection: pika.BlockingConnection | None = None
        self._channel = None

    def stop(self) -> None:
        self.stopping.set()

    def _open(self) -> None:
        self._connection = broker.connect(self.settings.amqp_url, name=f"{self.settings.service_name}-relay")
        channel = self._connection.channel()
        channel.confirm_delivery()
        broker.declare_exchange(channel, self.settings)
        self._channel = channel

    def _close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except BROKER_ERRORS:
                pass

    def publish_pending(self) -> int:
        """Publish one batch of unsent rows; returns how many were confirmed."""
        if self._channel is None:
            self._open()
        with self.db.session() as session:
            rows = session.execute(
                select(self.outbox.c.seq, self.outbox.c.id, self.outbox.c.type, self.outbox.c.payload)
                .where(self.outbox.c.sent_at.is_(None))
                .order_by(self.outbox.c.seq)
                .limit(self.settings.relay_batch_size)
            ).all()
            OUTBOX_LAG.labels(self.settings.service_name).set(len(rows))
            if not rows:
                return 0
            done = 0
            try:
                for row in rows:
                    outcome = "sent"
                    try:
                        self._channel.basic_publish(
                            exchange=self.settings.exchange,
                            routing_key=row.type,
                            body=row.payload.encode(),
                            properties=pika.BasicProperties(
                                content_type=CONTENT_TYPE,
                                delivery_mode=pika.DeliveryMode.Persistent,
                                message_id=row.id,
                                type=row.type,
                                timestamp=int(time.time()),
                                app_id=self.settings.service_name,
                            ),
                            mandatory=True,
                        )
                    except pika.exceptions.UnroutableError:
                        # Confirmed, but no queue is bound to this type: nobody listens yet.
                        outcome = "unroutable"
                        log.warning("event %s (%s) had no queue bound", row.id, row.type)
                    session.execute(
                        update(self.outbox)
                        .where(self.outbox.c.seq == row.seq)
                        .values(sent_at=utcnow(), outcome=outcome)
                    )
                    EVENTS_PUBLISHED.labels(self.settings.service_name, row.type, outcome).inc()
                    done += 1
            finally:
                # Whatever was confirmed before a failure is recorded as sent.
                session.commit()
            return done

    def run(self) -> None:
        """Publish until stopped, surviving broker restarts."""
        delay = 0.5
        lock = _SingleRelayLock(self.db, self.settings.service_name)
        while not self.stopping.is_set():
            try:
                if not lock.acquire():
                    self.stopping.wait(2)
                    continue
                published = self.publish_pending()
                delay = 0.5
                if published < self.settings.relay_batch_size:
                    self.stopping.wait(self.settings.relay_poll_seconds)
            except BROKER_ERRORS as exc:
                log.warning("broker unavailable (%s); retrying in %.1fs", exc.__class__.__name__, delay)
                self._close()
                self.stopping.wait(delay)
                delay = min(delay * 2, 10)
            except Exception:
                log.exception("relay failed; retrying in %.1fs", delay)
                self._close()
                self.stopping.wait(delay)
                delay = min(delay * 2, 10)
        self._close()
        lock.release()


class _SingleRelayLock:
    """On PostgreSQL only one relay per service publishes at a time, so order holds across workers."""

    def __init__(self, db: Database, name: str):
        self.db = db
        self.key = zlib.crc32(f"suite-relay:{name}".encode()) % (2**31)
        self.connection = None

    def acquire(self) -> bool:
        if not self.db.is_postgresql:
            return True
        if self.connection is None:
            self.connection = self.db.engine.connect()
            got = self.connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            self.connection.commit()
            if not got:
                self.connection.close()
                self.connection = None
                return False
        return True

    def release(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
