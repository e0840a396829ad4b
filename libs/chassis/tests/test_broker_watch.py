"""chassis.testing.watch: a test's own queue on the suite's exchange sees what was published under its keys, and
is gone after the block, even when the broker was stopped inside it."""

from __future__ import annotations

import json

import pika
import pytest

from chassis import broker
from chassis.testing import wait_for, watch


def publish(amqp_url: str, prefix: str, routing_key: str, **data) -> None:
    connection = broker.connect(amqp_url)
    try:
        body = json.dumps({"type": routing_key, "data": data})
        connection.channel().basic_publish(f"{prefix}suite.events", routing_key, body)
    finally:
        connection.close()


def queue_exists(amqp_url: str, queue: str) -> bool:
    connection = broker.connect(amqp_url)
    try:
        connection.channel().queue_declare(queue, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker as exc:
        assert exc.reply_code == 404
        return False
    finally:
        if connection.is_open:
            connection.close()


def test_a_watch_takes_what_its_keys_match_in_order_and_is_deleted_after(amqp_url, events_prefix):
    seen: list[dict] = []
    with watch(amqp_url, events_prefix, "probe", "probe.thing.#") as w:
        assert w.queue == f"{events_prefix}watch.probe" and queue_exists(amqp_url, w.queue)
        publish(amqp_url, events_prefix, "probe.thing.happened.v1", value=1)
        publish(amqp_url, events_prefix, "probe.other.v1", value=2)
        publish(amqp_url, events_prefix, "probe.thing.happened.v1", value=3)
        assert wait_for(lambda: seen.extend(w.drain()) or len(seen) >= 2, timeout=10)
        assert [e["data"]["value"] for e in seen] == [1, 3]
        assert w.drain() == [], "taken messages are gone"
    assert not queue_exists(amqp_url, f"{events_prefix}watch.probe")


def test_without_keys_a_watch_sees_every_event(amqp_url, events_prefix):
    seen: list[dict] = []
    with watch(amqp_url, events_prefix, "all") as w:
        publish(amqp_url, events_prefix, "ppid.request.submitted.v1", n=1)
        publish(amqp_url, events_prefix, "newsroom.article.published.v1", n=2)
        assert wait_for(lambda: seen.extend(w.drain()) or len(seen) >= 2, timeout=10)
    assert sorted(e["type"] for e in seen) == ["newsroom.article.published.v1", "ppid.request.submitted.v1"]


def test_the_clean_up_does_not_fail_when_the_broker_is_gone(amqp_url, events_prefix, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OSError("the broker is down")

    with pytest.raises(RuntimeError, match="the test's own"), watch(amqp_url, events_prefix, "gone"):
        monkeypatch.setattr(broker, "connect", unreachable)
        raise RuntimeError("the test's own failure is what the run reports")
    monkeypatch.undo()
    connection = broker.connect(amqp_url)
    try:
        connection.channel().queue_delete(f"{events_prefix}watch.gone")
    finally:
        connection.close()
