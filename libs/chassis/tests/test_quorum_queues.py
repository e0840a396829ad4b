"""The chassis declares quorum queues (replicated on a RabbitMQ cluster) and the retry ladder still works on them."""

from __future__ import annotations

import logging
import threading
import time

import pika
import probe
import pytest

from chassis import broker
from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.settings import ServiceSettings
from chassis.testing import wait_for

TYPE = "probe.thing.happened.v1"


@pytest.fixture
def db_url(databases):
    url = databases.url("probe", "sqlite")
    db = probe.database(url)
    yield url
    from chassis.testing import truncate_all

    truncate_all(db.engine, probe.metadata)
    db.dispose()


def service_queues(settings) -> list[str]:
    retries = [broker.retry_queue_name(settings, n) for n in range(1, len(settings.events_retry_delays_ms) + 1)]
    return [settings.queue, *retries, broker.dead_queue_name(settings)]


def redeclare(amqp_url: str, name: str, arguments: dict) -> str | None:
    """The broker's refusal when ``name`` is declared again with ``arguments`` (None: it agreed)."""
    connection = broker.connect(amqp_url)
    try:
        connection.channel().queue_declare(name, durable=True, arguments=arguments)
    except pika.exceptions.ChannelClosedByBroker as exc:
        return f"{exc.reply_code} {exc.reply_text}"
    finally:
        if connection.is_open:
            connection.close()
    return None


def exists(amqp_url: str, name: str) -> bool:
    connection = broker.connect(amqp_url)
    try:
        connection.channel().queue_declare(name, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker:
        return False
    finally:
        if connection.is_open:
            connection.close()


class Recorder:
    """A channel that keeps the arguments the chassis declares each queue with."""

    def __init__(self):
        self.queues = {}

    def exchange_declare(self, *args, **kwargs):
        pass

    def queue_bind(self, *args, **kwargs):
        pass

    def queue_declare(self, name, durable, arguments=None):
        self.queues[name] = dict(arguments or {})


def declare(amqp_url, settings):
    connection = broker.connect(amqp_url)
    try:
        broker.declare_service_queue(connection.channel(), settings, [TYPE])
    finally:
        connection.close()


def test_the_service_queue_its_retries_and_its_dead_letters_are_quorum_queues(amqp_url, events_prefix):
    settings = probe.settings_for("sqlite://", amqp_url, events_prefix, events_dead_letter_strategy="at-least-once")
    declare(amqp_url, settings)
    declare(amqp_url, settings)  # a worker restarting declares the same again: the broker agrees
    recorded = Recorder()
    broker.declare_service_queue(recorded, settings, [TYPE])
    assert set(recorded.queues) == set(service_queues(settings))
    for name, arguments in recorded.queues.items():
        assert redeclare(amqp_url, name, arguments) is None, name
        # The same queue asked for as classic: RabbitMQ refuses, the type it holds is another (quorum).
        refusal = redeclare(amqp_url, name, {**arguments, "x-queue-type": "classic"})
        assert refusal and refusal.startswith("406") and "x-queue-type" in refusal, (name, refusal)
        assert "quorum" in refusal, refusal
    delays = settings.events_retry_delays_ms
    retries = [recorded.queues[broker.retry_queue_name(settings, n)] for n in range(1, len(delays) + 1)]
    assert [r["x-message-ttl"] for r in retries] == list(delays)
    assert all(r["x-dead-letter-routing-key"] == settings.queue for r in retries)
    # What a deployment gets by default: a failed event stays in its queue until the next one confirmed it.
    main = recorded.queues[settings.queue]
    assert [main["x-dead-letter-strategy"], main["x-overflow"]] == ["at-least-once", "reject-publish"]
    assert all(r["x-dead-letter-strategy"] == "at-least-once" for r in retries)
    assert ServiceSettings().events_dead_letter_strategy == "at-least-once"


def test_a_classic_queue_in_the_way_is_named_in_the_log_with_the_way_out(amqp_url, events_prefix, caplog):
    settings = probe.settings_for("sqlite://", amqp_url, events_prefix)
    connection = broker.connect(amqp_url)
    connection.channel().queue_declare(settings.queue, durable=True, arguments={"x-queue-type": "classic"})
    connection.close()
    with caplog.at_level(logging.ERROR, logger="chassis.broker"), pytest.raises(pika.exceptions.ChannelClosedByBroker):
        declare(amqp_url, settings)
    (record,) = [r for r in caplog.records if r.name == "chassis.broker"]
    assert settings.queue in record.getMessage() and "docs/operations.md" in record.getMessage()


def test_a_failing_event_goes_to_each_retry_back_to_the_queue_and_then_to_the_dead_letters(
    db_url, amqp_url, events_prefix
):
    delays = (300, 600)
    settings = probe.settings_for(db_url, amqp_url, events_prefix, events_retry_delays_ms=delays,
                                  events_dead_letter_strategy="at-least-once")  # fmt: skip
    db = probe.database(db_url)
    consumer = Consumer(settings, db, probe.tables, probe.handlers)
    attempts: list[float] = []
    handle = consumer.handle

    def timed(event):
        attempts.append(time.monotonic())
        return handle(event)

    consumer.handle = timed
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    connection = broker.connect(amqp_url)
    try:
        channel = connection.channel()
        assert wait_for(lambda: all(exists(amqp_url, name) for name in service_queues(settings)))
        channel.confirm_delivery()
        poison = CloudEvent.new(source="/71.74/probe", type=TYPE, data={"value": 0, "poison": True})
        channel.basic_publish(
            settings.exchange, TYPE, poison.to_json().encode(), pika.BasicProperties(delivery_mode=2), mandatory=True
        )
        dead = broker.dead_queue_name(settings)
        assert wait_for(lambda: channel.queue_declare(dead, passive=True).method.message_count == 1, 15)
        method, properties, body = channel.basic_get(dead, auto_ack=True)
        assert body == poison.to_json().encode()
        assert properties.headers["x-suite-attempt"] == len(delays)
        # Handled once, then once after each back-off: each retry waited at least its queue's TTL.
        assert len(attempts) == 1 + len(delays)
        waited = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
        assert all(w >= d / 1000 * 0.9 for w, d in zip(waited, delays, strict=True)), waited
        for name in service_queues(settings):
            assert channel.queue_declare(name, passive=True).method.message_count == 0, name
    finally:
        connection.close()
        consumer.stop()
        thread.join(5)
        db.dispose()
