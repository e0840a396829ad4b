"""The event consumer: one durable queue per service, handlers run exactly once in effect.

For each message: parse the CloudEvent, find the handler for its type, and
in one transaction insert the event's source and id into the ``inbox`` and
run the handler; ack only after the commit (handled messages are acked a few at a time,
``multiple``, and at the latest when the broker has no more for now: a
crash before the ack redelivers them, and the inbox makes that a no-op).
An event already in the inbox is acked and ignored. A handler that raises is retried after each back-off of
``events_retry_delays_ms``; after the last, the message is rejected into the
dead-letter queue. A message that is not a valid event goes there at once.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from chassis import logs
from chassis.db import Database
from chassis.events import CloudEvent, InvalidEvent
from chassis.messaging import MessagingTables, UnitOfWork, utcnow
from chassis.metrics import EVENTS_CONSUMED
from chassis.settings import ServiceSettings

if TYPE_CHECKING:
    import pika

log = logging.getLogger("chassis.consumer")

Handler = Callable[[UnitOfWork, CloudEvent], None]
# The suite's two databases, each with its INSERT ... ON CONFLICT DO NOTHING.
INSERT_OR_IGNORE = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
ATTEMPT_HEADER = "x-suite-attempt"


@dataclasses.dataclass
class Handlers:
    """The one place that says what a service listens to: event type -> handler."""

    by_type: dict[str, Handler] = dataclasses.field(default_factory=dict)

    def on(self, event_type: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.by_type[event_type] = handler
            return handler

        return register


class Consumer:
    def __init__(self, settings: ServiceSettings, db: Database, tables: MessagingTables, handlers: Handlers):
        self.settings = settings
        self.db = db
        self.tables = tables
        self.handlers = handlers.by_type
        self.stopping = threading.Event()
        self._connection: pika.BlockingConnection | None = None
        self._consuming = False
        self._unacked_tag: int | None = None
        self._unacked = 0

    @property
    def connected(self) -> bool:
        """Whether the consumer is connected to the broker and consuming (read by the worker's readiness probe)."""
        connection = self._connection
        return self._consuming and connection is not None and connection.is_open

    def stop(self) -> None:
        self.stopping.set()

    def handle(self, event: CloudEvent) -> str:
        """Run the handler and record the event in the inbox, in one transaction."""
        handler = self.handlers.get(event.type)
        if handler is None:
            return "ignored"
        with UnitOfWork(self.db, self.tables, self.settings.source) as uow:
            inbox = self.tables.inbox
            row = {"id": event.id, "type": event.type, "source": event.source, "handled_at": utcnow()}
            # One round trip that is also the duplicate check: an event already in the inbox inserts nothing.
            record = INSERT_OR_IGNORE[self.db.engine.dialect.name](inbox).values(row).on_conflict_do_nothing()
            if uow.session.execute(record.returning(inbox.c.id)).first() is None:
                return "duplicate"
            handler(uow, event)
            try:
                uow.commit()
            except IntegrityError:
                # Another consumer handled the same id concurrently.
                uow.session.rollback()
                return "duplicate"
        return "handled"

    def _on_message(self, channel, method, properties, body: bytes) -> None:
        try:
            event = CloudEvent.from_json(body)
        except InvalidEvent as exc:
            log.error("rejecting malformed message %s: %s", properties.message_id, exc)
            EVENTS_CONSUMED.labels(self.settings.service_name, method.routing_key, "malformed").inc()
            self._flush_acks(channel)
            channel.basic_reject(method.delivery_tag, requeue=False)
            return
        # The consumer's log lines carry the request id of the HTTP request that caused the event.
        token = logs.request_id_var.set(event.requestid or f"event-{event.id}")
        try:
            self._deliver(channel, method, properties, body, event)
        finally:
            logs.request_id_var.reset(token)

    def _deliver(self, channel, method, properties, body: bytes, event: CloudEvent) -> None:
        import pika

        from chassis import broker

        try:
            outcome = self.handle(event)
            about = {"event_type": event.type, "event_id": event.id, "event_source": event.source}
            log.info("event %s", outcome, extra=about)
        except Exception:
            attempt = int((properties.headers or {}).get(ATTEMPT_HEADER, 0)) + 1
            delays = self.settings.events_retry_delays_ms
            if attempt <= len(delays):
                log.exception(
                    "handler of %s %s failed; retry %d in %d ms", event.type, event.id, attempt, delays[attempt - 1]
                )
                headers = dict(properties.headers or {})
                headers[ATTEMPT_HEADER] = attempt
                self._flush_acks(channel)
                channel.basic_publish(
                    exchange="",
                    routing_key=broker.retry_queue_name(self.settings, attempt),
                    body=body,
                    properties=pika.BasicProperties(
                        content_type=properties.content_type,
                        delivery_mode=pika.DeliveryMode.Persistent,
                        message_id=properties.message_id,
                        type=properties.type,
                        headers=headers,
                    ),
                )
                channel.basic_ack(method.delivery_tag)
                outcome = "retried"
            else:
                log.exception("handler of %s %s failed %d times; dead-lettered", event.type, event.id, attempt)
                self._flush_acks(channel)
                channel.basic_reject(method.delivery_tag, requeue=False)
                outcome = "dead"
            EVENTS_CONSUMED.labels(self.settings.service_name, event.type, outcome).inc()
            return
        self._ack_later(channel, method.delivery_tag)
        EVENTS_CONSUMED.labels(self.settings.service_name, event.type, outcome).inc()

    def _ack_later(self, channel, delivery_tag: int) -> None:
        """Ack a committed message with the next few: one ``multiple`` ack for a group, often enough that the
        broker keeps the prefetch window full."""
        self._unacked_tag = delivery_tag
        self._unacked += 1
        if self._unacked >= max(1, self.settings.events_prefetch // 4):
            self._flush_acks(channel)

    def _flush_acks(self, channel) -> None:
        if self._unacked_tag is not None:
            channel.basic_ack(self._unacked_tag, multiple=True)
        self._unacked_tag, self._unacked = None, 0

    def declare(self, channel) -> None:
        from chassis import broker

        broker.declare_service_queue(channel, self.settings, sorted(self.handlers))

    def run(self) -> None:
        # pika and the broker module load here, in the worker: a web process only declares its Handlers.
        import pika.exceptions

        from chassis import broker

        """Consume until stopped, reconnecting when the broker goes away."""
        delay = 0.5
        while not self.stopping.is_set():
            try:
                self._connection = broker.connect(self.settings.amqp_url, name=f"{self.settings.service_name}-consumer")
                channel = self._connection.channel()
                channel.confirm_delivery()
                self.declare(channel)
                channel.basic_qos(prefetch_count=self.settings.events_prefetch)
                channel.basic_consume(self.settings.queue, self._on_message)
                self._consuming = True
                delay = 0.5
                while not self.stopping.is_set():
                    # Returns as soon as it has handed over the messages that arrived; then ack what is left.
                    self._connection.process_data_events(time_limit=0.5)
                    self._flush_acks(channel)
            except (pika.exceptions.AMQPError, OSError) as exc:
                log.warning("broker unavailable (%s); reconnecting in %.1fs", exc.__class__.__name__, delay)
                self.stopping.wait(delay)
                delay = min(delay * 2, 10)
            finally:
                # Unacked tags die with the channel: the broker redelivers those messages, the inbox drops them.
                self._consuming, self._unacked_tag, self._unacked = False, None, 0
                connection, self._connection = self._connection, None
                if connection is not None and connection.is_open:
                    try:
                        connection.close()
                    except (pika.exceptions.AMQPError, OSError):
                        pass
