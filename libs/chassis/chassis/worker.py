"""The worker process: its runners (relay, consumers, periodic jobs) in threads, and its own probes.

A web process is ready when its database and file store answer; the broker is the worker's concern, so the
worker has probes of its own, served on ``WORKER_HEALTH_PORT`` (0: none) by a small stdlib HTTP server:

- ``/livez``: 200 while every runner's thread is alive (a dead thread ends the worker anyway);
- ``/readyz``: 200 when the relay and the consumers are connected to the broker and their threads alive, and
  the database answers; the body tells the outbox lag (rows waiting, age of the oldest). Otherwise 503
  problem+json with the same detail;
- ``/metrics``: Prometheus, with the outbox lag gauges refreshed at each scrape.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chassis import metrics
from chassis.consumer import Consumer
from chassis.db import Database
from chassis.messaging import MessagingTables
from chassis.problems import PROBLEM_JSON, problem_body
from chassis.relay import Relay, outbox_lag
from chassis.settings import ServiceSettings

log = logging.getLogger("chassis.worker")


class Worker:
    """Runs each runner (anything with ``run()`` and ``stop()``) in a thread of its own and says how they are."""

    def __init__(self, settings: ServiceSettings, db: Database, tables: MessagingTables, runners: list):
        self.settings = settings
        self.db = db
        self.tables = tables
        self.runners = list(runners)
        self.threads = [threading.Thread(target=r.run, name=_name(r), daemon=True) for r in self.runners]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self, timeout: float = 10) -> None:
        for runner in self.runners:
            runner.stop()
        for thread in self.threads:
            if thread.is_alive():
                thread.join(timeout=timeout)

    def alive(self) -> bool:
        return all(thread.is_alive() for thread in self.threads)

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        threads = {thread.name: "alive" if thread.is_alive() else "dead" for thread in self.threads}
        return all(v == "alive" for v in threads.values()), {"threads": threads}

    def readiness(self) -> tuple[bool, dict[str, Any]]:
        checks: dict[str, str] = {}
        for runner, thread in zip(self.runners, self.threads, strict=True):
            if isinstance(runner, Relay | Consumer):
                if not thread.is_alive():
                    checks[thread.name] = "error: thread dead"
                else:
                    checks[thread.name] = "ok" if runner.connected else "error: broker not connected"
        detail: dict[str, Any] = {"checks": checks}
        try:
            pending, oldest = outbox_lag(self.db, self.tables)
            checks["database"] = "ok"
            detail["outbox"] = {"pending": pending, "oldest_pending_age_seconds": round(oldest, 3)}
        except Exception as exc:  # any failure means not ready
            checks["database"] = f"error: {exc.__class__.__name__}"
        return all(v == "ok" for v in checks.values()), detail

    def refresh_metrics(self) -> None:
        try:
            pending, oldest = outbox_lag(self.db, self.tables)
        except Exception:  # the scrape still answers; readiness tells the database is down
            log.warning("outbox lag unknown: the database did not answer", exc_info=True)
            return
        metrics.OUTBOX_LAG.labels(self.settings.service_name).set(pending)
        metrics.OUTBOX_OLDEST_AGE.labels(self.settings.service_name).set(oldest)


def _name(runner) -> str:
    if isinstance(runner, Relay):
        return "relay"
    if isinstance(runner, Consumer):
        return f"consumer:{runner.settings.queue}"
    job = getattr(runner, "job", None)
    return f"periodic:{job.name}" if job is not None else type(runner).__name__


def serve_probes(worker: Worker, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:  # noqa: S104
    """Serve the worker's probes on ``host:port`` from a daemon thread; ``shutdown()`` the server to stop."""

    class Probes(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's hook name
            path = self.path.split("?", 1)[0]
            try:
                if path == "/livez":
                    self._health(*worker.liveness(), "Proses worker tidak sehat: ada bagian yang berhenti.")
                elif path == "/readyz":
                    self._health(*worker.readiness(), "Worker belum siap: broker, relay, consumer atau basis data.")
                elif path == "/metrics":
                    worker.refresh_metrics()
                    body, content_type = metrics.render()
                    self._answer(200, body, content_type)
                else:
                    self._problem(404, "Alamat ini tidak ada; gunakan /livez, /readyz atau /metrics.")
            except Exception:  # a probe never answers 500 with a traceback
                log.exception("worker probe %s failed", path)
                self._problem(503, "Pemeriksaan worker gagal; sudah dicatat.")

        def _health(self, ok: bool, detail: dict, problem: str) -> None:
            if ok:
                self._answer(200, json.dumps({"status": "ok", **detail}).encode(), "application/json")
            else:
                self._problem(503, problem, **detail)

        def _problem(self, status: int, detail: str, **extra) -> None:
            self._answer(status, json.dumps(problem_body(status, detail, **extra)).encode(), PROBLEM_JSON)

        def _answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002 - the stdlib's signature
            pass  # probes every few seconds would drown the worker's log

    server = ThreadingHTTPServer((host, port), Probes)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="probes", daemon=True).start()
    return server


def run_until_stopped(settings: ServiceSettings, db: Database, tables: MessagingTables, runners: list) -> None:
    """A worker process's life: its runners started, its probes served on ``WORKER_HEALTH_PORT`` (0: none), until
    SIGTERM or SIGINT, or until a runner's thread dies (the process then ends, and its supervisor restarts it)."""
    import signal

    stop = threading.Event()
    worker = Worker(settings, db, tables, runners)

    def _signal(*_):
        stop.set()
        for runner in runners:
            runner.stop()

    signal.signal(signal.SIGTERM, _signal)
    signal.signal(signal.SIGINT, _signal)
    worker.start()
    port = settings.worker_health_port
    probes = serve_probes(worker, port, settings.worker_health_host) if port else None
    try:
        while not stop.is_set() and worker.alive():
            stop.wait(0.5)
    finally:
        if probes is not None:
            probes.shutdown()
        worker.stop()
