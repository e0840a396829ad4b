"""RabbitMQ connection and topology, shared by the relay, the consumer and health checks."""

from __future__ import annotations

import logging

import pika

from chassis.settings import ServiceSettings

log = logging.getLogger(__name__)

# Quorum queues are replicated across a RabbitMQ cluster (classic queues live on one node). Dead-lettering
# at-least-once (which needs reject-publish overflow) keeps a message in its queue until the queue it is
# dead-lettered to has confirmed it, so a failed event is never lost on its way to a retry or the dead letters.
QUORUM = {"x-queue-type": "quorum", "x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"}


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
        channel, settings.queue, {**QUORUM, "x-dead-letter-exchange": dlx, "x-dead-letter-routing-key": dead}
    )
    for event_type in event_types:
        channel.queue_bind(settings.queue, settings.exchange, routing_key=event_type)
    for attempt, delay in enumerate(settings.events_retry_delays_ms, start=1):
        _declare_quorum(
            channel,
            retry_queue_name(settings, attempt),
            {
                **QUORUM,
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
