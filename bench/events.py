"""Events on PostgreSQL: the outbox relay against raw pika, the consumer's rate, commit -> consumer latency.

Three measurements against the real RabbitMQ and temporary PostgreSQL databases (dropped at the end), all on
quorum queues like the services':

- the relay draining ``--events`` outbox rows (one ``publish_pending`` after another: read a batch, publish it,
  wait for its confirms, mark it) against raw pika publishing as many persistent messages of the same size one
  by one with confirms (BlockingConnection), alternated over ``--rounds``, best round of each
  (goal: the relay at least 1.5x raw pika);
- the consumer in a process of its own draining ``--consume`` events waiting in its queue, each handled in its
  own transaction with its inbox row (its rate from the first to the last event handled);
- commit -> the event in a consumer's hands: this process commits one event per unit of work at each of
  ``--rates`` for ``--seconds``; a relay process (woken by NOTIFY) publishes them and a consumer process (its
  own database, like another service) notes when each reaches its handler (goal: p99 < 50 ms at 100/s).

The last line is the relay/raw ratio.

    .venv/bin/python bench/events.py [--events 5000] [--rounds 3] [--consume 5000] [--rates 100,1000]
"""

from __future__ import annotations

import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

import harness
import pika
from harness import Bench, options, percentile, print_ratio, require_postgres
from sqlalchemy import Column, Float, Integer, String, Table, func, insert, select

sys.path.insert(0, str(harness.ROOT / "libs" / "chassis"))

from chassis import broker  # noqa: E402
from chassis.consumer import Consumer, Handlers  # noqa: E402
from chassis.db import Database, service_metadata  # noqa: E402
from chassis.events import CloudEvent  # noqa: E402
from chassis.messaging import UnitOfWork, define_tables  # noqa: E402
from chassis.relay import Relay  # noqa: E402
from chassis.settings import ServiceSettings  # noqa: E402

AMQP = "amqp://guest:guest@127.0.0.1:5672/"
TYPE = "bench.thing.happened.v1"
DATA = {"registration_number": "PPID/2026/000123", "status": "diterima", "opd": "diskominfo", "note": "x" * 200}

metadata = service_metadata()
tables = define_tables(metadata)
arrivals = Table(
    "arrivals",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("value", Integer, nullable=False),
    Column("handled_at", Float, nullable=False),  # time.time() as the handler got the event
)
handlers = Handlers()


@handlers.on(TYPE)
def note_arrival(uow, event) -> None:
    uow.session.execute(insert(arrivals).values(event_id=event.id, value=event.data["value"], handled_at=time.time()))


def settings_for(name: str, database_url: str, amqp_url: str, prefix: str, **more) -> ServiceSettings:
    return ServiceSettings(
        service_name=name,
        database_url=database_url,
        amqp_url=amqp_url,
        events_prefix=prefix,
        log_json=False,
        log_level="WARNING",
        **more,
    )


def database(url: str) -> Database:
    db = Database(url)
    metadata.create_all(db.engine)
    return db


def fill_outbox(db: Database, settings: ServiceSettings, count: int, per_commit: int = 500) -> None:
    value = 0
    while value < count:
        with UnitOfWork(db, tables, settings.source) as uow:
            for _ in range(min(per_commit, count - value)):
                uow.emit(TYPE, {**DATA, "value": value})
                value += 1
            uow.commit()


def unsent(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).where(tables.outbox.c.sent_at.is_(None))).scalar()


# --- (a) the relay against raw pika ----------------------------------------------------------------------------------


def raw_pika(settings: ServiceSettings, count: int, body: bytes) -> float:
    """Messages per second publishing ``count`` persistent messages one by one with confirms."""
    connection = broker.connect(settings.amqp_url)
    channel = connection.channel()
    channel.confirm_delivery()
    properties = pika.BasicProperties(content_type="application/cloudevents+json", delivery_mode=2)
    began = time.perf_counter()
    for n in range(count):
        properties.message_id = f"raw-{n}"
        channel.basic_publish(settings.exchange, TYPE, body, properties, mandatory=True)
    elapsed = time.perf_counter() - began
    connection.close()
    return count / elapsed


def relay_drain(db: Database, settings: ServiceSettings, count: int) -> float:
    """Outbox rows per second the relay publishes and marks, ``count`` rows waiting."""
    fill_outbox(db, settings, count)
    relay = Relay(settings, db, tables)
    relay._open()  # connecting is not publishing
    began = time.perf_counter()
    done = 0
    while published := relay.publish_pending():
        done += published
    elapsed = time.perf_counter() - began
    relay._close()
    if done != count or unsent(db):
        raise SystemExit(f"the relay published {done} of {count} rows")
    return count / elapsed


