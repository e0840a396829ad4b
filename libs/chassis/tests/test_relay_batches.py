"""The relay's batches against a real RabbitMQ and database: order, a crash between confirms and mark, nacks,
returns, the wake-up on commit and the idle relay's silence."""

from __future__ import annotations

import threading

import probe
import pytest
from sqlalchemy import event, func, select
from test_events_on_broker import TYPE, bind_test_queue, drain_all, emit

from chassis import broker
from chassis.db import Database
from chassis.messaging import UnitOfWork
from chassis.relay import Relay, outbox_lag
from chassis.testing import truncate_all, wait_for


@pytest.fixture
def db_url(backend, databases):
    url = databases.url("relay", backend)
    db = probe.database(url)
    yield url
    truncate_all(db.engine, probe.metadata)
    db.dispose()


@pytest.fixture
def postgres_url(databases):
    url = databases.url("relay", "postgresql")
    db = probe.database(url)
    yield url
    truncate_all(db.engine, probe.metadata)
    db.dispose()


def unsent(db) -> int:
    outbox = probe.tables.outbox
    with db.session() as session:
        return session.execute(select(func.count()).where(outbox.c.sent_at.is_(None))).scalar()


def outcomes(db) -> list[str]:
    outbox = probe.tables.outbox
    with db.session() as session:
        return list(session.execute(select(outbox.c.outcome).order_by(outbox.c.seq)).scalars())


