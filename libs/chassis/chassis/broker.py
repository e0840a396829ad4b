"""RabbitMQ connection and topology, shared by the relay, the consumer and health checks."""

from __future__ import annotations

import dataclasses
import logging
import time

import pika
import pika.exceptions
from pika.adapters.select_connection import IOLoop

from chassis.settings import ServiceSettings

log = logging.getLogger(__name__)

# Quorum queues are replicated across a RabbitMQ cluster (classic queues live on one node). Dead-lettering
# at-least-once (which needs reject-publish overflow) keeps a message in its queue until the queue it is
# dead-lettered to has confirmed it, so a failed event is never lost on its way to a retry or the dead letters.
STRATEGIES = ("at-least-once", "at-most-once")


def quorum_arguments(settings: ServiceSettings) -> dict:
    """A service queue's or retry queue's type and dead-lettering (``EVENTS_DEAD_LETTER_STRATEGY``)."""
    strategy = settings.events_dead_letter_strategy
    if strategy not in STRATEGIES:
        raise ValueError(f"EVENTS_DEAD_LETTER_STRATEGY: {strategy!r} is not one of {', '.join(STRATEGIES)}")
    return {"x-queue-type": "quorum", "x-dead-letter-strategy": strategy, "x-overflow": "reject-publish"}


def connection_parameters(url: str, *, heartbeat: int = 30, timeout: float = 5.0) -> pika.URLParameters:
    params = pika.URLParameters(url)
    params.heartbeat = heartbeat
    params.blocked_connection_timeout = 60
    params.socket_timeout = timeout
    params.stack_timeout = timeout
    params.connection_attempts = 1
    params.client_properties = {"connection_name": "suite"}
    return params


def connect(url: str, *, name: str = "suite", timeout: float = 5.0) -> pika.BlockingConnection:
    params = connection_parameters(url, timeout=timeout)
    params.client_properties = {"connection_name": name}
    return pika.BlockingConnection(params)


def ping(url: str, timeout: float = 2.0) -> None:
    """Open and close a connection: raises when the broker is unreachable."""
    connect(url, name="readyz", timeout=timeout).close()


def declare_exchange(channel, settings: ServiceSettings) -> None:
    channel.exchange_declare(settings.exchange, exchange_type="topic", durable=True)


def retry_queue_name(settings: ServiceSettings, attempt: int) -> str:
    return f"{settings.queue}.retry.{attempt}"


def dead_queue_name(settings: ServiceSettings) -> str:
    return f"{settings.queue}.dead"


def declare_service_queue(channel, settings: ServiceSettings, event_types) -> None:
    """The service's durable queue bound to ``event_types``, its retry ladder and its dead letters, all quorum.

    A message that fails is parked in ``<queue>.retry.<n>`` whose TTL is the
    n-th back-off (quorum queues honour message TTL since RabbitMQ 3.10); when
    the TTL expires RabbitMQ dead-letters it back into the main queue. A
    message rejected for good goes through the dead-letter exchange into
    ``<queue>.dead``, where an operator can inspect and replay it.
    """
    declare_exchange(channel, settings)
    dlx = settings.dead_letter_exchange
    dead = dead_queue_name(settings)
    channel.exchange_declare(dlx, exchange_type="direct", durable=True)
    _declare_quorum(channel, dead, {"x-queue-type": "quorum"})
    channel.queue_bind(dead, dlx, routing_key=dead)
    _declare_quorum(
        channel,
        settings.queue,
        {**quorum_arguments(settings), "x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": dead},
    )
    for event_type in event_types:
        channel.queue_bind(settings.queue, settings.exchange, routing_key=event_type)
    for attempt, delay in enumerate(settings.events_retry_delays_ms, start=1):
        _declare_quorum(
            channel,
            retry_queue_name(settings, attempt),
            {
                **quorum_arguments(settings),
                "x-message-ttl": int(delay),
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": settings.queue,
            },
        )


def _declare_quorum(channel, name: str, arguments: dict) -> None:
    """Declare a queue; say what to do when a classic queue of that name is in the way (a type never changes)."""
    try:
        channel.queue_declare(name, durable=True, arguments=arguments)
    except pika.exceptions.ChannelClosedByBroker as exc:
        if exc.reply_code == 406:
            log.error(
                "queue %s exists with other arguments (a classic queue from an older release?): %s. RabbitMQ cannot "
                "change a queue's type; move it to a quorum queue as docs/operations.md says "
                "(Moving the event queues to quorum type)",
                name,
                exc.reply_text,
            )
        raise


@dataclasses.dataclass(frozen=True)
class Message:
    routing_key: str
    body: bytes
    properties: pika.BasicProperties


