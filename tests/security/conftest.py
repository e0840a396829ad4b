"""The security sweep's fixtures: each service built by its own factory on SQLite in a temp dir, with data of two
tenants (two outlets, two OPDs) made through its API, its OpenAPI document read back as a list of operations, and
the tokens an attacker would try (none, forged, expired, another audience, a role with no business there).

The helpers live here and reach the test modules as fixtures (``--import-mode=importlib`` gives this directory no
importable package).
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime as dt
import importlib
import io
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chassis import migrations
from chassis.testing import TokenFactory, test_settings

SERVICES = ("ppid", "newsroom", "registry")
METHODS = ("get", "post", "put", "patch", "delete")
# Every role a service checks; the sweep's "allowed" caller holds the ones an operation asks for.
ROLES = {
    "ppid": ("ppid:officer", "ppid:superior", "ppid:opd_officer"),
    "newsroom": ("newsroom:contributor", "newsroom:editor"),
    "registry": ("media:partner", "registry:verifier", "registry:approver"),
}
# A real role of the suite that has no business anywhere in the service.
FOREIGN_ROLE = {"ppid": "newsroom:editor", "newsroom": "registry:verifier", "registry": "ppid:officer"}
# Who owns the seeded records (the first tenant) and who is the other tenant of the same kind.
OWNER = {"ppid": ("pelaksana.dinkes", "dinkes"), "newsroom": ("humas.dinkes", "dinkes"), "registry": ("mitra-a", None)}
OTHER = {"ppid": ("pelaksana.dispar", "dispar"), "newsroom": ("humas.dispar", "dispar"), "registry": ("mitra-b", None)}
PROBLEM_JSON = "application/problem+json"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def png(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 79, 138)).save(buffer, "PNG")
    return buffer.getvalue()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "security: the security sweep, schemathesis and the gateway's refusals (run alone: -m security)"
    )


@dataclasses.dataclass
class Operation:
    """One operation of a service's OpenAPI document, with what the app itself says about it."""

    service: str
    method: str
    path: str
    spec: dict
    parameters: list[dict]
    body_schema: dict | None  # resolved JSON schema of an application/json body
    staff: bool  # declares bearer security
    roles: tuple[str, ...] | None  # the roles the view asks for (None: not declared on the view)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def path_params(self) -> list[dict]:
        return [p for p in self.parameters if p["in"] == "path"]

    def query_params(self) -> list[dict]:
        return [p for p in self.parameters if p["in"] == "query"]


