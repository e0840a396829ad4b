"""Gateway tests run the real aiohttp app on a real port, with real upstream HTTP servers beside it."""

from __future__ import annotations

import pytest
import requests

from chassis.testing import AioServers
from gateway import MIGRATIONS
from gateway.app import create_app
from gateway.context import CACHE
from gateway.settings import from_env

ADMIN_PASSWORD = "rahasia-admin-123"


@pytest.fixture
def loop():
    running = AioServers()
    yield running
    running.close()


@pytest.fixture(scope="session")
def gateway_database(backend, databases):
    return databases.migrated("gateway", backend, MIGRATIONS)


@pytest.fixture
def settings_for(gateway_database, tmp_path):
    """Gateway settings on the test database with a fresh key; services at the given URLs."""

    def build(**overrides):
        values = {
            "database_url": gateway_database,
            "jwt_private_key_file": str(tmp_path / "keys" / "jwt-private.pem"),
            "suite_bootstrap_admin_password": ADMIN_PASSWORD,
            "log_json": False,
            "registry_url": "http://127.0.0.1:9",
            "newsroom_url": "http://127.0.0.1:9",
            "ppid_url": "http://127.0.0.1:9",
            "upstream_connect_timeout": 1.0,
            "upstream_timeout": 2.0,
            "rate_limit_public_writes_per_minute": 600,
            "rate_limit_burst": 100,
            "redis_url": "",
        }
        values.update(overrides)
        return from_env(**values)

    return build


@pytest.fixture
def start_gateway(loop, settings_for):
    """Bootstrap and serve a gateway; returns its base URL. Every account is removed after the test."""
    from chassis.db import Database
    from chassis.testing import truncate_all
    from gateway.bootstrap import bootstrap
    from gateway.models import Base

    used = []

    def start(clock=None, **overrides):
        """``clock``: the shared cache's clock (seconds), so a test moves time instead of sleeping."""
        settings = settings_for(**overrides)
        bootstrap(settings)
        used.append(settings)
        app = create_app(settings)
        if clock is not None:
            app[CACHE].clock = clock
        return loop.serve(app)

    yield start
    for settings in used[:1]:
        db = Database(settings.database_url)
        truncate_all(db.engine, Base.metadata)
        db.dispose()


def _login(base: str, username: str = "admin", password: str = ADMIN_PASSWORD) -> dict[str, str]:
    response = requests.post(f"{base}/api/auth/login", json={"username": username, "password": password}, timeout=10)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def login():
    """``login(base, username="admin", password=<bootstrap password>)`` -> auth header."""
    return _login


@pytest.fixture
def admin_password():
    return ADMIN_PASSWORD
