"""The ``worker`` command serves its probes on WORKER_HEALTH_PORT, with the broker and without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import probe
import requests

from chassis.testing import free_port, wait_for

HERE = Path(__file__).resolve().parent
FLASK = Path(sys.executable).parent / "flask"


def answer(url: str):
    try:
        return requests.get(url, timeout=5)
    except requests.ConnectionError:
        return None


def start_worker(tmp_path, amqp_url: str, prefix: str, port: int) -> subprocess.Popen:
    url = f"sqlite:///{tmp_path / 'probe.db'}"
    probe.database(url).dispose()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "AMQP_URL": amqp_url,
        "EVENTS_PREFIX": prefix,
        "WORKER_HEALTH_PORT": str(port),
        "LOG_JSON": "false",
        "SUITE_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(HERE),
    }
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - the worker writes to it until it stops
    return subprocess.Popen([str(FLASK), "--app", "probe:create_app", "worker"], env=env, stdout=log, stderr=log)


def stop(process: subprocess.Popen) -> int:
    process.terminate()
    try:
        return process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(5)


def test_the_worker_command_is_ready_with_the_broker_and_only_alive_without_it(tmp_path, amqp_url, events_prefix):
    port = free_port()
    (tmp_path / "up").mkdir()
    worker = start_worker(tmp_path / "up", amqp_url, events_prefix, port)
    try:
        base = f"http://127.0.0.1:{port}"
        ready = wait_for(lambda: (a := answer(f"{base}/readyz")) is not None and a.status_code == 200 and a, 60, 0.2)
        assert ready, (tmp_path / "up" / "worker.log").read_text()[-3000:]
        assert ready.json()["outbox"] == {"pending": 0, "oldest_pending_age_seconds": 0}
        assert answer(f"{base}/livez").status_code == 200
        assert "outbox_unsent" in answer(f"{base}/metrics").text
    finally:
        assert stop(worker) == 0, "SIGTERM stops the worker cleanly"
    port = free_port()
    (tmp_path / "down").mkdir()
    worker = start_worker(tmp_path / "down", "amqp://guest:guest@127.0.0.1:9/", events_prefix, port)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: answer(f"{base}/livez") is not None, 60, 0.2)
        assert answer(f"{base}/livez").status_code == 200
        not_ready = answer(f"{base}/readyz")
        assert not_ready.status_code == 503 and not_ready.headers["Content-Type"] == "application/problem+json"
        assert not_ready.json()["checks"]["relay"] == "error: broker not connected"
    finally:
        stop(worker)
