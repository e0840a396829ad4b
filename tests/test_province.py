"""The province over real RabbitMQ federation: two regencies and a province, each suite in a vhost of its own.

A private RabbitMQ node with the federation plugin holds three vhosts (regency A, regency B, province). Each suite
runs its three services in-process (their apps on SQLite files, their relays and consumers in threads, the
province's also consuming ``<service>.province``). The regencies are joined with deploy/rabbitmq/join-regency.py,
with the read-only users federation.md tells a regency to create. Then: requests filed and decided, releases
published, corrected and withdrawn, contracts started and paid in both regencies appear in the province's roll-ups
with the right region; regency A's link is cut while it keeps working, and after it is restored the province's
figures equal A's own counts (also with some of A's events sent twice); the province's registry mails none of the
regencies' releases; and a regency that joins after 50 decided requests shows 50, then counts live events on top.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pika
import pika.exceptions
import pytest
from sqlalchemy import func, select, update

from chassis import broker, localbroker, migrations
from chassis import province as chassis_province
from chassis.auth import Principal
from chassis.consumer import Consumer
from chassis.relay import Relay
from chassis.testing import TokenFactory, free_port, test_settings, unavailable

ROOT = Path(__file__).resolve().parents[1]
JOIN = ROOT / "deploy" / "rabbitmq" / "join-regency.py"
YEAR = dt.datetime.now(dt.UTC).year
A, B, C = ("35.78", "Kota Surabaya"), ("35.15", "Kabupaten Sidoarjo"), ("35.07", "Kabupaten Malang")
CONSEQUENCE = "Membuka informasi ini menghambat penyidikan yang sedang berjalan."
REQUEST = {
    "name": "Siti Aminah",
    "nik": "7174014507900002",
    "address": "Jl. Adampe Dolot No. 5",
    "phone": "0812-3456-7890",
    "email": "siti@example.id",
    "occupation": "Wiraswasta",
    "information": "Salinan DPA Dinas Kesehatan tahun anggaran berjalan",
    "purpose": "Kajian anggaran kesehatan oleh lembaga swadaya masyarakat",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}
# One broker node and nine apps for the module: its setup alone takes a minute or two on a busy machine.
pytestmark = [pytest.mark.xdist_group("province-federation"), pytest.mark.timeout(900)]


def wait_until(check, timeout: float = 60, what: str = "the province to catch up"):
    """Poll ``check`` until it returns a truthy value; fail with its last value (never a timed assertion)."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.3)
    raise AssertionError(f"waited {timeout}s for {what}; last: {last!r}")


