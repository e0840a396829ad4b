"""The worker's own probes: ready only with the broker, alive without it, the outbox lag in detail and metrics."""

from __future__ import annotations

import threading

import probe
import pytest
import requests
from test_events_on_broker import emit

from chassis.consumer import Consumer
from chassis.relay import Relay
from chassis.testing import free_port, truncate_all, wait_for
from chassis.worker import Worker, serve_probes

DEAD_BROKER = "amqp://guest:guest@127.0.0.1:9/"  # the discard port: nothing speaks AMQP there


@pytest.fixture
def db_url(backend, databases):
    url = databases.url("worker", backend)
    db = probe.database(url)
    yield url
    truncate_all(db.engine, probe.metadata)
    db.dispose()


class Sweep:
    """A periodic job's runner, as the worker holds it."""

    def __init__(self):
        self.stopping = threading.Event()

    def run(self):
        self.stopping.wait()

    def stop(self):
        self.stopping.set()


@pytest.fixture
def worker_for(db_url):
    started = []

    def start(amqp_url: str, prefix: str):
        settings = probe.settings_for(db_url, amqp_url, prefix)
        db = probe.database(db_url)
        runners = [Relay(settings, db, probe.tables), Consumer(settings, db, probe.tables, probe.handlers), Sweep()]
        worker = Worker(settings, db, probe.tables, runners)
        worker.start()
        server = serve_probes(worker, free_port(), host="127.0.0.1")
        started.append((worker, server, db))
        return settings, db, worker, f"http://127.0.0.1:{server.server_port}"

    yield start
    for worker, server, db in started:
        server.shutdown()
        worker.stop()
        db.dispose()


def test_with_the_broker_up_the_worker_is_ready_and_tells_its_outbox_lag(worker_for, amqp_url, events_prefix):
    settings, db, worker, base = worker_for(amqp_url, events_prefix)
    assert wait_for(lambda: requests.get(f"{base}/readyz", timeout=5).status_code == 200, 30)
    ready = requests.get(f"{base}/readyz", timeout=5).json()
    assert ready["checks"] == {"relay": "ok", f"consumer:{settings.queue}": "ok", "database": "ok"}
    assert ready["outbox"]["pending"] == 0 and ready["outbox"]["oldest_pending_age_seconds"] == 0
    live = requests.get(f"{base}/livez", timeout=5)
    assert live.status_code == 200 and set(live.json()["threads"].values()) == {"alive"}
    emit(db, settings, range(5))
    assert wait_for(lambda: requests.get(f"{base}/readyz", timeout=5).json()["outbox"]["pending"] == 0, 20)
    metrics = requests.get(f"{base}/metrics", timeout=5)
    assert metrics.status_code == 200
    assert 'outbox_unsent{service="probe"} 0.0' in metrics.text
    assert 'outbox_oldest_unsent_age_seconds{service="probe"} 0.0' in metrics.text


def test_with_the_broker_unreachable_the_worker_is_alive_but_not_ready(worker_for, events_prefix):
    settings, db, worker, base = worker_for(DEAD_BROKER, events_prefix)
    emit(db, settings, range(3))  # the service keeps writing; its events wait in the outbox
    answer = requests.get(f"{base}/readyz", timeout=10)
    assert answer.status_code == 503
    assert answer.headers["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["status"] == 503 and problem["detail"].startswith("Worker belum siap")
    assert problem["checks"]["relay"] == "error: broker not connected"
    assert problem["checks"][f"consumer:{settings.queue}"] == "error: broker not connected"
    assert problem["checks"]["database"] == "ok"
    assert problem["outbox"]["pending"] == 3 and problem["outbox"]["oldest_pending_age_seconds"] >= 0
    assert requests.get(f"{base}/livez", timeout=5).status_code == 200
    metrics = requests.get(f"{base}/metrics", timeout=5).text
    assert 'outbox_unsent{service="probe"} 3.0' in metrics
    assert requests.get(f"{base}/nowhere", timeout=5).status_code == 404


def test_a_dead_runner_makes_the_worker_not_alive(worker_for, amqp_url, events_prefix):
    settings, db, worker, base = worker_for(amqp_url, events_prefix)
    worker.runners[2].stop()  # the periodic job's thread ends
    worker.threads[2].join(5)
    answer = requests.get(f"{base}/livez", timeout=5)
    assert answer.status_code == 503 and answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["threads"]["Sweep"] == "dead"