def purge(settings: ServiceSettings, queue: str) -> None:
    connection = broker.connect(settings.amqp_url)
    connection.channel().queue_purge(queue)
    connection.close()


def relay_against_raw(bench: Bench, args, prefix: str, url: str) -> float:
    settings = settings_for("benchsource", url, args.amqp, prefix)
    db = database(url)
    connection = broker.connect(settings.amqp_url)
    channel = connection.channel()
    broker.declare_exchange(channel, settings)
    queue = f"{prefix}watch"
    channel.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
    channel.queue_bind(queue, settings.exchange, routing_key="#")
    connection.close()
    with UnitOfWork(db, tables, settings.source) as uow:
        body = uow.emit(TYPE, {**DATA, "value": 0}).to_json().encode()  # the size of the relay's messages
    raws, relays = [], []
    for _ in range(args.rounds):
        raws.append(raw_pika(settings, args.events, body))
        purge(settings, queue)
        relays.append(relay_drain(db, settings, args.events))
        purge(settings, queue)
    db.dispose()
    connection = broker.connect(settings.amqp_url)
    connection.channel().queue_delete(queue)  # the latency rounds publish to the same exchange
    connection.close()
    raw, relay = max(raws), max(relays)
    ratio = relay / raw
    print(f"publishing {args.events} persistent events to a quorum queue, best of {args.rounds} rounds")
    print(f"   raw pika, one by one with confirms      {raw:>8.0f} msg/s   (rounds: {_rounds(raws)})")
    print(f"   relay draining the outbox               {relay:>8.0f} msg/s   (rounds: {_rounds(relays)})")
    print(f"   relay/raw {ratio:.2f} (goal >= 1.5: {'ok' if ratio >= 1.5 else 'MISSED'})")
    return ratio


