"""`make test` and `make run` on a machine whose servers are stopped or missing: `deploy/local/backing` finds,
installs or starts each one. Run against wrong URLs and an empty PATH, so nothing is found by luck."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from chassis import broker, localbroker
from chassis.testing import free_port, unavailable

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("backing", ROOT / "deploy" / "local" / "backing.py")
backing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backing)


def nowhere(scheme: str) -> str:
    """A URL on a port where nothing listens."""
    return f"{scheme}://127.0.0.1:{free_port()}/"


@pytest.fixture
def empty_path(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")


def test_private_postgres_cluster_starts_when_nothing_answers(empty_path):
    started = backing.ensure_postgres(nowhere("postgresql") + "postgres", install=False)
    assert started is not None
    try:
        engine = sa.create_engine(started.url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
        engine.dispose()
    finally:
        started.stop()
    assert not backing.answers(started.url)


def test_private_redis_starts_when_nothing_answers(empty_path):
    started = backing.ensure_redis(nowhere("redis") + "0", install=False)
    assert started is not None
    try:
        host, port = started.url.rsplit("/", 1)[0].removeprefix("redis://").split(":")
        with socket.create_connection((host, int(port)), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            assert connection.recv(16).startswith(b"+PONG")
    finally:
        started.stop()


def test_private_rabbitmq_node_starts_when_nothing_answers(empty_path, tmp_path):
    if localbroker.server_command() is None:  # make test installs it; a run without it is told, and fails in CI
        unavailable("rabbitmq-server", FileNotFoundError("rabbitmq-server"))
    started = backing.ensure_rabbitmq(nowhere("amqp"), tmp_path / "rabbitmq", install=False)
    assert started is not None
    try:
        broker.ping(started.url)
    finally:
        started.stop()


def test_a_server_that_answers_is_used_as_it_is(tmp_path):
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        url = f"redis://127.0.0.1:{listening.getsockname()[1]}/0"
        assert backing.ensure_redis(url, install=False) is None


def test_a_missing_server_is_installed_from_debian(monkeypatch):
    calls = []
    monkeypatch.setattr(backing, "privileged_prefix", lambda: [])
    monkeypatch.setattr(backing.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(backing.Path, "exists", lambda self: True)  # no policy-rc.d written by the test

    def run(command, **_):
        calls.append(command)
        return subprocess.CompletedProcess(command, 0)

    backing.apt_install("redis-server", run=run)
    assert ["apt-get", "install", "-y", "-qq", "redis-server"] in calls


def test_without_root_or_sudo_the_one_command_to_run_is_named(monkeypatch):
    monkeypatch.setattr(backing, "privileged_prefix", lambda: None)
    with pytest.raises(backing.Unavailable, match="sudo apt-get install -y postgresql"):
        backing.apt_install("postgresql")
