"""The whole suite started the way `make run` starts it, for cross-service tests through the gateway."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from chassis import localbroker
from chassis.testing import Inbox, free_port, unavailable, wait_for

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "admin-" + secrets.token_hex(8)


class Suite:
    def __init__(self, gateway: str, broker: localbroker.LocalBroker, prefix: str, var: Path, inbox: Inbox):
        self.gateway = gateway
        self.inbox = inbox  # every mail the suite sent (gateway and services), over real SMTP
        self.broker = broker
        self.prefix = prefix
        self.var = var
        self.http = requests.Session()
        self.admin_password = ADMIN_PASSWORD

    def url(self, path: str) -> str:
        return self.gateway + path

    def login(self, username: str, password: str) -> dict[str, str]:
        response = self.http.post(self.url("/api/auth/login"), json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def account(self, username: str, *roles: str, opd: str | None = None) -> dict[str, str]:
        """Create an account through the gateway's admin API and return its auth header."""
        admin = self.login("admin", ADMIN_PASSWORD)
        password = "pw-" + secrets.token_hex(8)
        body = {"username": username, "password": password, "roles": list(roles)}
        if opd:
            body["opd"] = opd
        response = self.http.post(self.url("/api/auth/accounts"), json=body, headers=admin)
        assert response.status_code == 201, response.text
        return self.login(username, password)


@pytest.fixture(scope="session")
def suite(tmp_path_factory):
    """`deploy/local/run.py` on a RabbitMQ node of its own (so a test may stop it), SQLite in a temp dir."""
    if localbroker.server_command() is None:
        unavailable("rabbitmq-server", FileNotFoundError("rabbitmq-server"))
    var = tmp_path_factory.mktemp("suite")
    node = localbroker.LocalBroker(var, free_port() % 10000 + 40000)
    node.start()
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    ports = {name: free_port() for name in ("GATEWAY_PORT", "REGISTRY_PORT", "NEWSROOM_PORT", "PPID_PORT")}
    prefix = f"e2e{secrets.token_hex(3)}."
    env = {
        **os.environ,
        **{k: str(v) for k, v in ports.items()},
        "SUITE_VAR_DIR": str(var / "var"),
        "AMQP_URL": node.url,
        "EVENTS_PREFIX": prefix,
        "SUITE_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "WEB_CONCURRENCY": "1",
        "GATEWAY_WORKERS": "1",
        "RATE_LIMIT_PUBLIC_WRITES_PER_MINUTE": "600",
        "RATE_LIMIT_BURST": "100",
        "RATE_LIMIT_ACCOUNT_WRITES_PER_MINUTE": "6000",
        "RELAY_POLL_SECONDS": "0.1",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "MAIL_POLL_SECONDS": "0.5",
    }
    for key in ("DATABASE_URL", "JWT_PUBLIC_KEY_FILE", "JWT_PRIVATE_KEY_FILE", "PUBLIC_BASE_URL"):
        env.pop(key, None)
    log = open(var / "suite.log", "wb")  # noqa: SIM115 - the process writes to it until the end
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "local" / "run.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    gateway = f"http://127.0.0.1:{ports['GATEWAY_PORT']}"

    def ready():
        if process.poll() is not None:
            pytest.fail(f"the suite exited early; log: {(var / 'suite.log').read_text()[-3000:]}")
        try:
            return requests.get(gateway + "/readyz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        if not wait_for(ready, 90, 0.5):
            pytest.fail(f"the suite did not become ready; log: {(var / 'suite.log').read_text()[-3000:]}")
        yield Suite(gateway, node, prefix, var, inbox)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        node.stop()
        smtp.stop()
        log.close()
