"""Pytest fixtures for services built on the chassis (loaded as a pytest plugin).

Over 400 lines as one module on purpose: it is the plugin pytest loads (entry point ``suite_chassis``), so every
shared fixture and the helpers they use live where that loader finds them.

Real parts only: SQLite files and PostgreSQL databases, the real RabbitMQ.
Outside CI a missing PostgreSQL or broker skips the tests that need it;
with ``CI=true`` they fail instead, so a broken machine never looks green.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import secrets
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import jwt
import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from chassis import localbroker

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# A real 1x1 PNG (red): image uploads are decoded and written anew, so a signature with zeros no longer passes.
TINY_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
    b"\x00\x00\x0cIDATx\x9cc8!'\x07\x00\x02\xb6\x01\x054\xa6u\xaa\x00\x00\x00\x00IEND\xaeB`\x82"
)
AMQP_URL = os.environ.get("TEST_AMQP_URL", os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"))


def unavailable(what: str, error: Exception) -> None:
    message = f"{what} is not reachable ({error.__class__.__name__}: {error})"
    pytest.fail(f"CI=true and {message}") if IN_CI else pytest.skip(f"{message}; set CI=true to fail instead")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


class TokenFactory:
    """Signs test tokens with a throwaway RSA key; services get its public key in settings."""

    def __init__(self, issuer: str = "suite-gateway", audience: str = "suite"):
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_pem = (
            self._key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
        self.issuer = issuer
        self.audience = audience

    def token(self, *roles: str, username: str = "tester", opd: str | None = None, ttl: int = 300, key=None) -> str:
        now = dt.datetime.now(dt.UTC)
        claims = {
            "sub": username,
            "roles": list(roles),
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + dt.timedelta(seconds=ttl),
        }
        if opd:
            claims["opd"] = opd
        return jwt.encode(claims, key or self._key, algorithm="RS256")

    def headers(self, *roles: str, **kwargs) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kwargs)}"}


@pytest.fixture(scope="session")
def tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture(scope="session")
def amqp_url() -> str:
    from chassis import broker

    try:
        broker.ping(AMQP_URL)
    except Exception as exc:
        unavailable(f"RabbitMQ at {AMQP_URL}", exc)
    return AMQP_URL


SERVICE_NAMES = ("ppid", "newsroom", "registry", "probe")


def delete_topology(amqp_url: str, prefix: str) -> None:
    """Delete the exchanges and service queues (with retries and dead letters) named with ``prefix``."""
    from chassis import broker

    connection = broker.connect(amqp_url)
    try:
        channel = connection.channel()
        for service in SERVICE_NAMES:
            queue = f"{prefix}{service}.events"
            for name in [queue, f"{queue}.dead", *(f"{queue}.retry.{n}" for n in range(1, 6))]:
                channel.queue_delete(name)
        for exchange in ("suite.events", "suite.dlx"):
            channel.exchange_delete(prefix + exchange)
    finally:
        connection.close()


@pytest.fixture
def events_prefix(amqp_url):
    """A unique exchange/queue prefix for one test; what it declared is deleted after."""
    prefix = f"t{secrets.token_hex(4)}."
    yield prefix
    delete_topology(amqp_url, prefix)


@dataclasses.dataclass(frozen=True)
class Watch:
    """A durable queue of a test's own, bound to the suite's events exchange: what the services published, read back
    from the broker as it arrived (the relay sets ``message_id`` to the event's id)."""

    url: str
    queue: str

    def drain(self) -> list[dict]:
        """Take every message the queue holds now, oldest first, as CloudEvent dicts."""
        import json

        from chassis import broker

        taken = []
        connection = broker.connect(self.url)
        try:
            channel = connection.channel()
            while True:
                method, _properties, body = channel.basic_get(self.queue, auto_ack=True)
                if method is None:
                    return taken
                taken.append(json.loads(body))
        finally:
            connection.close()


class AioServers:
    """An asyncio loop in a thread serving aiohttp apps (the gateway, stand-ins for services) on free ports, for
    tests that drive them from synchronous code; ``close`` stops them all. aiohttp is imported here only."""

    def __init__(self):
        import asyncio
        import threading

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runners: list = []

    def call(self, coro):
        import asyncio

        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    def serve(self, app) -> str:
        from aiohttp import web

        port = free_port()

        async def start():
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            return runner

        self.runners.append(self.call(start()))
        return f"http://127.0.0.1:{port}"

    def close(self):
        for runner in reversed(self.runners):
            with contextlib.suppress(Exception):
                self.call(runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@contextlib.contextmanager
def watch(amqp_url: str, prefix: str, name: str, *routing_keys: str):
    """``with watch(url, prefix, "ppid", "ppid.#") as w: ... w.drain()``: the queue ``<prefix>watch.<name>`` bound to
    ``<prefix>suite.events`` (declared if the services have not yet) for ``routing_keys`` (default every event);
    deleted when the block ends, whatever the broker's state then."""
    from chassis import broker

    exchange, queue = f"{prefix}suite.events", f"{prefix}watch.{name}"
    connection = broker.connect(amqp_url)
    try:
        channel = connection.channel()
        channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        channel.queue_declare(queue, durable=True)
        for key in routing_keys or ("#",):
            channel.queue_bind(queue, exchange, routing_key=key)
    finally:
        connection.close()
    try:
        yield Watch(amqp_url, queue)
    finally:
        with contextlib.suppress(Exception):  # a test that stopped the broker must not fail in its clean-up
            connection = broker.connect(amqp_url)
            try:
                connection.channel().queue_delete(queue)
            finally:
                connection.close()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    try:
        engine = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        unavailable(f"PostgreSQL at {POSTGRES_URL}", exc)
    return POSTGRES_URL


def create_postgres_database(server_url: str, name: str) -> str:
    admin = sa.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"


def drop_postgres_database(server_url: str, name: str) -> None:
    admin = sa.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Run the tests that use it once on SQLite and once on PostgreSQL."""
    return request.param


class Databases:
    """Creates one empty database per (name, backend) for the test session and drops them after."""

    def __init__(self, request, tmp_path_factory):
        self._request = request
        self._tmp = tmp_path_factory
        self._urls: dict[tuple[str, str], str] = {}
        self._created: list[tuple[str, str]] = []

    def url(self, name: str, backend: str) -> str:
        key = (name, backend)
        if key not in self._urls:
            if backend == "sqlite":
                self._urls[key] = f"sqlite:///{self._tmp.mktemp(name) / 'test.db'}"
            else:
                server = self._request.getfixturevalue("postgres_server")
                db_name = f"test_{name}_{_worker()}_{uuid.uuid4().hex[:8]}"
                self._urls[key] = create_postgres_database(server, db_name)
                self._created.append((server, db_name))
        return self._urls[key]

    def migrated(self, name: str, backend: str, migrations_dir: Path) -> str:
        """A database of ``name`` brought to head by the service's own Alembic migrations."""
        from chassis import migrations

        fresh = (name, backend) not in self._urls
        url = self.url(name, backend)
        if fresh:
            migrations.upgrade(migrations_dir, url)
        return url

    def drop_all(self) -> None:
        for server, db_name in self._created:
            drop_postgres_database(server, db_name)


@pytest.fixture(scope="session")
def databases(request, tmp_path_factory):
    registry = Databases(request, tmp_path_factory)
    yield registry
    registry.drop_all()


def test_settings(from_env, database_url: str, tokens: TokenFactory, **overrides):
    """A service's settings for tests: its test database, the test token key, plain logs, a public address."""
    values = {
        "database_url": database_url,
        "jwt_public_key": tokens.public_pem,
        "log_json": False,
        "public_base_url": "https://diskominfo.example.go.id",
        **overrides,
    }
    return from_env(**values)


test_settings.__test__ = False  # a helper, not a test


@contextlib.contextmanager
def service_app(create_app, settings):
    """An app of a service on a migrated database; every table is emptied when the test ends."""
    app = create_app(settings)
    suite = app.extensions["suite"]
    try:
        yield app
    finally:
        truncate_all(suite.db.engine, suite.metadata)
        suite.db.dispose()


class ServiceFixtures(NamedTuple):
    """The fixtures every service's conftest used to write out: assign them to module names in the conftest."""

    database: Callable  # session: the migrated database's URL, once per backend (named ``<service>_database``)
    app_with: Callable  # ``app_with(**settings)``: an app on that database with these settings, emptied after
    app: Callable  # the app with the test settings alone
    client: Callable  # its Flask test client
    s3_app: Callable  # the app with its files in the test's S3 store (a replica's own SUITE_VAR_DIR)
    s3_prefix: Callable  # the key prefix under which that app stores its files in the bucket


def service_fixtures(name: str, create_app, from_env, migrations: Path) -> ServiceFixtures:
    """The app, client and database fixtures of a service, made once here rather than copied into each conftest::

        ppid_database, app_with, app, client, s3_app, s3_prefix = service_fixtures("ppid", create_app, from_env,
                                                                                  MIGRATIONS)

    Each runs on SQLite and on PostgreSQL (``backend``), on the service's own migrations, with the test token key.
    A test file needing other settings overrides ``app`` with ``app_with(office_timezone="Asia/Jayapura")``; a
    second replica of the same service is one more ``app_with(...)`` call (after setting its SUITE_VAR_DIR).
    """

    @pytest.fixture(scope="session", name=f"{name}_database")
    def database(backend, databases) -> str:
        return databases.migrated(name, backend, migrations)

    @pytest.fixture(name="app_with")
    def app_with(backend, databases, tokens) -> Iterator[Callable]:
        url = databases.migrated(name, backend, migrations)
        with contextlib.ExitStack() as apps:

            def make(**overrides):
                return apps.enter_context(service_app(create_app, test_settings(from_env, url, tokens, **overrides)))

            yield make

    @pytest.fixture(name="app")
    def app(app_with):
        return app_with()

    @pytest.fixture(name="client")
    def client(app):
        return app.test_client()

    @pytest.fixture(name="s3_app")
    def s3_app(app_with, s3_file_store, tmp_path, monkeypatch):
        monkeypatch.setenv("SUITE_VAR_DIR", str(tmp_path / "replica-a"))
        return app_with(file_store=s3_file_store)

    @pytest.fixture(name="s3_prefix")
    def s3_prefix(s3_server, s3_file_store) -> str:
        return s3_file_store.removeprefix(f"s3://{s3_server.bucket}/") + f"/{name}/"

    return ServiceFixtures(database, app_with, app, client, s3_app, s3_prefix)


def outbox_events(app, kind: str | None = None) -> list[dict]:
    """The events ``app`` has put in its outbox, oldest first, as CloudEvents dicts (only type ``kind`` if given)."""
    import json

    suite = app.extensions["suite"]
    outbox = suite.tables.outbox
    with suite.db.session() as session:
        payloads = session.execute(sa.select(outbox.c.payload).order_by(outbox.c.seq)).scalars().all()
    events = [json.loads(p) for p in payloads]
    return [e for e in events if kind is None or e["type"] == kind]


def documented_event(event_type: str, document_path: Path):
    """A validator of a whole CloudEvent of ``event_type`` as the AsyncAPI document at ``document_path`` (the repo's
    docs/asyncapi.yaml) describes it, its local ``$ref`` inlined: a published event the document does not allow
    fails the test that made it."""
    import jsonschema
    import yaml

    document = yaml.safe_load(document_path.read_text(encoding="utf-8"))

    def resolve(node):
        if isinstance(node, dict):
            if set(node) == {"$ref"}:
                target = document
                for part in node["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return resolve(target)
            return {key: resolve(value) for key, value in node.items()}
        return [resolve(item) for item in node] if isinstance(node, list) else node

    (message,) = resolve(document["channels"][event_type])["messages"].values()
    return jsonschema.Draft7Validator(message["payload"], format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def queued_mail(app) -> list:
    """The messages ``app`` has queued to send (its ``mail_outbox``), oldest first: rows with ``to_address``,
    ``subject`` and ``body``."""
    suite = app.extensions["suite"]
    table = suite.metadata.tables["mail_outbox"]
    with suite.db.session() as session:
        return session.execute(sa.select(table).order_by(table.c.id)).all()


def object_key(prefix: str, content: bytes) -> str:
    """Where the file store keeps ``content`` under ``prefix``: content-addressed, ``<prefix><sha[:2]>/<sha>``."""
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    return f"{prefix}{digest[:2]}/{digest}"


def _same_type_on_sqlite(context, inspected_column, metadata_column, inspected_type, metadata_type):
    """SQLite stores a VARCHAR(n) as text of any length: a column the models widened to text (a sealed NIK) is the
    same column there, and its migration rightly leaves it (rebuilding the table would cascade to its children).
    ``None``: Alembic's own comparison."""
    if context.dialect.name == "sqlite" and isinstance(inspected_type, sa.String):
        wanted = metadata_type.impl_instance if isinstance(metadata_type, sa.types.TypeDecorator) else metadata_type
        if isinstance(wanted, sa.Text):
            return False
    return None


def assert_migrations_match_models(migrations_dir: Path, url: str, metadata: sa.MetaData) -> None:
    """Fail when the models and the migrated schema differ (a migration is missing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from chassis.db import make_engine
    from chassis.migrations import unmanaged

    engine = make_engine(url)
    with engine.connect() as connection:
        opts = {"include_object": unmanaged(metadata), "compare_type": _same_type_on_sqlite}
        context = MigrationContext.configure(connection, opts=opts)
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def truncate_all(engine: sa.Engine, metadata: sa.MetaData) -> None:
    """Empty every table of ``metadata`` between tests (children first). The append-only access log refuses
    DELETE on PostgreSQL (a row trigger); TRUNCATE, a right of the table owner alone, empties it."""
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            if table.name == "personal_data_access" and connection.dialect.name == "postgresql":
                connection.execute(sa.text("TRUNCATE personal_data_access"))
            else:
                connection.execute(table.delete())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def private_broker(tmp_path):
    """A RabbitMQ node of this test's own, started; stopped (if still running) after the test."""
    if localbroker.server_command() is None:
        unavailable("rabbitmq-server (to start a private node)", FileNotFoundError("rabbitmq-server"))
    node = localbroker.LocalBroker(tmp_path, free_port() % 10000 + 30000)
    node.start()
    yield node
    node.stop()


def wait_for(predicate, timeout: float = 30.0, step: float = 0.05):
    """Poll ``predicate`` until it returns something true or ``timeout`` passes; return its last result."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return predicate()


@contextlib.contextmanager
def live_server(app):
    """Serve a Flask ``app`` on a free local port in a thread (for browser tests); yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, driven by Playwright (``make test`` installs it); fails in CI when missing."""
    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium at {CHROMIUM}", FileNotFoundError(CHROMIUM))
    from playwright.sync_api import sync_playwright

    from chassis.accessibility import Watch

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        # Every context the tests make is watched: the pages they load are checked with axe after each test.
        watch = Watch(browser.new_context)

        def new_context(*args, **kwargs):
            context = watch._new_context(*args, **kwargs)
            watch.watch(context)
            return context

        browser.new_context = new_context
        browser.axe = watch
        yield browser
        watch.save(_worker())
        browser.close()


@pytest.fixture(autouse=True)
def _accessible_pages(request):
    """After a test that used the browser: axe on each page it showed (chassis.accessibility); serious or critical
    violations fail the test."""
    yield
    if "chromium" not in request.fixturenames:
        return
    found = request.getfixturevalue("chromium").axe.check_pending()
    if found:
        pytest.fail("axe-core (WCAG 2.1 AA) found on the pages:\n" + "\n".join(map(str, found)), pytrace=False)


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist), before workers start
        from chassis.accessibility import start_run

        start_run()


def pytest_terminal_summary(terminalreporter):
    if hasattr(terminalreporter.config, "workerinput"):
        return
    from chassis.accessibility import end_run, totals

    pages, counts = totals()
    end_run()
    if pages:
        shown = ", ".join(f"{impact} {n}" for impact, n in sorted(counts.items())) or "none"
        terminalreporter.write_line(f"axe-core (WCAG 2.1 AA): {pages} page(s) checked; violations by impact: {shown}")


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="id-ID", viewport={"width": 390, "height": 844}, accept_downloads=True)
    yield context.new_page()
    context.close()


class Inbox:
    """Messages a real local SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port; yields (port, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def walk_transitions(table, start, steps, allowed=None):
    """The property test of a ``chassis.transitions.Table``: try each ``(action, roles)`` of ``steps`` from
    ``start`` and check that the table alone decided. A refusal is Forbidden exactly when the roles hold none of the
    move's, InvalidTransition exactly when the state is not one of its sources; an allowed move starts from a
    source with a permitted role, and every state reached is reachable from ``start``. Returns the last state.

    Those checks compare the table with its own rows, so a wrong role or source in a service's table still passes
    them. A service states its rules a second time, independently: ``allowed(action, state, roles) -> bool``, its
    own "who may do what, from where" (written from the law or the office's procedure, not from the table), and
    every step must agree with it; it also keeps tests of what must never happen (no publication before approval,
    no decision without its role)."""
    from chassis.transitions import Forbidden, InvalidTransition

    reachable = table.reachable(start)
    state = start
    for action, roles in steps:
        move = table[action]
        expected = None if allowed is None else bool(allowed(action, state, frozenset(roles)))
        try:
            made = table.check(action, state, roles)
        except Forbidden:
            assert not (move.roles & roles), (action, roles)
            assert expected in (None, False), ("the service's rules allow it, the table refuses", action, state, roles)
            continue
        except InvalidTransition as refused:
            assert state not in move.sources and refused.current == state, (action, state)
            assert expected in (None, False), ("the service's rules allow it, the table refuses", action, state, roles)
            continue
        assert state in made.sources and made.roles & roles, (action, state, roles)
        assert expected in (None, True), ("the service's rules refuse it, the table allows", action, state, roles)
        state = made.target or state
        assert state in reachable, (action, state)
    return state


S3_BUCKET = "suite-test-files"


@dataclasses.dataclass(frozen=True)
class S3Server:
    """A real S3-protocol server (moto's server mode) in a process of its own, with ``bucket`` created.

    ``env`` is boto3's own settings for it (what a deployment sets for MinIO or a cloud bucket): put it in a
    process's environment, or ``monkeypatch.setenv`` each, and ``FILE_STORE=file_store(prefix)``."""

    endpoint: str
    bucket: str

    @property
    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL_S3": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
        }

    def file_store(self, prefix: str) -> str:
        return f"s3://{self.bucket}/{prefix.strip('/')}"

    def client(self):
        import boto3

        env = self.env
        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
            region_name=env["AWS_DEFAULT_REGION"],
        )

    def keys(self, prefix: str = "") -> list[str]:
        """Every object key in the bucket under ``prefix``."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server started with ``python -m moto.server`` on a free port (stopped after the session); fails
    in CI when moto is not installed, skips elsewhere."""
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("boto3") is None:
        unavailable("moto[server] and boto3 (an S3 server for the file store)", ModuleNotFoundError("moto"))
    port = free_port()
    log_file = tmp_path_factory.mktemp("s3") / "moto.log"
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "MOTO_CALL_RESET_API": "false"},
        )
    server = S3Server(endpoint=f"http://127.0.0.1:{port}", bucket=S3_BUCKET)

    def answering() -> bool:
        if process.poll() is not None:
            return True
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        return False

    try:
        wait_for(answering, timeout=30)
        if process.poll() is not None or not answering():
            unavailable("moto's S3 server", RuntimeError(log_file.read_text(errors="replace")[-2000:]))
        server.client().create_bucket(Bucket=S3_BUCKET)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def s3_file_store(s3_server, monkeypatch) -> str:
    """``FILE_STORE`` for one test: the session's S3 server, a prefix of the test's own (boto3's settings are put
    in the environment for the test)."""
    for name, value in s3_server.env.items():
        monkeypatch.setenv(name, value)
    return s3_server.file_store(f"t{secrets.token_hex(4)}")
