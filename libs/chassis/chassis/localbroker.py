"""Run a RabbitMQ node of our own when none is reachable (local runs and broker-restart tests)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path


def server_command() -> str | None:
    """The server script itself: Debian's /usr/sbin wrapper switches to the rabbitmq user and its dirs."""
    direct = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
    return str(direct) if direct.exists() else shutil.which("rabbitmq-server")


class LocalBroker:
    """A RabbitMQ node with its own port and data directory, run by this process.

    ``make run`` starts one when no broker answers at ``AMQP_URL``; tests start
    one to stop and restart it without disturbing the shared broker.
    """

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.port = port
        self.process: subprocess.Popen | None = None
        self.url = f"amqp://guest:guest@127.0.0.1:{port}/"

    def _env(self) -> dict[str, str]:
        d = self.directory
        env = dict(os.environ)
        env.update(
            RABBITMQ_NODENAME=f"suite{self.port}@localhost",
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(self.port + 20000 if self.port + 20000 <= 65535 else self.port - 20000),
            RABBITMQ_MNESIA_BASE=str(d / "mnesia"),
            RABBITMQ_LOG_BASE=str(d / "log"),
            RABBITMQ_CONFIG_FILE=str(d / "none"),
            RABBITMQ_ENABLED_PLUGINS_FILE=str(d / "plugins"),
            RABBITMQ_PID_FILE=str(d / "pid"),
            HOME=str(d),
        )
        return env

    def start(self, timeout: float = 60) -> None:
        server = server_command()
        log = open(self.directory / "server.log", "ab")  # noqa: SIM115 - kept open for the process
        self.process = subprocess.Popen([server], env=self._env(), stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + timeout
        from chassis import broker

        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rabbitmq-server exited; see {self.directory / 'server.log'}")
            try:
                broker.ping(self.url, timeout=1)
                return
            except Exception:
                time.sleep(0.25)
        raise RuntimeError("the local RabbitMQ node did not start in time")

    def stop(self, timeout: float = 30) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        except ProcessLookupError:
            pass
        self.process = None
