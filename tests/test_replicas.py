"""Two replicas of everything: two complete suites (deploy/local/run.py) on their own ports and var dirs, sharing
what a deployment shares (the PostgreSQL databases, the S3 bucket, the signing keys, the broker) and nothing else.
Whatever one replica takes in, the other serves; what one refuses leaves nothing in the bucket."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import importlib
import importlib.util
import secrets
import shutil
from pathlib import Path

import pytest

from chassis.personal_data import new_key_text
from chassis.testing import TINY_PNG, create_postgres_database, delete_topology, drop_postgres_database

spec = importlib.util.spec_from_file_location("localsuite", Path(__file__).with_name("localsuite.py"))
localsuite = importlib.util.module_from_spec(spec)
spec.loader.exec_module(localsuite)

pytestmark = pytest.mark.xdist_group("replicas")

PROCESSES = ("gateway", "registry", "newsroom", "ppid")
REQUEST = {
    "name": "Sri Wahyuni Paputungan",
    "nik": "7174015505910006",
    "address": "Jl. Kartini 7, Kotamobagu",
    "phone": "081355512345",
    "email": "sri@example.id",
    "occupation": "Jurnalis warga",
    "information": "Daftar penerima bantuan UMKM 2026",
    "purpose": "Liputan",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}


def pdf(label: str) -> bytes:
    """A small PDF whose content (and so its checksum, the name it has in the store) no other test shares."""
    return f"%PDF-1.7\n% {label} {secrets.token_hex(8)}\n%%EOF\n".encode()


class Replicas:
    def __init__(self, a, b, s3_server, prefix: str):
        self.a = a
        self.b = b
        self.s3 = s3_server
        self.prefix = prefix  # the suites' FILE_STORE prefix in the bucket

    def objects(self) -> set[str]:
        return set(self.s3.keys(self.prefix + "/"))

    def on_disk(self, content: bytes) -> list[Path]:
        """Files under either replica's var dir holding ``content``: a replica keeps no upload of its own."""
        found = []
        for suite in (self.a, self.b):
            for path in suite.var.rglob("*"):
                if path.is_file() and path.stat().st_size < 10_000_000 and content in path.read_bytes():
                    found.append(path)
        return found


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_server, s3_server, amqp_url):
    """Both suites started at once, after the databases were migrated once (as the deployment's migration jobs
    do, so the replicas' own no-op upgrades never race) and the gateway's keys were made and given to both."""
    from chassis import migrations
    from gateway.bootstrap import bootstrap
    from gateway.settings import from_env as gateway_settings

    base = tmp_path_factory.mktemp("replicas")
    token = secrets.token_hex(4)
    names = {process: f"replicas_{process}_{token}" for process in PROCESSES}
    urls = {process: create_postgres_database(postgres_server, name) for process, name in names.items()}
    prefix = f"rep{token}."
    store_prefix = f"replicas-{token}"
    password = "admin-" + secrets.token_hex(8)
    try:
        for service in ("registry", "newsroom", "ppid"):
            migrations.upgrade(importlib.import_module(service).MIGRATIONS, urls[service])
        keys = base / "a" / "keys"
        bootstrap(
            gateway_settings(
                database_url=urls["gateway"],
                jwt_private_key_file=str(keys / "jwt-private.pem"),
                jwt_public_key_file=str(keys / "jwt-public.pem"),
                suite_bootstrap_admin_password=password,
            )
        )
        shutil.copytree(keys, base / "b" / "keys")
        shared = {
            **{f"{process.upper()}_DATABASE_URL": url for process, url in urls.items()},
            **s3_server.env,
            "FILE_STORE": s3_server.file_store(store_prefix),
            "AMQP_URL": amqp_url,
            "EVENTS_PREFIX": prefix,
            "SUITE_MIGRATE_ON_START": "false",
            # One sealing key for every replica, as the operations guide asks: a NIK sealed by one opens on the other.
            "PERSONAL_DATA_KEYS": new_key_text("replicas"),
            "PERSONAL_DATA_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        }
        a = localsuite.LocalSuite("a", base / "a", password, **shared)
        b = localsuite.LocalSuite("b", base / "b", password, **shared)
        localsuite.start_all([a, b])
        try:
            yield Replicas(a, b, s3_server, store_prefix)
        finally:
            localsuite.stop_all([a, b])
    finally:
        delete_topology(amqp_url, prefix)
        for name in names.values():
            drop_postgres_database(postgres_server, name)


def test_the_replicas_started_on_the_migrated_databases_without_migrating(replicas):
    for suite in (replicas.a, replicas.b):
        log = suite.log_path.read_text(errors="replace")
        assert "SUITE_MIGRATE_ON_START=false" in log and "database at head" not in log
        assert (suite.var / "keys" / "jwt-private.pem").read_bytes() == (
            replicas.a.var / "keys" / "jwt-private.pem"
        ).read_bytes()
    keys = [s.http.get(s.url("/.well-known/jwks.json")).json()["keys"] for s in (replicas.a, replicas.b)]
    assert keys[0] == keys[1], "both gateways publish the one key they sign with"


def test_a_request_filed_through_one_replica_is_tracked_through_the_other(replicas):
    receipt = replicas.a.http.post(replicas.a.url("/api/ppid/requests"), json=REQUEST)
    assert receipt.status_code == 201, receipt.text
    sent = {k: receipt.json()[k] for k in ("registration_number", "tracking_code")}
    tracked = replicas.b.http.post(replicas.b.url("/api/ppid/track"), json=sent)
    assert tracked.status_code == 200, tracked.text
    assert tracked.json()["due_date"] == receipt.json()["due_date"]
    assert REQUEST["nik"] not in tracked.text


def test_a_ppid_message_attachment_sent_through_one_replica_is_served_by_the_other(replicas):
    receipt = replicas.a.http.post(replicas.a.url("/api/ppid/requests"), json=REQUEST).json()
    sent = {k: receipt[k] for k in ("registration_number", "tracking_code")}
    content = pdf("ktp")
    posted = replicas.a.http.post(
        replicas.a.url("/api/ppid/track/messages"),
        data={**sent, "body": "Salinan KTP terlampir."},
        files={"file": ("ktp.pdf", content, "application/pdf")},
    )
    assert posted.status_code == 201, posted.text
    served = replicas.b.http.post(replicas.b.url(f"/api/ppid/track/messages/{posted.json()['id']}/file"), data=sent)
    assert served.status_code == 200, served.text
    assert served.content == content
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("attachment")
    digest = hashlib.sha256(content).hexdigest()
    assert any(key.endswith(digest) for key in replicas.objects()), "the attachment is in the bucket"
    assert replicas.on_disk(content) == [], "and on no replica's disk"


def partner_application(suite, period: int) -> tuple[str, dict[str, str]]:
    """A partner with an outlet and a draft application in ``period``: its API URL and the partner's auth header."""
    partner = suite.account(f"mitra-{secrets.token_hex(3)}", "media:partner")
    tag = secrets.token_hex(3)
    outlet = {
        "brand": f"Totabuan {tag}",
        "legal_name": f"PT Totabuan {tag}",
        "media_type": "online",
        "npwp": "01" + str(secrets.randbelow(10**13)).zfill(13),
        "nib": str(secrets.randbelow(10**13)).zfill(13),
        "address": "Kotamobagu",
        "email": f"redaksi-{tag}@totabuan.example.id",
    }
    made = suite.http.post(suite.url("/api/registry/outlets"), json=outlet, headers=partner)
    assert made.status_code == 201, made.text
    application = suite.http.post(suite.url("/api/registry/applications"), json={"period_id": period}, headers=partner)
    assert application.status_code == 201, application.text
    return suite.url(f"/api/registry/applications/{application.json()['id']}"), partner


@dataclasses.dataclass
class People:
    """The module's staff and partners, made once through replica A (each account costs two password hashes)."""

    editor: dict[str, str]
    contributor: dict[str, str]  # of another OPD (dinkes) than the articles here (diskominfo)
    application: str  # a partner's draft application in the one open period (the registry allows one at a time)
    partner: dict[str, str]
    stranger: dict[str, str]  # another partner, with an application of its own


@pytest.fixture(scope="module")
def people(replicas) -> People:
    a = replicas.a
    verifier = a.account(f"verifikator-{secrets.token_hex(3)}", "registry:verifier")
    now = dt.datetime.now(dt.UTC)
    body = {
        "fiscal_year": now.year,
        "name": f"Kemitraan {secrets.token_hex(3)}",
        "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=3)).isoformat(),
        "requirements": [{"code": "akta", "label": "Akta pendirian"}],
        "budget": 10_000_000,
    }
    period = a.http.post(a.url("/api/registry/periods"), json=body, headers=verifier)
    assert period.status_code == 201, period.text
    application, partner = partner_application(a, period.json()["id"])
    _theirs, stranger = partner_application(a, period.json()["id"])
    return People(
        editor=a.account(f"redaktur-{secrets.token_hex(3)}", "newsroom:editor"),
        contributor=a.account(f"humas-{secrets.token_hex(3)}", "newsroom:contributor", opd="dinkes"),
        application=application,
        partner=partner,
        stranger=stranger,
    )


def draft(suite, editor: dict[str, str]) -> str:
    """A new diskominfo release, still a draft: its API URL."""
    body = {"type": "release", "title": f"Pasar senggol {secrets.token_hex(3)}", "body_html": "<p>Ramai.</p>"}
    created = suite.http.post(suite.url("/api/newsroom/articles"), json={**body, "opd": "diskominfo"}, headers=editor)
    assert created.status_code == 201, created.text
    return suite.url(f"/api/newsroom/articles/{created.json()['id']}")


def test_a_registry_document_uploaded_through_one_replica_is_served_by_the_other(replicas, people):
    content = pdf("akta")
    uploaded = replicas.a.http.put(
        f"{people.application}/documents/akta",
        files={"file": ("akta.pdf", content, "application/pdf")},
        headers=people.partner,
    )
    assert uploaded.status_code == 200, uploaded.text
    # The same token on the other replica: the key is shared, so B's services trust what A's gateway signed.
    on_b = people.application.replace(replicas.a.gateway, replicas.b.gateway)
    served = replicas.b.http.get(f"{on_b}/documents/akta/file", headers=people.partner)
    assert served.status_code == 200, served.text
    assert served.content == content
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert replicas.on_disk(content) == []


def test_a_newsroom_image_added_through_one_replica_is_served_by_the_other(replicas, people):
    article = draft(replicas.a, people.editor)
    added = replicas.a.http.post(
        f"{article}/images",
        data={"alt": "Suasana pasar senggol"},
        files={"file": ("pasar.png", TINY_PNG, "image/png")},
        headers=people.editor,
    )
    assert added.status_code == 201, added.text
    assert replicas.a.http.post(f"{article}/publish", headers=people.editor).status_code == 200
    renditions = added.json()["images"][0]["renditions"]
    assert renditions
    for link in renditions.values():
        served = replicas.b.http.get(link.replace(replicas.a.gateway, replicas.b.gateway))
        assert served.status_code == 200, (link, served.text[:300])
        assert served.headers["Content-Type"] == "image/jpeg" and served.content.startswith(b"\xff\xd8")
        digest = link.rsplit("/", 1)[1].split(".")[0]
        assert any(key.endswith(digest) for key in replicas.objects())


def test_uploads_refused_through_a_replica_leave_nothing_in_the_bucket(replicas, people):
    a = replicas.a
    before = replicas.objects()
    receipt = a.http.post(a.url("/api/ppid/requests"), json=REQUEST).json()
    wrong_code = {"registration_number": receipt["registration_number"], "tracking_code": "AAAAAAAAAA", "body": "x"}
    article = draft(a, people.editor)
    attempts = [
        # A requester's reply with a tracking code that is not the request's.
        ("post", a.url("/api/ppid/track/messages"), wrong_code, None, pdf("kode salah")),
        # A partner's document put into another partner's application.
        ("put", f"{people.application}/documents/akta", {}, people.stranger, pdf("bukan miliknya")),
        # An attachment to another OPD's article.
        ("post", f"{article}/attachments", {"label": "Undangan"}, people.contributor, pdf("opd lain")),
    ]
    for method, url, data, headers, content in attempts:
        answer = a.http.request(
            method, url, data=data, files={"file": ("berkas.pdf", content, "application/pdf")}, headers=headers
        )
        assert answer.status_code in (403, 404), (url, answer.status_code, answer.text)
        assert answer.headers["Content-Type"].startswith("application/problem+json")

    assert replicas.objects() == before, "a refused upload left an object in the bucket"
    for *_, content in attempts:
        assert replicas.on_disk(content) == []
