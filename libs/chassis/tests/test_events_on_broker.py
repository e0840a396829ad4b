"""Relay and consumer against a real RabbitMQ: order, crashes, restarts, duplicates, poison."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pika
import probe
import pytest
from sqlalchemy import func, select

from chassis import broker
from chassis.consumer import Consumer
from chassis.events import CloudEvent
from chassis.messaging import UnitOfWork
from chassis.relay import Relay
from chassis.testing import wait_for

TYPE = "probe.thing.happened.v1"


@pytest.fixture
def db_url(backend, databases):
    url = databases.url("probe", backend)
    db = probe.database(url)
    yield url
    from chassis.testing import truncate_all

    truncate_all(db.engine, probe.metadata)
    db.dispose()


def emit(db, settings, values, **data):
    ids = []
    with UnitOfWork(db, probe.tables, settings.source) as uow:
        for value in values:
            ids.append(uow.emit(TYPE, {"value": value, **data}, subject=str(value)).id)
        uow.commit()
    return ids


def bind_test_queue(amqp_url, settings, name="watch"):
    """A queue of the test's own on the exchange, to see what the relay published."""
    connection = broker.connect(amqp_url)
    channel = connection.channel()
    broker.declare_exchange(channel, settings)
    queue = f"{settings.events_prefix}{name}"
    channel.queue_declare(queue, durable=True)
    channel.queue_bind(queue, settings.exchange, routing_key="#")
    return connection, channel, queue


def drain(channel, queue, expected, timeout=20.0):
    messages = []
    deadline = time.monotonic() + timeout
    while len(messages) < expected and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            time.sleep(0.02)
            continue
        messages.append((properties, json.loads(body)))
    return messages


def drain_all(channel, queue):
    """Every message in ``queue`` (all published and confirmed before this is called)."""
    messages = []
    while True:
        method, properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            return messages
        messages.append((properties, json.loads(body)))


def count(db, table):
    with db.session() as session:
        return session.execute(select(func.count()).select_from(table)).scalar()


def run_in_thread(runner):
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    return thread