class ConfirmingPublisher:
    """One channel in confirm mode that publishes a whole batch, then waits once for all its confirms.

    pika's BlockingConnection waits for the confirm of each message before it sends the next, so a batch costs
    one round trip (and one broker fsync) per message. RabbitMQ's publisher-confirms tutorial shows that
    publishing a batch and waiting for its confirms together, or handling them asynchronously, is several times
    faster; pika offers asynchronous confirms on its SelectConnection, which this class drives from the calling
    thread (``IOLoop.poll``) only while it publishes or is told to keep the connection alive. ``publish`` tells,
    for each message, whether the broker took it (``sent``), took it but routed it nowhere (``unroutable``: a
    ``mandatory`` message's return comes before its confirm) or refused it (``nacked``).
    """

    def __init__(self, url: str, *, name: str, timeout: float = 30.0, setup=None):
        self.url = url
        self.name = name
        self.timeout = timeout
        self._setup = setup  # channel -> callback -> None: declares what the publisher needs
        self._connection: pika.SelectConnection | None = None
        self._channel = None
        self._failure: BaseException | None = None
        self._ready = False
        self._next_tag = 1
        self._first = 1
        self._outcomes: dict[int, str] = {}
        self._returned: set[str] = set()

    @property
    def is_open(self) -> bool:
        return self._ready and self._failure is None and self._connection is not None and self._connection.is_open

    def open(self) -> None:
        params = connection_parameters(self.url)
        params.client_properties = {"connection_name": self.name}
        self._failure, self._ready, self._next_tag = None, False, 1
        self._connection = pika.SelectConnection(
            params,
            on_open_callback=self._on_connection_open,
            on_open_error_callback=self._on_failure,
            on_close_callback=self._on_failure,
            custom_ioloop=IOLoop(),
        )
        self._connection.ioloop.activate_poller()  # what IOLoop.start() does before it polls
        self._drive(lambda: self._ready, params.stack_timeout or 10.0)

    def close(self) -> None:
        connection, self._connection, self._channel, self._ready = self._connection, None, None, False
        if connection is None:
            return
        try:
            if connection.is_open:
                connection.close()
                deadline = time.monotonic() + 2
                while not connection.is_closed and time.monotonic() < deadline:
                    connection.ioloop.poll()
                    connection.ioloop.process_timeouts()
        except Exception:  # closing a broken connection: nothing more to save
            log.debug("closing the publisher's connection failed", exc_info=True)
        finally:
            connection.ioloop.close()

    def publish(self, exchange: str, messages: list[Message]) -> list[str]:
        """Publish ``messages`` in order, all ``mandatory``, and wait for every confirm; returns one outcome per
        message. Raises when the connection fails or the broker stays silent for ``timeout`` seconds: then
        nothing is known of the batch, and it must be published again."""
        if not self.is_open:
            raise pika.exceptions.AMQPConnectionError("the publisher is not connected")
        self._outcomes.clear()
        self._returned.clear()
        self._first = self._next_tag
        for message in messages:
            self._channel.basic_publish(exchange, message.routing_key, message.body, message.properties, mandatory=True)
        self._next_tag += len(messages)
        self._drive(lambda: len(self._outcomes) == len(messages), self.timeout)
        outcomes = []
        for tag, message in enumerate(messages, start=self._first):
            outcome = self._outcomes[tag]
            if outcome == "sent" and message.properties.message_id in self._returned:
                outcome = "unroutable"
            outcomes.append(outcome)
        return outcomes

    def keep_alive(self) -> None:
        """Let the connection answer heartbeats and notice a broker that went away (raises then)."""
        if not self.is_open:
            raise pika.exceptions.AMQPConnectionError("the publisher is not connected")
        self._drive(lambda: False, 0, wait_all=False)

    def _drive(self, done, timeout: float, *, wait_all: bool = True) -> None:
        ioloop = self._connection.ioloop
        expired = []
        timer = ioloop.call_later(timeout, lambda: expired.append(True))
        try:
            while True:
                ioloop.poll()
                ioloop.process_timeouts()
                if self._failure is not None:
                    raise self._failure
                if done() or expired:
                    break
        finally:
            ioloop.remove_timeout(timer)
        if wait_all and not done():
            raise pika.exceptions.AMQPConnectionError(f"no answer from the broker within {timeout:.0f}s")

    def _on_connection_open(self, connection) -> None:
        connection.channel(on_open_callback=self._on_channel_open)

    def _on_channel_open(self, channel) -> None:
        self._channel = channel
        channel.add_on_close_callback(self._on_failure)
        channel.add_on_return_callback(self._on_return)
        channel.confirm_delivery(self._on_confirm, callback=lambda _frame: self._after_confirm_select(channel))

    def _after_confirm_select(self, channel) -> None:
        if self._setup is None:
            self._ready = True
        else:
            self._setup(channel, lambda *_: setattr(self, "_ready", True))

    def _on_failure(self, _source, reason) -> None:
        if isinstance(reason, BaseException):
            self._failure = reason
        else:
            self._failure = pika.exceptions.AMQPConnectionError(str(reason))

    def _on_return(self, _channel, _method, properties, _body) -> None:
        self._returned.add(properties.message_id)

    def _on_confirm(self, frame) -> None:
        method = frame.method
        outcome = "sent" if isinstance(method, pika.spec.Basic.Ack) else "nacked"
        # ``multiple`` answers for every tag of the batch up to this one that has no answer yet.
        tags = range(self._first, method.delivery_tag + 1) if method.multiple else (method.delivery_tag,)
        for tag in tags:
            self._outcomes.setdefault(tag, outcome)