def _rounds(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


# --- (b) and (c): a relay process and a consumer process -------------------------------------------------------------


def role(argv: list[str]) -> None:
    """Run as the bench's relay or consumer process: ``events.py --role relay|consumer <db url> <amqp> <prefix>``."""
    _, name, url, amqp_url, prefix = argv
    if name == "relay":
        runner = Relay(settings_for("benchsource", url, amqp_url, prefix), database(url), tables)
    else:
        runner = Consumer(settings_for("benchsink", url, amqp_url, prefix), database(url), tables, handlers)
    import signal

    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    runner.run()


def start_role(bench: Bench, name: str, url: str, args, prefix: str):
    command = [sys.executable, str(Path(__file__).resolve()), "--role", name, url, args.amqp, prefix]
    return bench.start(name, command, harness.suite_env(bench.var))


def handled(db: Database) -> list[tuple[str, int, float]]:
    with db.session() as session:
        return session.execute(select(arrivals.c.event_id, arrivals.c.value, arrivals.c.handled_at)).all()


def handled_count(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(arrivals)).scalar()


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def consumer_rate(bench: Bench, args, prefix: str, sink_url: str, sink: Database):
    """The consumer process, started on ``--consume`` events waiting in its queue, once it has handled them all
    (it stays up for the latency rounds); prints its rate."""
    settings = settings_for("benchsink", sink_url, args.amqp, prefix)
    connection = broker.connect(settings.amqp_url)
    channel = connection.channel()
    broker.declare_service_queue(channel, settings, [TYPE])
    connection.close()
    publisher = broker.ConfirmingPublisher(args.amqp, name="bench-fill")
    publisher.open()
    for start in range(0, args.consume, 500):
        events = [
            CloudEvent.new(source="/71.74/benchfill", type=TYPE, data={**DATA, "value": n})
            for n in range(start, min(start + 500, args.consume))
        ]
        messages = [
            broker.Message(TYPE, e.to_json().encode(), pika.BasicProperties(delivery_mode=2, message_id=e.id))
            for e in events
        ]
        publisher.publish(settings.exchange, messages)
    publisher.close()
    process = start_role(bench, "consumer", sink_url, args, prefix)
    wait_until(lambda: handled_count(sink) >= args.consume, 300, "the consumer to drain its queue")
    times = sorted(t for _, _, t in handled(sink))
    rate = (len(times) - 1) / (times[-1] - times[0])
    print(f"consumer process: {args.consume} waiting events, each handled with its inbox row in one transaction")
    print(f"   {rate:>8.0f} events/s (goal >= 1000/s, ten times a busy office's peak of events)")
    with sink.session() as session:
        session.execute(arrivals.delete())
        session.commit()
    return process


def latencies(bench: Bench, args, prefix: str, url: str, sink: Database) -> dict[int, tuple[float, list[float]]]:
    """The offered rate and commit -> handler latencies (seconds) at each rate, through the relay and consumer
    processes, the service's database at ``url``."""
    settings = settings_for("benchsource", url, args.amqp, prefix)
    source = database(url)
    relay = start_role(bench, "relay", url, args, prefix)
    committed: dict[str, float] = {}

    def commit_one(value: int) -> None:
        with UnitOfWork(source, tables, settings.source) as uow:
            event = uow.emit(TYPE, {**DATA, "value": value})
            uow.commit()
        committed[event.id] = time.time()

    commit_one(-1)  # the relay is up and the path is warm once this one arrived
    wait_until(lambda: handled_count(sink) >= 1, 60, "the first event to reach the consumer")
    results = {}
    for rate in args.rates:
        before = handled_count(sink)
        began = time.perf_counter()
        total = int(rate * args.seconds)
        for n in range(total):
            delay = began + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            commit_one(n)
        offered = total / (time.perf_counter() - began)
        expected = before + total
        wait_until(lambda: handled_count(sink) >= expected, 120, f"the events at {rate}/s")  # noqa: B023
        got = [t - committed[i] for i, v, t in handled(sink) if v >= 0 and i in committed]
        results[rate] = (offered, got)
        for event_id in list(committed):
            committed.pop(event_id)
        with sink.session() as session:
            session.execute(arrivals.delete())
            session.commit()
    bench.stop(relay)
    source.dispose()
    return results


def main() -> None:
    if sys.argv[1:2] == ["--role"]:
        role(sys.argv[1:])
        return
    parser = options(__doc__)
    parser.add_argument("--events", type=int, default=5000, help="events the relay and raw pika publish")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds of relay and raw pika")
    parser.add_argument("--consume", type=int, default=5000, help="events waiting for the consumer")
    parser.add_argument("--rates", default="100,1000", help="commits per second for the latency rounds")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each latency round")
    parser.add_argument("--amqp", default=AMQP)
    args = parser.parse_args()
    args.rates = [int(r) for r in args.rates.split(",")]
    require_postgres()
    started = time.perf_counter()
    prefix = f"bench{secrets.token_hex(3)}."
    try:
        with Bench("events") as bench:
            source_url = f"{harness.PG}/{bench.create_database('bench_events')}"
            ratio = relay_against_raw(bench, args, prefix, source_url)
            sink_url = f"{harness.PG}/{bench.create_database('bench_events_sink')}"
            sink = database(sink_url)
            consumer_rate(bench, args, prefix, sink_url, sink)
            by_rate = latencies(bench, args, prefix, source_url, sink)
            print("commit -> event in the consumer's handler (relay woken by NOTIFY, consumer in its own process)")
            for rate, (offered, got) in by_rate.items():
                p50, p95, p99 = (percentile(got, p) * 1000 for p in (50, 95, 99))
                goal = f"goal p99 < 50 ms: {'ok' if p99 < 50 else 'MISSED'}" if rate <= 100 else "no goal set"
                mean = statistics.fmean(got) * 1000
                print(
                    f"   {rate:>5}/s (offered {offered:.0f}/s, {len(got)} events): p50 {p50:.1f} ms, "
                    f"p95 {p95:.1f} ms, p99 {p99:.1f} ms, mean {mean:.1f} ms ({goal})"
                )
            sink.dispose()
    finally:
        cleanup(args.amqp, prefix)
    print_ratio("events relay drain / raw pika one-by-one confirms, throughput ratio", ratio, started)


def cleanup(amqp_url: str, prefix: str) -> None:
    connection = broker.connect(amqp_url)
    channel = connection.channel()
    queue = f"{prefix}benchsink.events"
    for name in (f"{prefix}watch", queue, f"{queue}.dead", *(f"{queue}.retry.{n}" for n in range(1, 6))):
        channel.queue_delete(name)
    for exchange in ("suite.events", "suite.dlx"):
        channel.exchange_delete(prefix + exchange)
    connection.close()


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
