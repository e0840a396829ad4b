"""A whole suite started by `deploy/local/run.py` on ports and a var dir of its own, for tests that start several
(two replicas of everything) or stop the broker under one. Test modules load this file by path (pytest runs with
``--import-mode=importlib``, so the tests folder is not importable by name)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from chassis.testing import wait_for

ROOT = Path(__file__).resolve().parents[1]
PORTS = ("GATEWAY_PORT", "REGISTRY_PORT", "NEWSROOM_PORT", "PPID_PORT")
# What the caller's own environment must not decide for a suite started here.
DROPPED = ("DATABASE_URL", "JWT_PUBLIC_KEY_FILE", "JWT_PRIVATE_KEY_FILE", "PUBLIC_BASE_URL", "FILE_STORE")


_given: set[int] = set()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(count: int) -> list[int]:
    """``count`` free ports, all different and none given before in this process, taken below the kernel's
    ephemeral range: a port from bind(0) lies inside it, where any outgoing connection on the machine (a pool
    opening a connection to PostgreSQL) may take it before the suite's listener binds it."""
    low = _ephemeral_low()
    found: list[int] = []
    while len(found) < count:
        port = 10000 + secrets.randbelow(max(low - 10000, 1000))
        if port in _given or port in found:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
    _given.update(found)
    return found


class LocalSuite:
    """One copy of the suite: run.py in its own process group, its log in ``var/../<name>.log``."""

    def __init__(self, name: str, var: Path, admin_password: str, **settings: str):
        self.name = name
        self.var = var
        self.admin_password = admin_password
        self.ports = dict(zip(PORTS, free_ports(len(PORTS)), strict=True))
        self.gateway = f"http://127.0.0.1:{self.ports['GATEWAY_PORT']}"
        self.log_path = var.parent / f"{name}.log"
        self.env = {key: value for key, value in os.environ.items() if key not in DROPPED}
        self.env.update(
            {k: str(v) for k, v in self.ports.items()},
            SUITE_VAR_DIR=str(var),
            SUITE_BOOTSTRAP_ADMIN_PASSWORD=admin_password,
            WEB_CONCURRENCY="1",
            GATEWAY_WORKERS="1",
            RATE_LIMIT_PUBLIC_WRITES_PER_MINUTE="6000",
            RATE_LIMIT_BURST="1000",
            RATE_LIMIT_ACCOUNT_WRITES_PER_MINUTE="6000",
            RELAY_POLL_SECONDS="0.1",
            # A test's suite has no request worth waiting 30 seconds for when it is stopped.
            GUNICORN_CMD_ARGS="--graceful-timeout 3",
            **settings,
        )
        self.process: subprocess.Popen | None = None
        self.http = requests.Session()
        self._admin: dict[str, str] | None = None

    def url(self, path: str) -> str:
        return self.gateway + path

    def start(self) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "deploy" / "local" / "run.py")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log_tail(self, size: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-size:] if self.log_path.exists() else ""

    def ready(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"suite {self.name} exited early; log:\n{self.log_tail()}")
        try:
            return requests.get(self.url("/readyz"), timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.http.close()
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def login(self, username: str, password: str) -> dict[str, str]:
        response = self.http.post(self.url("/api/auth/login"), json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def account(self, username: str, *roles: str, opd: str | None = None) -> dict[str, str]:
        """Create an account through the gateway's admin API and return its auth header."""
        if self._admin is None:
            self._admin = self.login("admin", self.admin_password)
        admin = self._admin
        password = "pw-" + secrets.token_hex(8)
        body = {"username": username, "password": password, "roles": list(roles), **({"opd": opd} if opd else {})}
        response = self.http.post(self.url("/api/auth/accounts"), json=body, headers=admin)
        assert response.status_code == 201, response.text
        return self.login(username, password)


def start_all(suites: list[LocalSuite], timeout: float = 120) -> None:
    """Start every suite at once and wait until each gateway is ready; stop them all if one is not."""
    for suite in suites:
        suite.start()
    try:
        if not wait_for(lambda: all([s.ready() for s in suites]), timeout, 0.5):
            raise RuntimeError("not ready in time:\n" + "\n".join(f"{s.name}:\n{s.log_tail()}" for s in suites))
    except BaseException:
        stop_all(suites)
        raise


def stop_all(suites: list[LocalSuite]) -> None:
    for suite in suites:
        suite.http.close()
        if suite.process is not None and suite.process.poll() is None:
            os.killpg(suite.process.pid, signal.SIGINT)
    for suite in suites:
        suite.stop()