class Node:
    """A private RabbitMQ node with rabbitmq_federation enabled, and rabbitmqctl pointed at it."""

    def __init__(self, directory: Path):
        if localbroker.server_command() is None:
            unavailable("rabbitmq-server", FileNotFoundError("rabbitmq-server"))
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "plugins").write_text("[rabbitmq_federation].\n")
        self.broker = localbroker.LocalBroker(directory, free_port() % 10000 + 30000)
        self.broker.start()
        ctl = Path(localbroker.server_command()).with_name("rabbitmqctl")
        self.ctl = str(ctl if ctl.exists() else shutil.which("rabbitmqctl"))
        self.env = {**os.environ, "HOME": str(directory), "RABBITMQ_NODENAME": f"suite{self.broker.port}@localhost"}

    def url(self, vhost: str) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.broker.port}/{vhost}"

    def rabbitmqctl(self, *args: str) -> str:
        done = subprocess.run([self.ctl, "-q", *args], env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def import_definitions(self, definitions: dict, directory: Path) -> None:
        path = directory / "definitions.json"
        path.write_text(json.dumps(definitions))
        self.rabbitmqctl("import_definitions", str(path))

    def exchange_exists(self, vhost: str, name: str) -> bool:
        return declared(self.url(vhost), exchange=name)

    def federation_queues(self, vhost: str) -> list[str]:
        names = self.rabbitmqctl("list_queues", "-p", vhost, "name", "--no-table-headers").split("\n")
        return [n.strip() for n in names if n.strip().startswith("federation:")]


def declared(amqp_url: str, *, queue: str = "", exchange: str = "") -> bool:
    """Whether the broker has this queue or exchange (a passive declare)."""
    connection = broker.connect(amqp_url)
    try:
        channel = connection.channel()
        channel.queue_declare(queue, passive=True) if queue else channel.exchange_declare(exchange, passive=True)
        return True
    except pika.exceptions.ChannelClosedByBroker:
        return False
    finally:
        if connection.is_open:
            connection.close()


def password_hash(password: str) -> str:
    """RabbitMQ's rabbit_password_hashing_sha256: base64(salt + sha256(salt + password))."""
    salt = secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


LINK_PERMISSIONS = {
    "configure": "^federation: .*",
    "write": "^federation: .*",
    "read": r"^(suite\.events|federation: .*)$",
}


class Office:
    """One suite: its services' apps, relays and consumers, on SQLite files, in one vhost."""

    SERVICES = ("ppid", "newsroom", "registry")

    def __init__(self, node: Node, vhost: str, region: tuple[str, str], directory: Path, tokens: TokenFactory,
                 province: bool = False, regions: tuple[str, ...] = (), services=SERVICES):  # fmt: skip
        self.vhost, self.code, self.name = vhost, *region
        self.apps, self.runners, self.threads = {}, [], []
        for service in services:
            package = __import__(service)
            url = f"sqlite:///{directory / f'{vhost}-{service}.db'}"
            migrations.upgrade(package.MIGRATIONS, url, "heads")
            settings_module = __import__(f"{service}.settings", fromlist=["from_env"])
            extra = {"province_exchange": "province.events", "province_regions": regions} if province else {}
            settings = test_settings(settings_module.from_env, url, tokens, amqp_url=node.url(vhost),
                                     org_code=self.code, org_name=f"Diskominfo {self.name}", relay_poll_seconds=0.05,
                                     events_retry_delays_ms=(200, 500), **extra)  # fmt: skip
            app = package.create_app(settings)
            suite = app.extensions["suite"]
            handlers = __import__(f"{service}.events", fromlist=["handlers"]).handlers
            self.runners.append(Relay(settings, suite.db, suite.tables))
            if handlers.by_type:
                self.runners.append(Consumer(settings, suite.db, suite.tables, handlers))
            hooks, _snapshot = chassis_province.service_hooks(service)
            if province and hooks is not None and hooks.by_type:
                self.runners.append(chassis_province.consumer(settings, suite.db, suite.tables, hooks))
            self.apps[service] = app
        for runner in self.runners:
            thread = threading.Thread(target=runner.run, daemon=True, name=f"{vhost}-{type(runner).__name__}")
            thread.start()
            self.threads.append(thread)

    def client(self, service: str):
        return self.apps[service].test_client()

    def session(self, service: str):
        return self.apps[service].extensions["suite"].db.session()

    def stop(self) -> None:
        for runner in self.runners:
            runner.stop()
        for thread in self.threads:
            thread.join(timeout=15)
        for app in self.apps.values():
            app.extensions["suite"].db.dispose()


class Regency:
    """A regency's staff working through its services' real use cases."""

    def __init__(self, office: Office, tokens: TokenFactory):
        self.office = office
        self.officer = tokens.headers("ppid:officer", username="petugas.ppid")
        self.superior = tokens.headers("ppid:superior", username="atasan.ppid")
        self.editor = tokens.headers("newsroom:editor", username="redaktur")
        self.codes: dict[str, str] = {}
        self.titles: list[str] = []
        self.contracts = 0

    def ppid(self, path: str, body: dict, headers=None) -> dict:
        answer = self.office.client("ppid").post(path, json=body, headers=headers or {})
        assert answer.status_code in (200, 201), (path, answer.json)
        return answer.json

    def file(self) -> str:
        receipt = self.ppid("/api/ppid/requests", REQUEST)
        self.codes[receipt["registration_number"]] = receipt["tracking_code"]
        return receipt["registration_number"]

    def decide(self, number: str, decision: str = "granted") -> None:
        act = f"/api/ppid/requests/{number}"
        self.ppid(f"{act}/examine", {}, self.officer)
        body = {"decision": decision}
        if decision == "refused":
            body |= {"refusal_grounds": ["c"], "consequence_test": CONSEQUENCE}
        self.ppid(f"{act}/draft_notice", body, self.officer)
        self.ppid(f"{act}/sign_notice", {}, self.officer)

    def object(self, number: str) -> None:
        body = {"registration_number": number, "tracking_code": self.codes[number], "grounds": ["a"],
                "reason": "Alasan penolakan tidak jelas."}  # fmt: skip
        self.ppid("/api/ppid/objections", body)

    def release(self, title: str) -> int:
        client = self.office.client("newsroom")
        body = {"type": "release", "title": title, "body_html": "<p>Isi siaran pers.</p>", "opd": "dinkes"}
        created = client.post("/api/newsroom/articles", json=body, headers=self.editor)
        assert created.status_code == 201, created.json
        self.move(created.json["id"], "publish")
        self.titles.append(title)
        return created.json["id"]

    def move(self, article_id: int, action: str, **body) -> None:
        answer = self.office.client("newsroom").post(f"/api/newsroom/articles/{article_id}/{action}", json=body,
                                                    headers=self.editor)  # fmt: skip
        assert answer.status_code == 200, (action, answer.json)

    def contract_paid(self, value: int, paid: int) -> None:
        """A partnership through the registry's use cases: contract signed (from an approved application) and one
        month paid after its SPJ was checked (the documents and checks before it are seeded)."""
        from chassis.messaging import UnitOfWork
        from registry.context import Context
        from registry.models import Application, Outlet, PaymentRecord, Period
        from registry.use_cases import contracts, payments

        app = self.office.apps["registry"]
        suite = app.extensions["suite"]
        self.contracts += 1
        n = self.contracts
        staff = Principal("verifikator", frozenset({"registry:verifier", "registry:approver"}))
        today = suite.settings.local_date()
        with self.office.session("registry") as session:
            now = dt.datetime.now(dt.UTC)
            outlet = Outlet(name=f"Media {n}", legal_name=f"PT Media {n}", media_type="online",
                            npwp=f"{n:015d}", nib=f"{n:013d}", address="-", registered_by="x")  # fmt: skip
            period = Period(year=YEAR, title=f"Kemitraan {n}", budget=10**10, opens_at=now, closes_at=now,
                            created_by="x")  # fmt: skip
            session.add_all([outlet, period])
            session.flush()
            application = Application(period_id=period.id, outlet_id=outlet.id, status="approved", created_by="x")
            session.add(application)
            session.commit()
            application_id = application.id
        with app.app_context(), UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
            terms = {"application_id": application_id, "number": f"K-{self.office.code}-{n}", "quota": 10,
                     "starts_on": dt.date(YEAR, 1, 1), "ends_on": dt.date(YEAR, 12, 31), "rate": value // 10,
                     "value": value}  # fmt: skip
            contract_id = contracts.create_contract(uow, Context.of(suite.settings, staff), terms).id
        month = f"{YEAR}-01"
        with self.office.session("registry") as session:
            session.add(PaymentRecord(contract_id=contract_id, month=month, status="checked", recorded_billable=1,
                                      recorded_amount=paid))  # fmt: skip
            session.commit()
        with app.app_context(), UnitOfWork(suite.db, suite.tables, suite.settings.source) as uow:
            ctx = Context.of(suite.settings, staff)
            payments.move(uow, ctx, contract_id, month, "pay", {"paid_on": today, "amount": paid})

    def own_ppid_counts(self) -> dict:
        """What the regency counts itself, from its own requests (the yearly report's definitions)."""
        from ppid.domain import workflow
        from ppid.models import Objection, Request

        with self.office.session("ppid") as session:
            in_year = Request.received_on.between(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
            decided = Request.decided_on.is_not(None)

            def count(*conditions):
                return session.scalar(select(func.count()).select_from(Request).where(in_year, *conditions))

            objections = session.scalar(
                select(func.count()).select_from(Objection).join(Request, Request.id == Objection.request_id)
                .where(in_year)
            )  # fmt: skip
            return {
                "received": count(),
                "decided": count(decided),
                "on_time": count(decided, Request.decided_on <= Request.due_date),
                "late": count(decided, Request.decided_on > Request.due_date),
                "refused": count(Request.decision == "refused"),
                "objections": objections,
                "open": count(Request.status.in_([s.value for s in workflow.OPEN])),
            }


def regions(office: Office, service: str, path: str, **query) -> dict[str, dict]:
    answer = office.client(service).get(path, query_string=query)
    assert answer.status_code == 200, answer.json
    return {item["region_code"]: item for item in answer.json["items"]}


PPID_FIELDS = ("received", "decided", "on_time", "late", "refused", "objections", "open")


def ppid_figures(province: Office, code: str) -> dict:
    item = regions(province, "ppid", "/api/ppid/regions", year=YEAR)[code]
    return {k: item[k] for k in PPID_FIELDS}


def articles(province: Office, code: str) -> list[dict]:
    answer = province.client("newsroom").get("/api/newsroom/regions/articles", query_string={"region": code})
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def join(node: Node, vhost: str, region: tuple[str, str], user: str, password: str) -> str:
    env = {**node.env, "RABBITMQCTL": node.ctl, "REGENCY_LINK_PASSWORD": password}
    regency_broker = f"amqp://127.0.0.1:{node.broker.port}/{vhost}"
    command = [sys.executable, str(JOIN), *region, regency_broker, "--user", user, "--vhost", "province"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("province")
    var_before = os.environ.get("SUITE_VAR_DIR")
    os.environ["SUITE_VAR_DIR"] = str(directory / "var")
    node = Node(directory / "node")
    passwords = {user: secrets.token_hex(8) for user in ("link-a", "link-b", "link-c")}
    vhosts = {"regency-a": "link-a", "regency-b": "link-b", "regency-c": "link-c"}
    node.import_definitions({
        "users": [{"name": u, "password_hash": password_hash(p), "hashing_algorithm": "rabbit_password_hashing_sha256",
                   "tags": []} for u, p in passwords.items()],
        "vhosts": [{"name": v} for v in (*vhosts, "province")],
        "permissions": [{"user": "guest", "vhost": v, "configure": ".*", "write": ".*", "read": ".*"}
                        for v in (*vhosts, "province")]
        + [{"user": u, "vhost": v, **LINK_PERMISSIONS} for v, u in vhosts.items()],
    }, directory)  # fmt: skip
    tokens = TokenFactory()
    regions_line = tuple(f"{code}={name}" for code, name in (A, B, C))
    offices = {
        "province": Office(
            node, "province", ("35", "Provinsi Jawa Timur"), directory, tokens, province=True, regions=regions_line
        ),  # fmt: skip
        "a": Office(node, "regency-a", A, directory, tokens),
        "b": Office(node, "regency-b", B, directory, tokens),
    }
    world = {"node": node, "tokens": tokens, "passwords": passwords, "directory": directory, "offices": offices}
    try:
        # The province's workers declare province.events and their queues; then the operator joins A and B.
        wait_until(lambda: node.exchange_exists("province", "province.events"), what="the province's workers")
        for vhost, region, user in (("regency-a", A, "link-a"), ("regency-b", B, "link-b")):
            printed = join(node, vhost, region, user, passwords[user])
            assert f"{region[0]}={region[1]}" in printed, printed
        for vhost in ("regency-a", "regency-b"):
            wait_until(lambda v=vhost: node.federation_queues(v), what=f"the federation link of {vhost}")
        yield world
    finally:
        for office in offices.values():
            office.stop()
        node.broker.stop()
        if var_before is None:
            os.environ.pop("SUITE_VAR_DIR", None)
        else:
            os.environ["SUITE_VAR_DIR"] = var_before


def test_two_regencies_federate_into_the_province_roll_ups_and_a_cut_link_catches_up(world):
    node, tokens, offices = world["node"], world["tokens"], world["offices"]
    province = offices["province"]
    a, b = Regency(offices["a"], tokens), Regency(offices["b"], tokens)
    seed_province_partner(province)

    # Both regencies work: requests filed and decided (one refused, one objected), releases, a paid contract.
    for regency, filed in ((a, 4), (b, 3)):
        numbers = [regency.file() for _ in range(filed)]
        regency.decide(numbers[0])
        regency.decide(numbers[1], "refused")
        regency.object(numbers[1])
        first = regency.release(f"Siaran {regency.office.name} pertama")
        second = regency.release(f"Siaran {regency.office.name} kedua")
        regency.move(first, "correct", note="Tanggal acara diralat")
        regency.move(second, "withdraw", reason="Salah kirim")
        regency.contract_paid(value=24_000_000 if regency is a else 36_000_000, paid=2_000_000)
    own_release = province_release(province, tokens)

    for regency in (a, b):
        code = regency.office.code
        wait_until(lambda r=regency, c=code: ppid_figures(province, c) == r.own_ppid_counts(),
                   what=f"ppid figures of {code}")  # fmt: skip
        assert ppid_figures(province, code) | {"received": None} == {
            "received": None, "decided": 2, "on_time": 2, "late": 0, "refused": 1, "objections": 1,
            "open": len(regency.codes) - 2}  # fmt: skip
        wait_until(lambda c=code: {i["state"] for i in articles(province, c)} >= {"corrected"}
                   and len(articles(province, c)) >= 1, what=f"articles of {code}")  # fmt: skip
        wait_until(lambda c=code: regions(province, "registry", "/api/registry/regions", year=YEAR)[c]["paid"],
                   what=f"registry figures of {code}")  # fmt: skip
    assert_articles(province, a)
    assert_articles(province, b)
    registry = regions(province, "registry", "/api/registry/regions", year=YEAR)
    assert [registry[code][k] for code in (A[0], B[0]) for k in ("active_partners", "contract_value", "paid")] == [
        1, 24_000_000, 2_000_000, 1, 36_000_000, 2_000_000]  # fmt: skip
    assert registry[C[0]] | {"region_name": None} == {"region_code": C[0], "region_name": None,
        "active_partners": 0, "contract_value": 0, "paid": 0, "journalists": registry[C[0]]["journalists"]}  # fmt: skip
    assert regions(province, "ppid", "/api/ppid/regions", year=YEAR)[A[0]]["region_name"] == A[1]

    # A's link goes down (the province's user is refused, its connection closed); A keeps working meanwhile.
    node.rabbitmqctl("change_password", "link-a", secrets.token_hex(8))
    node.rabbitmqctl("close_all_user_connections", "link-a", "Tautan federasi diputus untuk uji")
    before_cut = ppid_figures(province, A[0])
    for _ in range(3):
        a.decide(a.file())
    a.object(next(iter(a.codes)))
    a.release(f"Siaran {a.office.name} saat terputus")
    a.contract_paid(value=12_000_000, paid=1_000_000)
    # B's link still runs: its new request arrives while A's figures stay as they were.
    b.file()
    wait_until(lambda: ppid_figures(province, B[0]) == b.own_ppid_counts(), what="B while A is cut")
    assert ppid_figures(province, A[0]) == before_cut
    assert node.federation_queues("regency-a"), "A's events wait in its federation queue"

    # Some of A's events are sent twice (a relay that crashed between confirm and mark), then the link is back.
    with a.office.session("ppid") as session:
        outbox = a.office.apps["ppid"].extensions["suite"].tables.outbox
        first_rows = select(outbox.c.seq).order_by(outbox.c.seq).limit(5).scalar_subquery()
        session.execute(update(outbox).where(outbox.c.seq.in_(first_rows)).values(sent_at=None))
        session.commit()
    node.rabbitmqctl("change_password", "link-a", world["passwords"]["link-a"])
    wait_until(lambda: ppid_figures(province, A[0]) == a.own_ppid_counts(), timeout=90, what="A after the cut")
    assert ppid_figures(province, A[0])["decided"] == 5 and ppid_figures(province, A[0])["objections"] == 2
    wait_until(lambda: len(articles(province, A[0])) == len(a.titles), what="A's releases after the cut")
    wait_until(lambda: regions(province, "registry", "/api/registry/regions", year=YEAR)[A[0]]["paid"] == 3_000_000,
               what="A's payments after the cut")  # fmt: skip
    registry = regions(province, "registry", "/api/registry/regions", year=YEAR)[A[0]]
    assert (registry["active_partners"], registry["contract_value"]) == (2, 36_000_000)

    # The province's registry mailed its own release to its partner, and none of the regencies' releases.
    wait_until(lambda: province_mails(province), what="the province's own release mail")
    subjects = province_mails(province)
    assert any(own_release in s for s in subjects), subjects
    assert not [s for s in subjects if any(t in s for t in a.titles + b.titles)], subjects
    from registry.models import Release

    with province.session("registry") as session:
        assert [r.title for r in session.scalars(select(Release))] == [own_release]


def assert_articles(province: Office, regency: Regency) -> None:
    items = articles(province, regency.office.code)
    assert {i["region_code"] for i in items} == {regency.office.code}
    assert {i["region_name"] for i in items} == {regency.office.name}
    states = {i["title"].split(" ")[-1]: i["state"] for i in items}
    assert states.get("pertama") == "corrected", items
    assert states.get("kedua") in (None, "withdrawn"), items  # a withdrawn item drops out or shows as withdrawn
    published = [i["published_at"] for i in items]
    assert published == sorted(published, reverse=True), "newest first"


def seed_province_partner(province: Office) -> None:
    """A press company with a contract running today at the province: it would be mailed any release there."""
    from registry.models import Application, Contract, Outlet, Period

    today = province.apps["registry"].extensions["suite"].settings.local_date()
    with province.session("registry") as session:
        now = dt.datetime.now(dt.UTC)
        outlet = Outlet(name="Media Provinsi", legal_name="PT Media Provinsi", media_type="online", npwp="9" * 15,
                        nib="9" * 13, address="-", registered_by="x", email="redaksi@provinsi.example.id")  # fmt: skip
        period = Period(year=YEAR, title="Kemitraan provinsi", budget=10**10, opens_at=now, closes_at=now,
                        created_by="x")  # fmt: skip
        session.add_all([outlet, period])
        session.flush()
        application = Application(period_id=period.id, outlet_id=outlet.id, status="approved", created_by="x")
        session.add(application)
        session.flush()
        session.add(Contract(application_id=application.id, period_id=period.id, number="K-PROV-1",
                             starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=300),
                             value=10_000_000, quota=10, rate=1_000_000, created_by="x"))  # fmt: skip
        session.commit()


def province_release(province: Office, tokens: TokenFactory) -> str:
    title = "Siaran Diskominfo Provinsi sendiri"
    Regency(province, tokens).release(title)
    return title


def province_mails(province: Office) -> list[str]:
    from registry.models import mail_outbox

    with province.session("registry") as session:
        return list(session.scalars(select(mail_outbox.c.subject)))


def test_a_regency_joining_late_shows_its_50_decided_requests_then_live_ones(world):
    node, tokens, offices = world["node"], world["tokens"], world["offices"]
    province = offices["province"]
    late = Office(node, "regency-c", C, world["directory"], tokens, services=("ppid",))
    try:
        c = Regency(late, tokens)
        for _ in range(50):
            c.decide(c.file())
        assert ppid_figures(province, C[0])["decided"] == 0, "not joined yet: the province knows nothing"
        join(node, "regency-c", C, "link-c", world["passwords"]["link-c"])
        wait_until(lambda: node.federation_queues("regency-c"), what="the federation link of regency-c")
        app = late.apps["ppid"]
        suite = app.extensions["suite"]
        _handlers, snapshot = chassis_province.service_hooks("ppid")
        assert snapshot is not None, "ppid defines its snapshot (ppid/province.py)"
        with app.app_context():
            chassis_province.take_snapshot(suite.settings, suite.db, suite.tables, snapshot)
        wait_until(lambda: ppid_figures(province, C[0])["decided"] == 50, what="C's snapshot")
        assert ppid_figures(province, C[0]) == c.own_ppid_counts()
        for _ in range(2):
            c.decide(c.file())
        c.file()
        wait_until(lambda: ppid_figures(province, C[0]) == c.own_ppid_counts(), what="C's live events")
        assert ppid_figures(province, C[0]) | {"on_time": None, "late": None} == {
            "received": 53,
            "decided": 52,
            "on_time": None,
            "late": None,
            "refused": 0,
            "objections": 0,
            "open": 1,
        }
    finally:
        late.stop()


def test_the_join_script_refuses_a_bad_region_code_or_broker_address_before_touching_the_broker():
    env = {**os.environ, "RABBITMQCTL": "false", "REGENCY_LINK_PASSWORD": "x"}
    for args, says in (
        (["35.7x", "Kota", "amqp://h/"], "kode wilayah tidak sah"),
        (["35.78", "Kota, Surabaya", "amqp://h/"], "koma"),
        (["35.78", "Kota Surabaya", "http://h/"], "alamat broker"),
        (["35.78", "Kota Surabaya"], "wajib diisi"),
    ):
        done = subprocess.run([sys.executable, str(JOIN), *args], env=env, capture_output=True, text=True)
        assert done.returncode != 0 and says in done.stderr + done.stdout, (args, done.stderr)


def test_the_join_script_puts_the_credentials_percent_encoded_in_the_upstream():
    import importlib.util

    spec = importlib.util.spec_from_file_location("join_regency", JOIN)
    join_regency = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(join_regency)
    broker_url = "amqps://surabaya.example.go.id:5671/?verify=verify_peer"
    uri = join_regency.upstream_uri(broker_url, "province-link", "p@s:s/")
    assert uri == "amqps://province-link:p%40s%3As%2F@surabaya.example.go.id:5671/?verify=verify_peer"


def test_the_worker_declares_the_province_queue_only_at_a_province(amqp_url, tmp_path):
    """`flask worker` itself: with PROVINCE_EXCHANGE it also consumes <service>.province on that exchange."""
    import registry

    prefix = f"t{secrets.token_hex(4)}."
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    migrations.upgrade(registry.MIGRATIONS, url, "heads")
    flask = Path(sys.executable).with_name("flask")

    def worker(**env) -> subprocess.Popen:
        settings = {"DATABASE_URL": url, "AMQP_URL": amqp_url, "EVENTS_PREFIX": prefix, "LOG_JSON": "false",
                    "SUITE_VAR_DIR": str(tmp_path / "var"), **env}  # fmt: skip
        return subprocess.Popen([str(flask), "--app", "registry", "worker"], env={**os.environ, **settings},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    try:
        regency = worker()
        wait_until(lambda: declared(amqp_url, queue=f"{prefix}registry.events"), what="the regency's worker")
        assert not declared(amqp_url, queue=f"{prefix}registry.province")
        regency.terminate()
        regency.wait(30)
        at_province = worker(PROVINCE_EXCHANGE="province.events")
        wait_until(lambda: declared(amqp_url, queue=f"{prefix}registry.province"), what="the province's worker")
        assert declared(amqp_url, exchange=f"{prefix}province.events")
        at_province.terminate()
        at_province.wait(30)
    finally:
        connection = broker.connect(amqp_url)
        channel = connection.channel()
        for kind in ("events", "province"):
            for suffix in ("", ".dead", ".retry.1", ".retry.2", ".retry.3"):
                channel.queue_delete(f"{prefix}registry.{kind}{suffix}")
        for exchange in ("suite.events", "suite.dlx", "province.events"):
            channel.exchange_delete(prefix + exchange)
        connection.close()
