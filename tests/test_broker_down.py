"""A broker outage as operators live it: with RabbitMQ stopped every web replica stays ready and takes writes, only
the workers say they are not ready; when it returns, every event written meanwhile arrives, and arrives once."""

from __future__ import annotations

import collections
import importlib.util
import json
import secrets
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
import yaml

from chassis import broker, localbroker
from chassis.testing import unavailable, wait_for

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("localsuite", Path(__file__).with_name("localsuite.py"))
localsuite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(localsuite)

pytestmark = pytest.mark.xdist_group("broker_down")

SERVICES = ("registry", "newsroom", "ppid")
SUBMISSIONS = 100
ARTICLES = 10  # each published and then corrected: 20 newsroom edits whose events the registry consumes
REQUEST = {
    "name": "Rahmat Mokoginta",
    "nik": "7174010202900004",
    "address": "Jl. Adampe Dolot 3, Kotamobagu",
    "phone": "081298765432",
    "email": "rahmat@example.id",
    "occupation": "Wiraswasta",
    "information": "Realisasi anggaran perbaikan jalan 2026",
    "purpose": "Pengawasan warga",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}


class Outage:
    """One suite on a RabbitMQ node of its own, each worker with its health port, and a queue that sees every
    event the suite publishes (bound to ``#`` on the suite's exchange, durable, so it outlives the restart)."""

    def __init__(self, node: localbroker.LocalBroker, suite, prefix: str, health: dict[str, int]):
        self.node = node
        self.suite = suite
        self.prefix = prefix
        self.health = health
        self.watch = prefix + "watch.all"

    def worker(self, service: str, path: str) -> requests.Response:
        return requests.get(f"http://127.0.0.1:{self.health[service]}{path}", timeout=3)

    def web_readyz(self) -> dict[str, int]:
        """The status of every web process's own /readyz, the gateway's and the three services' directly."""
        urls = {"gateway": self.suite.url("/readyz")}
        for service in SERVICES:
            urls[service] = f"http://127.0.0.1:{self.suite.ports[service.upper() + '_PORT']}/readyz"
        return {name: requests.get(url, timeout=5).status_code for name, url in urls.items()}

    def database(self, service: str) -> sa.Engine:
        return sa.create_engine(f"sqlite:///{self.suite.var / (service + '.db')}")

    def drain_watch(self) -> list[tuple[str, dict]]:
        """Take what the watch queue holds: (message_id, event) per message."""
        taken = []
        connection = broker.connect(self.node.url)
        try:
            channel = connection.channel()
            while True:
                method, properties, body = channel.basic_get(self.watch, auto_ack=True)
                if method is None:
                    return taken
                taken.append((properties.message_id, json.loads(body)))
        finally:
            connection.close()


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    if localbroker.server_command() is None:
        unavailable("rabbitmq-server (to start a private node)", FileNotFoundError("rabbitmq-server"))
    base = tmp_path_factory.mktemp("outage")
    (base / "rabbitmq").mkdir()
    node = localbroker.LocalBroker(base / "rabbitmq", localsuite.free_ports(1)[0])
    node.start()
    prefix = f"out{secrets.token_hex(3)}."
    health = dict(zip(SERVICES, localsuite.free_ports(len(SERVICES)), strict=True))
    suite = localsuite.LocalSuite(
        "outage",
        base / "var",
        "admin-" + secrets.token_hex(8),
        AMQP_URL=node.url,
        EVENTS_PREFIX=prefix,
        **{f"{service.upper()}_WORKER_HEALTH_PORT": str(port) for service, port in health.items()},
    )
    state = Outage(node, suite, prefix, health)
    connection = broker.connect(node.url)
    channel = connection.channel()
    channel.exchange_declare(prefix + "suite.events", exchange_type="topic", durable=True)
    channel.queue_declare(state.watch, durable=True)
    channel.queue_bind(state.watch, prefix + "suite.events", routing_key="#")
    connection.close()
    try:
        localsuite.start_all([suite])
        yield state
    finally:
        suite.stop()
        node.stop()


def worker_ready(outage: Outage, service: str) -> bool:
    try:
        return outage.worker(service, "/readyz").status_code == 200
    except requests.RequestException:
        return False


def test_each_worker_answers_its_own_probes_while_the_broker_is_up(outage):
    for service in SERVICES:
        assert wait_for(lambda s=service: worker_ready(outage, s), 30, 0.3), f"{service} worker never ready"
        assert outage.worker(service, "/livez").status_code == 200
        metrics = outage.worker(service, "/metrics")
        assert metrics.status_code == 200 and "outbox_unsent" in metrics.text
    assert set(outage.web_readyz().values()) == {200}


def unsent(outage: Outage, service: str) -> int:
    with outage.database(service).connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")).scalar_one()


def outbox_ids(outage: Outage, service: str) -> dict[str, str]:
    with outage.database(service).connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, type FROM outbox")).all())