def test_order_is_kept_across_batches(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix, relay_batch_size=7)
    db = probe.database(db_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    relay = Relay(settings, db, probe.tables)
    try:
        ids = [i for start in range(0, 50, 10) for i in emit(db, settings, range(start, start + 10))]
        published = []
        while count := relay.publish_pending():
            published.append(count)
        assert published == [7] * 7 + [1]
        assert [body["id"] for _, body in drain_all(channel, queue)] == ids
        assert set(outcomes(db)) == {"sent"}
    finally:
        relay._close()
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


class Crash(Exception):
    pass


def test_a_relay_dying_between_confirms_and_mark_resends_only_that_batch(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix, relay_batch_size=10)
    db = probe.database(db_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    ids = emit(db, settings, range(35))
    dying = Relay(settings, db, probe.tables)
    marks = []
    mark = dying._mark

    def mark_then_die_on_the_second_batch(*args):
        marks.append(1)
        if len(marks) == 2:
            raise Crash("killed after the confirms, before the mark")
        return mark(*args)

    dying._mark = mark_then_die_on_the_second_batch
    try:
        assert dying.publish_pending() == 10
        with pytest.raises(Crash):
            dying.publish_pending()
        dying._close()
        assert unsent(db) == 25  # the second batch was confirmed by the broker but never marked
        relay = Relay(settings, db, probe.tables)
        while relay.publish_pending():
            pass
        relay._close()
        seen = [body["id"] for _, body in drain_all(channel, queue)]
        assert set(seen) == set(ids), "nothing is lost"
        assert seen == ids[:20] + ids[10:], "only the batch that was not marked is sent twice, in its order"
        assert unsent(db) == 0
    finally:
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


def test_events_the_broker_refuses_are_published_again_in_order(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    # A full queue that refuses more: the broker nacks what it cannot take.
    full = f"{events_prefix}full"
    channel.queue_declare(full, durable=True, arguments={"x-max-length": 4, "x-overflow": "reject-publish"})
    channel.queue_bind(full, settings.exchange, routing_key="#")
    ids = emit(db, settings, range(10))
    relay = Relay(settings, db, probe.tables)
    try:
        assert relay.publish_pending() == 4
        assert unsent(db) == 6, "the refused rows stay in the outbox"
        got = [body["id"] for _, body in drain_all(channel, full)]
        assert relay.publish_pending() == 4
        got += [body["id"] for _, body in drain_all(channel, full)]
        assert relay.publish_pending() == 2
        got += [body["id"] for _, body in drain_all(channel, full)]
        assert got == ids
        assert unsent(db) == 0
    finally:
        relay._close()
        channel.queue_delete(full)
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


def test_unroutable_and_routed_events_of_one_batch_each_get_their_outcome(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    connection = broker.connect(amqp_url)
    channel = connection.channel()
    broker.declare_exchange(channel, settings)
    routed = f"{events_prefix}routed"
    channel.queue_declare(routed, durable=True)
    channel.queue_bind(routed, settings.exchange, routing_key=TYPE)  # nobody listens to the other type
    with UnitOfWork(db, probe.tables, settings.source) as uow:
        for value in range(6):
            uow.emit(TYPE if value % 2 == 0 else "probe.nobody.listens.v1", {"value": value})
        uow.commit()
    relay = Relay(settings, db, probe.tables)
    try:
        assert relay.publish_pending() == 6
        assert outcomes(db) == ["sent", "unroutable"] * 3
        assert [body["data"]["value"] for _, body in drain_all(channel, routed)] == [0, 2, 4]
    finally:
        relay._close()
        channel.queue_delete(routed)
        connection.close()
        db.dispose()


def run_relay(relay: Relay) -> threading.Thread:
    thread = threading.Thread(target=relay.run, daemon=True)
    thread.start()
    return thread


def test_a_commit_wakes_the_sleeping_relay_on_postgresql(postgres_url, amqp_url, events_prefix):
    # The safety look happens only every 10 minutes: an event that arrives sooner was woken by the NOTIFY.
    settings = probe.settings_for(postgres_url, amqp_url, events_prefix, relay_idle_seconds=600)
    db = probe.database(postgres_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    relay = Relay(settings, db, probe.tables)
    thread = run_relay(relay)
    try:
        first = emit(db, settings, [1])
        assert wait_for(lambda: unsent(db) == 0 and relay.connected, 20)
        assert wait_for(lambda: channel.queue_declare(queue, passive=True).method.message_count == 1, 10)
        second = emit(db, settings, [2])
        assert wait_for(lambda: channel.queue_declare(queue, passive=True).method.message_count == 2, 20)
        assert [body["id"] for _, body in drain_all(channel, queue)] == first + second
    finally:
        relay.stop()
        thread.join(10)
        channel.queue_delete(queue)
        connection.close()
        db.dispose()


def test_an_idle_relay_on_postgresql_runs_no_queries(postgres_url, amqp_url, events_prefix):
    settings = probe.settings_for(postgres_url, amqp_url, events_prefix, relay_idle_seconds=600)
    db = probe.database(postgres_url)
    writer = Database(postgres_url)  # the service's web process, whose statements are not the relay's
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    relay = Relay(settings, db, probe.tables)
    thread = run_relay(relay)
    try:
        emit(writer, settings, [1])
        assert wait_for(lambda: unsent(writer) == 0 and relay.connected, 20)
        threading.Event().wait(0.5)  # the relay has gone back to sleep after its batch
        statements.clear()
        threading.Event().wait(3.5)  # several of its keep-alive turns, which touch only the broker
        assert statements == []
        emit(writer, settings, [2])
        assert wait_for(lambda: unsent(writer) == 0, 20)
        assert any("outbox" in s for s in statements), "woken, the relay reads the outbox (the count works)"
    finally:
        relay.stop()
        thread.join(10)
        writer.dispose()
        db.dispose()


def test_outbox_lag_counts_waiting_rows_and_the_age_of_the_oldest(db_url, amqp_url, events_prefix):
    settings = probe.settings_for(db_url, amqp_url, events_prefix)
    db = probe.database(db_url)
    try:
        assert outbox_lag(db, probe.tables) == (0, 0.0)
        emit(db, settings, range(3))
        pending, oldest = outbox_lag(db, probe.tables)
        assert pending == 3 and 0 <= oldest < 3600
    finally:
        db.dispose()


def test_a_second_relay_waits_connected_while_the_first_publishes(postgres_url, amqp_url, events_prefix):
    settings = probe.settings_for(postgres_url, amqp_url, events_prefix)
    db = probe.database(postgres_url)
    connection, channel, queue = bind_test_queue(amqp_url, settings)
    first, second = Relay(settings, db, probe.tables), Relay(settings, db, probe.tables)
    threads = [run_relay(first)]
    try:
        assert wait_for(lambda: first.connected, 20)
        threads.append(run_relay(second))
        assert wait_for(lambda: second.connected, 20), "a standby relay's worker is ready too"
        ids = emit(db, settings, range(20))
        assert wait_for(lambda: unsent(db) == 0, 20)
        assert wait_for(lambda: channel.queue_declare(queue, passive=True).method.message_count >= 20, 10)
        threading.Event().wait(0.5)
        assert [body["id"] for _, body in drain_all(channel, queue)] == ids, "one relay published, once, in order"
    finally:
        first.stop()
        second.stop()
        for thread in threads:
            thread.join(10)
        channel.queue_delete(queue)
        connection.close()
        db.dispose()