def test_relay_publishes_in_order_persistent_with_event_ids(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    try:
        ids = emit(db, settings, range(30))
        relay = Relay(settings, db, probe.tables)
        assert relay.publish_pending() == 30
        assert relay.publish_pending() == 0
        messages = drain(channel, queue, 30)
        assert [body["id"] for _, body in messages] == ids
        properties, body = messages[0]
        assert properties.message_id == body["id"]
        assert properties.delivery_mode == 2
        assert properties.content_type == "application/cloudevents+json"
        assert body["type"] == TYPE and body["specversion"] == "1.0" and body["source"] == "/71.74/probe"
        with db.session() as session:
            outcomes = session.execute(select(probe.tables.outbox.c.outcome)).scalars().all()
        assert set(outcomes) == {"sent"}
    finally:
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


def test_unroutable_events_are_recorded_and_do_not_block_the_outbox(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    emit(db, settings, range(3))
    relay = Relay(settings, db, probe.tables)
    assert relay.publish_pending() == 3
    with db.session() as session:
        rows = session.execute(select(probe.tables.outbox.c.outcome, probe.tables.outbox.c.sent_at)).all()
    assert all(outcome == "unroutable" and sent_at is not None for outcome, sent_at in rows)
    relay._close()
    db.dispose()


def test_an_aborted_unit_of_work_leaves_no_event(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    with UnitOfWork(db, probe.tables, settings.source) as uow:
        uow.emit(TYPE, {"value": 1})
        # no commit: the change is abandoned, and so is its event
    assert count(db, probe.tables.outbox) == 0
    db.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_relay_killed_mid_batch_loses_nothing(db_url, amqp_url, events_prefix, tmp_path):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    total = 1500
    ids = emit(db, settings, range(total))
    process = subprocess.Popen(
        [sys.executable, str(Path(probe.__file__)), db_url, amqp_url, events_prefix],
        env={"BATCH": "400", "PATH": "/usr/bin:/bin"},
        stderr=open(tmp_path / "relay.log", "wb"),  # noqa: SIM115
    )
    try:
        assert wait_for(lambda: channel.queue_declare(queue, passive=True).method.message_count >= 150, 30, 0.005)
        process.kill()
        process.wait(10)
        published_before_kill = channel.queue_declare(queue, passive=True).method.message_count
        assert published_before_kill < total, "the relay finished before it could be killed"
        relay = Relay(settings, db, probe.tables)
        while relay.publish_pending():
            pass
        relay._close()
        seen = [body["id"] for _, body in drain_all(channel, queue)]  # every confirmed message is in the queue
        assert set(seen) == set(ids)
        assert len(seen) - total <= 400, "at most the batch the relay was killed in is published twice"
        first_seen = list(dict.fromkeys(seen))
        assert first_seen == ids, "events must keep their order"
        assert count(db, probe.tables.outbox) == total
    finally:
        if process.poll() is None:
            process.kill()
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


def test_duplicate_delivery_has_one_effect(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    consumer = Consumer(settings, db, probe.tables, probe.handlers)
    thread = run_in_thread(consumer)
    try:
        assert wait_for(lambda: _queue_exists(amqp_url, settings.queue))
        event = CloudEvent.new(source="/71.74/other", type=TYPE, data={"value": 7})
        connection = broker.connect(amqp_url)
        channel = connection.channel()
        channel.confirm_delivery()
        for _ in range(3):
            channel.basic_publish(
                settings.exchange, TYPE, event.to_json().encode(), pika.BasicProperties(delivery_mode=2)
            )
        connection.close()
        assert wait_for(lambda: count(db, probe.tables.inbox) == 1 and _queue_empty(amqp_url, settings.queue))
        time.sleep(0.2)
        assert count(db, probe.effects) == 1
        assert consumer.handle(event) == "duplicate"
    finally:
        consumer.stop()
        thread.join(5)
        db.dispose()


def test_a_poison_message_is_dead_lettered_while_the_rest_flows(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    consumer = Consumer(settings, db, probe.tables, probe.handlers)
    thread = run_in_thread(consumer)
    try:
        assert wait_for(lambda: _queue_exists(amqp_url, settings.queue))
        connection = broker.connect(amqp_url)
        channel = connection.channel()
        channel.confirm_delivery()
        publish = lambda body: channel.basic_publish(  # noqa: E731
            settings.exchange, TYPE, body, pika.BasicProperties(delivery_mode=2)
        )
        poison = CloudEvent.new(source="/x", type=TYPE, data={"value": 0, "poison": True})
        publish(poison.to_json().encode())
        publish(b"{not json")
        for value in range(1, 21):
            publish(CloudEvent.new(source="/x", type=TYPE, data={"value": value}).to_json().encode())
        assert wait_for(lambda: count(db, probe.effects) == 20)
        dead = broker.dead_queue_name(settings)
        assert wait_for(lambda: channel.queue_declare(dead, passive=True).method.message_count == 2, 10)
        bodies = []
        for _ in range(2):
            method, properties, body = channel.basic_get(dead, auto_ack=True)
            bodies.append((properties.headers or {}, body))
        by_body = {body: headers for headers, body in bodies}
        assert b"{not json" in by_body
        poisoned = by_body[poison.to_json().encode()]
        assert poisoned["x-suite-attempt"] == len(settings.events_retry_delays_ms)
        assert count(db, probe.tables.inbox) == 20  # the poison never entered the inbox
        connection.close()
    finally:
        consumer.stop()
        thread.join(5)
        db.dispose()


def unsent(db):
    outbox = probe.tables.outbox
    with db.session() as session:
        return session.execute(select(func.count()).where(outbox.c.sent_at.is_(None))).scalar()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_broker_restarted_loses_nothing(db_url, private_broker, events_prefix):
    settings = probe.settings_for(db_url, private_broker.url, events_prefix)
    db = probe.database(db_url)
    consumer = Consumer(settings, db, probe.tables, probe.handlers)
    relay = Relay(settings, db, probe.tables)
    connection = broker.connect(private_broker.url)
    consumer.declare(connection.channel())  # the queue exists, nobody consumes yet
    connection.close()
    threads = [run_in_thread(relay)]
    try:
        emit(db, settings, range(50))
        assert wait_for(lambda: unsent(db) == 0)  # 50 events wait in the durable queue
        private_broker.stop()
        emit(db, settings, range(50, 100))  # the service keeps accepting changes meanwhile
        time.sleep(1)
        assert unsent(db) == 50
        private_broker.start()
        threads.append(run_in_thread(consumer))
        assert wait_for(lambda: count(db, probe.effects) == 100, timeout=45)
        with db.session() as session:
            values = sorted(session.execute(select(probe.effects.c.value)).scalars())
        assert values == list(range(100))
    finally:
        consumer.stop()
        relay.stop()
        for thread in threads:
            thread.join(10)
        db.dispose()


def _queue_exists(url, name):
    try:
        connection = broker.connect(url)
    except Exception:
        return False
    try:
        connection.channel().queue_declare(name, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker:
        return False
    finally:
        if connection.is_open:
            connection.close()


def _queue_empty(url, name):
    connection = broker.connect(url)
    try:
        method = connection.channel().queue_declare(name, passive=True).method
        return method.message_count == 0
    finally:
        connection.close()