class Spec:
    """An OpenAPI 3.1 document with its ``$ref``s resolved on demand."""

    def __init__(self, document: dict):
        self.document = document

    def resolve(self, schema: dict | None, depth: int = 0) -> dict:
        if not schema or depth > 12:
            return schema or {}
        if "$ref" in schema:
            target = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return self.resolve({**target, **{k: v for k, v in schema.items() if k != "$ref"}}, depth + 1)
        resolved = dict(schema)
        if "properties" in resolved:
            resolved["properties"] = {k: self.resolve(v, depth + 1) for k, v in resolved["properties"].items()}
        if isinstance(resolved.get("items"), dict):
            resolved["items"] = self.resolve(resolved["items"], depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            if key in resolved:
                resolved[key] = [self.resolve(s, depth + 1) for s in resolved[key]]
        return resolved


def types_of(schema: dict) -> set[str]:
    kind = schema.get("type")
    if kind is None and "anyOf" in schema:
        return set().union(*(types_of(s) for s in schema["anyOf"]))
    if kind is None and "oneOf" in schema:
        return set().union(*(types_of(s) for s in schema["oneOf"]))
    if kind is None and "allOf" in schema:
        return set().union(*(types_of(s) for s in schema["allOf"]))
    if isinstance(kind, list):
        return set(kind)
    return {kind} if kind else set()


def nullable(schema: dict) -> bool:
    return "null" in types_of(schema) or None in (schema.get("enum") or [])


STRING_FORMATS = {
    "date": "2027-02-01",
    "date-time": "2027-02-01T09:00:00+07:00",
    "email": "uji@example.id",
    "url": "https://example.id/berita/1",
    "uri": "https://example.id/berita/1",
    "uuid": "0b5e6c3a-8d2f-4c5e-9d1a-3f4b5c6d7e8f",
    "time": "09:00:00",
}


def example(schema: dict, name: str = "", depth: int = 0):
    """A plausible valid value for ``schema``, so one hostile field at a time gets past the others."""
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if schema.get("example") is not None:
        return schema["example"]
    enum = [v for v in schema.get("enum") or [] if v is not None]
    if enum:
        return enum[0]
    kinds = types_of(schema) - {"null"}
    if not kinds and "allOf" in schema:
        merged: dict = {}
        for part in schema["allOf"]:
            merged.update(part)
        return example(merged, name, depth)
    kind = sorted(kinds)[0] if kinds else ("object" if "properties" in schema else "string")
    if kind == "object":
        if depth > 6:
            return {}
        props = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        return {k: example(v, k, depth + 1) for k, v in props.items() if k in required}
    if kind == "array":
        items = schema.get("items") or {"type": "string"}
        count = max(1, schema.get("minItems", 1))
        return [example(items, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return max(int(schema.get("minimum", 1) or 1), 1) if "maximum" not in schema else int(schema["maximum"])
    if kind == "number":
        return float(max(schema.get("minimum", 1) or 1, 1))
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt in STRING_FORMATS:
        return STRING_FORMATS[fmt]
    if schema.get("pattern"):
        return pattern_example(schema["pattern"], name)
    text = "uji " + (name or "isian")
    text = (text + " " + "isian yang cukup panjang " * ((schema.get("minLength") or 0) // 20 + 1))[:80]
    return text[: schema["maxLength"]] if schema.get("maxLength") else text


def pattern_example(pattern: str, name: str) -> str:
    """A string matching the few patterns the services declare (region codes, months, NIK-like digits)."""
    for candidate in ("71.74.01", "71.74", "2027-02", "7174014507900002", "0812345678", "a", "dinkes", "A-1"):
        if re.fullmatch(pattern.strip("^$"), candidate) or re.search(pattern, candidate):
            return candidate
    return "uji"


def fields_of(schema: dict, prefix: tuple = ()) -> list[tuple[tuple, dict]]:
    """(path, schema) of every property of an object body, nested objects and arrays of objects included."""
    found = []
    for key, sub in (schema.get("properties") or {}).items():
        found.append(((*prefix, key), sub))
        if "object" in types_of(sub) and sub.get("properties"):
            found.extend(fields_of(sub, (*prefix, key)))
        items = sub.get("items") if "array" in types_of(sub) else None
        if isinstance(items, dict) and items.get("properties"):
            found.extend(fields_of(items, (*prefix, key, 0)))
    return found


def with_value(body, path: tuple, value):
    """``body`` with the field at ``path`` set to ``value`` (containers on the way created as needed)."""
    body = copy.deepcopy(body)
    target = body
    for step, following in zip(path[:-1], path[1:], strict=True):
        if isinstance(step, int):
            while len(target) <= step:
                target.append({})
            target = target[step]
            continue
        if step not in target or not isinstance(target[step], dict | list):
            target[step] = [] if isinstance(following, int) else {}
        target = target[step]
    last = path[-1]
    if isinstance(last, int):
        while len(target) <= last:
            target.append(None)
    target[last] = value
    return body


class Tally:
    """What a sweep sent and what came back, for its one-line summary."""

    def __init__(self, name: str):
        self.name = name
        self.operations: set[str] = set()
        self.requests = 0
        self.statuses: collections.Counter = collections.Counter()
        self.findings: list[str] = []

    def count(self, operation, status: int) -> None:
        self.operations.add(str(operation))
        self.requests += 1
        self.statuses[status] += 1

    def summary(self) -> str:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        errors = sum(v for k, v in self.statuses.items() if k >= 500)
        return (
            f"security sweep {self.name}: {len(self.operations)} operations, {self.requests} requests, "
            f"{errors} server errors, statuses {{{statuses}}}, {len(self.findings)} findings"
        )


class Tokens:
    """The tokens of the sweep: right ones from the services' test key, and the ones an attacker has."""

    def __init__(self, factory: TokenFactory):
        self.factory = factory
        self._forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._elsewhere = copy.copy(factory)
        self._elsewhere.audience = "another-suite"

    def bearer(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def of(self, *roles: str, username: str = "tester", opd: str | None = None) -> dict[str, str]:
        return self.bearer(self.factory.token(*roles, username=username, opd=opd))

    def attacks(self, service: str, roles: tuple[str, ...] | None) -> dict[str, dict[str, str]]:
        """The headers a staff operation must refuse (401, or 403 for the wrong role), by name."""
        wanted = roles or ROLES[service]
        attacks = {
            "no token": {},
            "garbage token": self.bearer("not-a-jwt"),
            "forged token": self.bearer(self.factory.token(*wanted, key=self._forger)),
            "expired token": self.bearer(self.factory.token(*wanted, ttl=-120)),
            "wrong audience": self.bearer(self._elsewhere.token(*wanted)),
            "foreign role": self.of(FOREIGN_ROLE[service], username="orang.lain", opd="dinkes"),
        }
        if roles:
            inside = [r for r in ROLES[service] if r not in roles]
            if inside:
                attacks["wrong role"] = self.of(*inside, username="orang.lain", opd="dinkes")
        return attacks


@dataclasses.dataclass
class Service:
    name: str
    app: object
    client: object
    spec: Spec
    storage: Path
    tokens: Tokens
    ids: dict = dataclasses.field(default_factory=dict)  # path parameter values of the owner's records
    other_ids: dict = dataclasses.field(default_factory=dict)

    def operations(self) -> list[Operation]:
        found = []
        for path, item in self.spec.document["paths"].items():
            shared = item.get("parameters", [])
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                body = (op.get("requestBody") or {}).get("content", {}).get("application/json")
                found.append(
                    Operation(
                        service=self.name,
                        method=method,
                        path=path,
                        spec=op,
                        parameters=[
                            {**p, "schema": self.spec.resolve(p.get("schema"))}
                            for p in [*shared, *op.get("parameters", [])]
                        ],
                        body_schema=self.spec.resolve(body["schema"]) if body else None,
                        staff=bool(op.get("security")),
                        roles=self.view_roles(method, self.url(path, self.ids)),
                    )
                )
        return found

    def url(self, path: str, values: dict, **override) -> str:
        def fill(match):
            name = match.group(1)
            return str(override.get(name, values.get(name, 1)))

        return re.sub(r"{([^}]+)}", fill, path)

    def view_roles(self, method: str, url: str) -> tuple[str, ...] | None:
        try:
            endpoint, _ = self.app.url_map.bind("localhost").match(url, method.upper())
        except Exception:
            return None
        view = self.app.view_functions[endpoint]
        handler = getattr(getattr(view, "view_class", None), method, view)
        return getattr(handler, "_required_roles", None)

    def allowed(self, operation: Operation) -> dict[str, str]:
        """A caller the operation is for: the owner of the seeded records holding the roles it asks for."""
        username, opd = OWNER[self.name]
        return self.tokens.of(*(operation.roles or ROLES[self.name]), username=username, opd=opd)

    def other_tenant(self, role: str) -> tuple[str, dict[str, str]]:
        """(username, headers) of a caller with ``role`` from the other tenant (another outlet, another OPD)."""
        username, opd = OTHER[self.name]
        return username, self.tokens.of(role, username=username, opd=opd)

    def stored_files(self) -> list[Path]:
        return sorted(p for p in self.storage.rglob("*") if p.is_file())


def build(name: str, root: Path, factory: TokenFactory, **overrides) -> Service:
    """A service app by its own factory, on a fresh SQLite database and storage directory under ``root``."""
    package = importlib.import_module(name)
    settings_module = importlib.import_module(f"{name}.settings")
    root.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{root / (name + '.db')}"
    migrations.upgrade(package.MIGRATIONS, url)
    storage = root / "files"
    storage.mkdir(parents=True, exist_ok=True)
    settings = test_settings(settings_module.from_env, url, factory, storage_dir=str(storage), **overrides)
    app = package.create_app(settings)
    client = app.test_client()
    document = client.get(f"/api/{name}/openapi.json").json
    return Service(name, app, client, Spec(document), storage, Tokens(factory))


def seed(service: Service) -> Service:
    SEEDS[service.name](service)
    return service


def _ok(response, what: str):
    assert response.status_code < 300, f"seeding {what}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    return response.json


def _seed_ppid(service: Service) -> None:
    c, t = service.client, service.tokens
    officer = t.of("ppid:officer", username="petugas.ppid")
    request = {
        "name": "Siti Aminah",
        "nik": "7174014507900002",
        "address": "Jl. Adampe Dolot No. 5, Kotamobagu",
        "phone": "0812-3456-7890",
        "email": "siti@example.id",
        "occupation": "Wiraswasta",
        "information": "Salinan DPA Dinas Kesehatan tahun anggaran 2026",
        "purpose": "Kajian anggaran kesehatan oleh lembaga swadaya masyarakat",
        "obtain_method": "soft_copy",
        "delivery_method": "email",
    }
    mine = _ok(c.post("/api/ppid/requests", json=request), "a request")
    theirs = _ok(c.post("/api/ppid/requests", json={**request, "name": "Budi"}), "another request")
    for receipt, opd in ((mine, "dinkes"), (theirs, "dispar")):
        number = receipt["registration_number"]
        _ok(c.post(f"/api/ppid/requests/{number}/dispose", json={"opds": [opd]}, headers=officer), "a disposition")
    message = c.post(
        f"/api/ppid/requests/{mine['registration_number']}/messages",
        data={"body": "Mohon lengkapi", "file": (io.BytesIO(PDF), "surat.pdf")},
        headers=officer,
        content_type="multipart/form-data",
    )
    service.ids.update(
        number=mine["registration_number"],
        tracking_code=mine["tracking_code"],
        action="answer",
        opd="dinkes",
        message_id=(message.json or {}).get("id", 1) if message.status_code < 300 else 1,
        entry_id=1,
    )
    service.other_ids.update(number=theirs["registration_number"], tracking_code=theirs["tracking_code"])


def _seed_newsroom(service: Service) -> None:
    c, t = service.client, service.tokens
    owner = t.of("newsroom:contributor", username="humas.dinkes", opd="dinkes")
    release = {
        "type": "release",
        "title": "Dinas Kesehatan membuka layanan vaksinasi keliling",
        "body_html": "<p>Layanan vaksinasi keliling dimulai <strong>Senin</strong> di 12 kelurahan.</p>",
        "opd": "dinkes",
    }
    article = _ok(c.post("/api/newsroom/articles", json=release, headers=owner), "a draft")
    attachment = c.post(
        f"/api/newsroom/articles/{article['id']}/attachments",
        data={"file": (io.BytesIO(PDF), "lampiran.pdf")},
        headers=owner,
        content_type="multipart/form-data",
    )
    service.ids.update(
        article_id=article["id"],
        number=1,
        attachment_id=(attachment.json or {}).get("id", 1) if attachment.status_code < 300 else 1,
    )


def _seed_registry(service: Service) -> None:
    c, t = service.client, service.tokens
    verifier = t.of("registry:verifier", username="verifikator")
    approver = t.of("registry:approver", username="kadis")
    now = dt.datetime.now(dt.UTC)
    outlet = {
        "brand": "Totabuan News",
        "entity_type": "pt",
        "legal_name": "PT Totabuan Media Nusantara",
        "media_type": "online",
        "npwp": "01.234.567.8-901.000",
        "nib": "9120001234567",
        "address": "Jl. Adampe Dolot 7, Kotamobagu",
        "city": "Kotamobagu",
        "email": "redaksi@totabuan.example.id",
        "phone": "0434-21234",
        "website": "https://totabuan.example.id",
    }
    _ok(c.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier), "a type")
    period = {
        "fiscal_year": 2027,
        "name": "Kemitraan media 2027",
        "budget": 100_000_000,
        "opens_at": (now - dt.timedelta(days=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=10)).isoformat(),
        "requirements": [{"code": "akta"}],
    }
    period_id = _ok(c.post("/api/registry/periods", json=period, headers=verifier), "a period")["id"]
    owners = {}
    for username, brand, npwp in (
        ("mitra-a", "Totabuan News", "012345678901000"),
        ("mitra-b", "Bolmong Pos", "012345678901001"),
    ):
        partner = t.of("media:partner", username=username)
        made = _ok(
            c.post("/api/registry/outlets", json={**outlet, "brand": brand, "npwp": npwp}, headers=partner), "an outlet"
        )
        application = _ok(c.post("/api/registry/applications", json={"period_id": period_id}, headers=partner), "app")
        url = f"/api/registry/applications/{application['id']}"
        c.put(
            f"{url}/documents/akta",
            data={"file": (io.BytesIO(PDF), "akta.pdf")},
            headers=partner,
            content_type="multipart/form-data",
        )
        c.post(f"{url}/submit", headers=partner)
        review = {"documents": {"akta": {"accepted": True}}, "decision": "verify"}
        c.post(f"{url}/review", json=review, headers=verifier)
        journalist = c.post(
            f"/api/registry/outlets/{made['id']}/journalists",
            headers=partner,
            json={"name": "Rina", "nik": "7174010101800001", "role": "reporter"},
        )
        owners[username] = {
            "outlet_id": made["id"],
            "application_id": application["id"],
            "journalist_id": (journalist.json or {}).get("id", 1) if journalist.status_code < 300 else 1,
        }
    decree = {
        "period_id": period_id,
        "number": "SK-1",
        "signed_on": "2027-01-10",
        "application_ids": [owners["mitra-a"]["application_id"]],
    }
    made = c.post("/api/registry/decrees", json=decree, headers=approver)
    decree_id = (made.json or {}).get("id", 1) if made.status_code < 300 else 1
    contract = c.post(
        "/api/registry/contracts",
        headers=verifier,
        json={
            "application_id": owners["mitra-a"]["application_id"],
            "number": "K-1",
            "starts_on": "2027-02-01",
            "ends_on": "2027-12-31",
            "value": 5_000_000,
            "quota": 2,
            "rate": 2_000_000,
        },
    )
    contract_id = (contract.json or {}).get("id", 1) if contract.status_code < 300 else 1
    kim = c.post(
        "/api/registry/kim",
        headers=verifier,
        json={"region_code": "71.74.01", "name": "KIM Gogagoman", "chair": "Pak Ketua"},
    )
    service.ids.update(
        owners["mitra-a"],
        decree_id=decree_id,
        contract_id=contract_id,
        code="akta",
        action="submit",
        month="2027-02",
        proof_id=1,
        document_id=1,
        member_id=1,
        group_id=(kim.json or {}).get("id", 1) if kim.status_code < 300 else 1,
        activity_id=1,
        token="undangan-tidak-ada",
    )
    service.other_ids.update(owners["mitra-b"])


SEEDS = {"ppid": _seed_ppid, "newsroom": _seed_newsroom, "registry": _seed_registry}


@pytest.fixture(scope="session")
def sweep_tokens() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def service_of(tmp_path, sweep_tokens):
    """``service_of("ppid")`` -> a seeded ``Service``; its database and files are dropped with ``tmp_path``."""
    built = []

    def make(name: str, **overrides) -> Service:
        service = seed(build(name, tmp_path / f"{name}-{len(built)}", sweep_tokens, **overrides))
        built.append(service)
        return service

    yield make
    for service in built:
        service.app.extensions["suite"].db.dispose()


@pytest.fixture
def blank_service(tmp_path, sweep_tokens):
    """``blank_service("ppid")`` -> a ``Service`` without seeded data (for schemathesis)."""
    built = []

    def make(name: str) -> Service:
        service = build(name, tmp_path / f"{name}-{len(built)}", sweep_tokens)
        built.append(service)
        return service

    yield make
    for service in built:
        service.app.extensions["suite"].db.dispose()


@pytest.fixture(scope="session")
def helpers():
    """The module's helpers for the test files (they cannot import this conftest)."""
    return _Helpers


class _Helpers:
    example = staticmethod(example)
    fields_of = staticmethod(fields_of)
    with_value = staticmethod(with_value)
    types_of = staticmethod(types_of)
    nullable = staticmethod(nullable)
    Tally = Tally
    PROBLEM_JSON = PROBLEM_JSON
    PDF = PDF
    png = staticmethod(png)
    SERVICES = SERVICES