def test_with_the_broker_down_the_web_stays_ready_and_every_event_follows_once(outage):
    suite = outage.suite
    editor = suite.account("redaktur-padam", "newsroom:editor")
    verifier = suite.account("verifikator-padam", "registry:verifier")
    outage.drain_watch()  # what the accounts and earlier tests published is not this test's
    before = {service: set(outbox_ids(outage, service)) for service in SERVICES}

    outage.node.stop()
    try:
        for service in SERVICES:
            assert wait_for(lambda s=service: not worker_ready(outage, s), 30, 0.3), f"{service} worker still ready"
            assert outage.worker(service, "/livez").status_code == 200, "a worker waiting for the broker is alive"
        assert outage.web_readyz() == dict.fromkeys(("gateway", *SERVICES), 200)

        numbers = []
        for _ in range(SUBMISSIONS):
            receipt = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST)
            assert receipt.status_code == 201, receipt.text
            numbers.append(receipt.json()["registration_number"])
        titles = {}
        for n in range(ARTICLES):
            title = f"Pemadaman broker hari ke-{n} {secrets.token_hex(3)}"
            body = {"type": "release", "title": title, "body_html": "<p>Naskah awal.</p>", "opd": "diskominfo"}
            created = suite.http.post(suite.url("/api/newsroom/articles"), json=body, headers=editor)
            assert created.status_code == 201, created.text
            url = suite.url(f"/api/newsroom/articles/{created.json()['id']}")
            edited = suite.http.patch(
                url,
                json={"body_html": "<p>Naskah disunting.</p>"},
                headers={**editor, "If-Match": created.headers["ETag"]},
            )
            assert edited.status_code == 200, edited.text
            assert suite.http.post(f"{url}/publish", headers=editor).status_code == 200
            correction = {"note": "Angka diperbaiki", "body_html": "<p>Naskah dikoreksi.</p>"}
            assert suite.http.post(f"{url}/correct", json=correction, headers=editor).status_code == 200
            titles[created.json()["id"]] = title
        tracked = suite.http.get(suite.url("/api/newsroom/articles"))
        assert tracked.status_code == 200, "public reads keep working"
        assert outage.web_readyz() == dict.fromkeys(("gateway", *SERVICES), 200)
        assert all(not worker_ready(outage, s) for s in SERVICES)
        assert unsent(outage, "ppid") >= SUBMISSIONS and unsent(outage, "newsroom") >= 2 * ARTICLES
    finally:
        outage.node.start()

    for service in SERVICES:
        assert wait_for(lambda s=service: worker_ready(outage, s), 60, 0.5), f"{service} worker not ready again"
    assert wait_for(lambda: all(unsent(outage, s) == 0 for s in SERVICES), 60, 0.5), "the outboxes never drained"

    written = {}
    for service in SERVICES:
        written.update({i: t for i, t in outbox_ids(outage, service).items() if i not in before[service]})
    kinds = collections.Counter(written.values())
    assert kinds["ppid.request.submitted.v1"] == SUBMISSIONS
    assert kinds["newsroom.article.published.v1"] == kinds["newsroom.article.corrected.v1"] == ARTICLES

    seen: list[tuple[str, dict]] = []
    assert wait_for(lambda: seen.extend(outage.drain_watch()) or set(written) <= {m for m, _ in seen}, 60, 0.5), (
        f"{len(set(written) - {m for m, _ in seen})} events never reached the broker"
    )
    seen.extend(outage.drain_watch())
    counted = collections.Counter(m for m, _ in seen)
    assert [m for m, c in counted.items() if c > 1] == [], "an event was published twice"
    assert {e["data"]["registration_number"] for _, e in seen if e["type"] == "ppid.request.submitted.v1"} >= set(
        numbers
    )

    newsroom_events = {i for i, t in written.items() if t.startswith("newsroom.article.")}

    def consumed() -> set[str]:
        with outage.database("registry").connect() as connection:
            rows = connection.execute(sa.text("SELECT id FROM inbox WHERE source LIKE '%/newsroom'")).scalars()
            return set(rows) & newsroom_events

    assert wait_for(lambda: consumed() == newsroom_events, 60, 0.5), "the registry missed newsroom events"

    releases = suite.http.get(suite.url("/api/registry/releases?limit=100"), headers=verifier)
    assert releases.status_code == 200, releases.text
    states = {r["article_id"]: r["state"] for r in releases.json()["items"] if r["article_id"] in titles}
    assert states == dict.fromkeys(titles, "corrected")


@pytest.mark.parametrize("service", SERVICES)
def test_deployments_probe_the_worker_where_it_serves_its_probes(service):
    """The probes this test watched are the ones k8s asks: the worker's own port, readiness on /readyz (out of
    rotation while the broker is away) and liveness on /livez (an outage restarts nothing); web pods keep /readyz."""
    documents = list(yaml.safe_load_all((ROOT / "deploy" / "k8s" / "base" / f"{service}.yaml").read_text()))
    deployments = {d["metadata"]["name"]: d for d in documents if d and d["kind"] == "Deployment"}
    (worker,) = deployments[f"{service}-worker"]["spec"]["template"]["spec"]["containers"]
    port = {e["name"]: e.get("value") for e in worker["env"]}["WORKER_HEALTH_PORT"]
    assert [(p["name"], p["containerPort"]) for p in worker["ports"]] == [("health", int(port))]
    assert worker["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "health"}
    assert worker["livenessProbe"]["httpGet"] == {"path": "/livez", "port": "health"}
    (web,) = deployments[service]["spec"]["template"]["spec"]["containers"]
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    procfile = dict(line.split(": ", 1) for line in (ROOT / "deploy" / "local" / "Procfile").read_text().splitlines())
    assert f"WORKER_HEALTH_PORT=${{{service.upper()}_WORKER_HEALTH_PORT:-0}}" in procfile[f"{service}-worker"]
