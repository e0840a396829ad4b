"""The sweep: every operation of every service's OpenAPI document, tried as an attacker would, in-process.

Each service is built by its own factory on SQLite with two tenants' data. For every operation: the tokens an
attacker has (none, forged, expired, another audience, a role with no business there) are refused with 401/403
before any validation; hostile bodies (JSON 50,000 deep, integers beyond 64 bits, 1 MB strings, wrong types,
nulls, unknown fields) get a 4xx problem+json; the other tenant's ids answer 404/403; and every answer carries the
browser security headers (checked on every answer of every part). Each test prints one line (``-s``): operations
swept, requests sent, answers by status.
"""

from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.security

HUGE = (2**63, -(2**63) - 1)
MEGABYTE = "x" * (1024 * 1024)
DEEP = b'{"a":' + b"[" * 50_000 + b"]" * 50_000 + b"}"
UNKNOWN_FIELD = "kolom_tak_dikenal"
# The path parameters that name one tenant's records: another outlet / OPD must not reach them.
TENANT_PARAMS = {
    "ppid": {"number", "message_id", "opd"},
    "newsroom": {"article_id", "attachment_id"},
    "registry": {"outlet_id", "application_id", "journalist_id", "contract_id", "member_id", "document_id"},
}
TENANT_ROLE = {"ppid": "ppid:opd_officer", "newsroom": "newsroom:contributor", "registry": "media:partner"}
# A CSP source that names nothing outside the suite itself.
OWN_SOURCES = re.compile(
    r"^('self'|'none'|'unsafe-inline'|'strict-dynamic'|'nonce-[^']+'|'sha(256|384|512)-[^']+'|"
    r"data:|blob:)$"
)
TOTAL = {}
IMAGE_UPLOADS = {"images", "capture", "activities"}
# The form fields each upload takes besides its file, by the last segment of its path.
FORM_FIELDS = {
    "images": {"alt": "Petugas vaksinasi"},
    "capture": {"alt": "Tangkapan layar"},
    "attachments": {"label": "Lampiran"},
    "messages": {"body": "Mohon lengkapi"},
    "activities": {"title": "Kegiatan", "held_on": "2027-02-01"},
}


@pytest.fixture(scope="module", autouse=True)
def overall(helpers):
    """One line for the whole sweep at the end of the module (``-s``)."""
    yield
    if TOTAL:
        tally = helpers.Tally("total")
        for part in TOTAL.values():
            tally.operations |= {f"{part.name.split()[0]} {op}" for op in part.operations}
            tally.requests += part.requests
            tally.statuses.update(part.statuses)
            tally.findings += part.findings
        print("\n" + tally.summary())


def call(service, tally, operation, url, *, headers=None, json=None, data=None, content_type=None, query=None):
    """Send one request to the service in-process and count its answer."""
    kwargs = {"headers": headers or {}, "query_string": query or {}}
    if data is not None:
        kwargs.update(data=data, content_type=content_type or "application/json")
    elif json is not None:
        kwargs["json"] = json
    response = service.client.open(url, method=operation.method.upper(), **kwargs)
    tally.count(operation, response.status_code)
    tally.findings += header_findings(response, f"{operation} ({response.status_code})")
    return response


def is_problem(response) -> bool:
    return response.mimetype == "application/problem+json"


def describe(operation, what: str, response) -> str:
    text = response.get_data(as_text=True)[:160].replace("\n", " ")
    return f"{operation} [{what}] -> {response.status_code} {response.mimetype}: {text}"


def wrong_type(schema: dict, helpers):
    kinds = helpers.types_of(schema) - {"null"}
    if kinds & {"integer", "number"}:
        return "bukan-angka"
    if "boolean" in kinds:
        return "mungkin"
    if "array" in kinds:
        return "bukan-daftar"
    if "object" in kinds:
        return "bukan-objek"
    return 12345  # a number where a string is wanted (registration_number, a title, a code)


def invalid_query(operation, helpers) -> dict:
    """A value of the wrong type for every query parameter, to show validation does not run before auth."""
    query = {}
    for parameter in operation.query_params():
        kinds = helpers.types_of(parameter["schema"])
        query[parameter["name"]] = "bukan-angka" if kinds & {"integer", "number", "boolean"} else "x" * 5000
    return query


def invalid_body(operation, helpers):
    if operation.body_schema is None:
        return None
    return {
        path[0]: wrong_type(schema, helpers)
        for path, schema in helpers.fields_of(operation.body_schema)
        if len(path) == 1
    } or {UNKNOWN_FIELD: 1}


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_staff_operations_refuse_missing_forged_expired_foreign_and_wrong_role_tokens_before_validation(
    name, service_of, helpers
):
    service = service_of(name)
    tally = TOTAL[f"{name} auth"] = helpers.Tally(f"{name} auth")
    for operation in service.operations():
        url = service.url(operation.path, service.ids)
        for attack, headers in service.tokens.attacks(name, operation.roles).items():
            response = call(
                service,
                tally,
                operation,
                url,
                headers=headers,
                json=invalid_body(operation, helpers),
                query=invalid_query(operation, helpers),
            )
            status = response.status_code
            if not operation.staff:
                if status >= 500 or (status >= 400 and not is_problem(response)):
                    tally.findings.append(describe(operation, f"public, {attack}", response))
                continue
            expected = 403 if attack in ("foreign role", "wrong role") else 401
            if status != expected or not is_problem(response):
                tally.findings.append(describe(operation, f"{attack}, wants {expected}", response))
    print("\n" + tally.summary())
    assert tally.operations, "the OpenAPI document lists no operation"
    assert not tally.findings, f"{len(tally.findings)} refusals wrong:\n" + "\n".join(tally.findings[:40])


def hostile_bodies(operation, helpers):
    """(what, json, raw bytes) of every hostile body for a JSON operation: each on top of a plausible valid body."""
    base = helpers.example(operation.body_schema)
    yield "JSON nested 50,000 deep", None, DEEP
    yield "unknown field", {**base, UNKNOWN_FIELD: "x"} if isinstance(base, dict) else {UNKNOWN_FIELD: "x"}, None
    for path, schema in helpers.fields_of(operation.body_schema):
        field = ".".join(map(str, path))
        kinds = helpers.types_of(schema)
        if "integer" in kinds:
            for value in HUGE:
                yield f"{field}={value}", helpers.with_value(base, path, value), None
        if "string" in kinds and not schema.get("enum") and not schema.get("format"):
            yield f"{field}=1 MB string", helpers.with_value(base, path, MEGABYTE), None
        yield f"{field} of the wrong type", helpers.with_value(base, path, wrong_type(schema, helpers)), None
        if not helpers.nullable(schema):
            yield f"{field}=null", helpers.with_value(base, path, None), None


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_hostile_bodies_and_ids_get_a_problem_json_4xx_never_a_server_error(name, service_of, helpers):
    service = service_of(name)
    tally = TOTAL[f"{name} hostile"] = helpers.Tally(f"{name} hostile")
    for operation in service.operations():
        headers = service.allowed(operation) if operation.staff else {}
        url = service.url(operation.path, service.ids)
        if operation.body_schema is not None:
            for what, body, raw in hostile_bodies(operation, helpers):
                response = call(service, tally, operation, url, headers=headers, json=body, data=raw)
                if not 400 <= response.status_code < 500 or not is_problem(response):
                    tally.findings.append(describe(operation, what, response))
        body = helpers.example(operation.body_schema) if operation.body_schema else None
        for parameter in operation.path_params():
            if "integer" not in helpers.types_of(parameter["schema"]):
                continue
            for value in HUGE:
                hostile = service.url(operation.path, service.ids, **{parameter["name"]: value})
                response = call(service, tally, operation, hostile, headers=headers, json=body)
                if not 400 <= response.status_code < 500 or not is_problem(response):
                    tally.findings.append(describe(operation, f"path {parameter['name']}={value}", response))
        for parameter in operation.query_params():
            if "integer" not in helpers.types_of(parameter["schema"]):
                continue
            for value in (*HUGE, 0, 10_000):
                response = call(
                    service, tally, operation, url, headers=headers, json=body, query={parameter["name"]: value}
                )
                if response.status_code >= 500 or (response.status_code >= 400 and not is_problem(response)):
                    tally.findings.append(describe(operation, f"query {parameter['name']}={value}", response))
    print("\n" + tally.summary())
    assert tally.statuses, "nothing was sent"
    assert not tally.findings, f"{len(tally.findings)} hostile inputs not refused:\n" + "\n".join(tally.findings[:40])


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_another_outlet_or_opd_gets_not_found_or_forbidden_for_the_others_records(name, service_of, helpers):
    service = service_of(name)
    tally = TOTAL[f"{name} tenants"] = helpers.Tally(f"{name} tenants")
    username, other = service.other_tenant(TENANT_ROLE[name])
    swept = 0
    for operation in service.operations():
        names = {p["name"] for p in operation.path_params()}
        if not names & TENANT_PARAMS[name]:
            continue
        if operation.roles is not None and TENANT_ROLE[name] not in operation.roles:
            continue  # the tenant role is refused there outright (the auth test covers it)
        swept += 1
        url = service.url(operation.path, service.ids)
        body = helpers.example(operation.body_schema) if operation.body_schema else None
        data = None
        if "/track/" in operation.path:
            # A requester proves who they are by their own number and tracking code, not by a token.
            body = {
                "registration_number": service.other_ids["number"],
                "tracking_code": service.other_ids["tracking_code"],
            }
        elif operation.method in ("post", "put") and body is None:
            last = operation.path.rsplit("/")[-1]
            image = last in IMAGE_UPLOADS
            upload = (io.BytesIO(helpers.png()), "foto.png") if image else (io.BytesIO(helpers.PDF), "dokumen.pdf")
            data = {"file": upload, **FORM_FIELDS.get(last, {})}
        response = (
            service.client.open(
                url, method=operation.method.upper(), headers=other, data=data, content_type="multipart/form-data"
            )
            if data is not None
            else call(
                service, tally, operation, url, headers=other, json=body, query=required_query(operation, helpers)
            )
        )
        if data is not None:
            tally.count(operation, response.status_code)
            tally.findings += header_findings(response, f"{operation} ({response.status_code})")
        if response.status_code not in (403, 404) and not same_as_for_nobody(service, operation, other, body, response):
            tally.findings.append(describe(operation, f"as {username}", response))
    print("\n" + tally.summary())
    assert swept, "no operation names a tenant's record"
    assert not tally.findings, f"{len(tally.findings)} reached the other's records:\n" + "\n".join(tally.findings[:40])


def required_query(operation, helpers) -> dict:
    return {p["name"]: helpers.example(p["schema"], p["name"]) for p in operation.query_params() if p.get("required")}


def same_as_for_nobody(service, operation, headers, body, response) -> bool:
    """A refusal of the body itself (422) leaks nothing when a record that does not exist gets the very same."""
    if response.status_code != 422 or body is None:
        return False
    missing = service.url(
        operation.path,
        service.ids,
        **{p["name"]: 999_999 for p in operation.path_params() if p["name"] in TENANT_PARAMS[service.name]},
    )
    nobody = service.client.open(missing, method=operation.method.upper(), headers=headers, json=body)
    return nobody.status_code == 422 and nobody.json.get("errors") == response.json.get("errors")


def test_the_seeded_records_are_the_owners_so_the_tenant_sweep_means_something(service_of):
    """The other tenant's 404s above count only if the owner reaches the same records."""
    ppid, newsroom = service_of("ppid"), service_of("newsroom")
    owner = ppid.tokens.of("ppid:opd_officer", username="pelaksana.dinkes", opd="dinkes")
    assert ppid.client.get(f"/api/ppid/requests/{ppid.ids['number']}", headers=owner).status_code == 200
    contributor = newsroom.tokens.of("newsroom:contributor", username="humas.dinkes", opd="dinkes")
    revisions = f"/api/newsroom/articles/{newsroom.ids['article_id']}/revisions"
    assert newsroom.client.get(revisions, headers=contributor).status_code == 200


def test_the_registry_seed_belongs_to_its_outlet(service_of):
    registry = service_of("registry")
    owner = registry.tokens.of("media:partner", username="mitra-a")
    assert registry.client.get(f"/api/registry/outlets/{registry.ids['outlet_id']}", headers=owner).status_code == 200
    assert (
        registry.client.get(
            f"/api/registry/contracts/{registry.ids['contract_id']}/summary.pdf", headers=owner
        ).status_code
        == 200
    )


def header_findings(response, what: str) -> list[str]:
    """One line naming every header rule the answer breaks (none when it keeps them all)."""
    found = missing_headers(response)
    return [f"{what}: {'; '.join(found)}"] if found else []


def missing_headers(response) -> list[str]:
    found = []
    csp = response.headers.get("Content-Security-Policy", "")
    if not csp:
        found.append("no Content-Security-Policy")
    for directive in filter(None, (d.strip() for d in csp.split(";"))):
        name, *sources = directive.split()
        strangers = [s for s in sources if not OWN_SOURCES.match(s)]
        if strangers and name not in ("report-uri", "report-to"):
            found.append(f"CSP {name} allows {strangers}")
    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        found.append("no X-Content-Type-Options: nosniff")
    framing = response.headers.get("X-Frame-Options", "").upper() in ("DENY", "SAMEORIGIN")
    if not framing and "frame-ancestors" not in csp:
        found.append("neither X-Frame-Options nor frame-ancestors")
    if not response.headers.get("Referrer-Policy"):
        found.append("no Referrer-Policy")
    server = response.headers.get("Server", "")
    if re.search(r"\d|/", server):
        found.append(f"Server names a version ({server})")
    return found


@pytest.mark.parametrize("name", ["ppid", "newsroom", "registry"])
def test_every_answer_carries_csp_nosniff_framing_and_referrer_policy_and_no_server_version(name, service_of, helpers):
    service = service_of(name)
    tally = TOTAL[f"{name} headers"] = helpers.Tally(f"{name} headers")
    for operation in service.operations():
        url = service.url(operation.path, service.ids)
        body = helpers.example(operation.body_schema) if operation.body_schema else None
        for headers in ({}, service.allowed(operation)):
            call(service, tally, operation, url, headers=headers, json=body)
    for path in (
        f"/api/{name}/openapi.json",
        f"/api/{name}/docs",
        "/healthz",
        f"/api/{name}/tidak-ada",
        f"/{name}/",
        f"/{name}/tidak-ada",
    ):
        response = service.client.get(path)
        tally.count(f"GET {path}", response.status_code)
        tally.findings += header_findings(response, f"GET {path} ({response.status_code})")
    print("\n" + tally.summary())
    assert not tally.findings, f"{len(tally.findings)} answers lack headers:\n" + "\n".join(tally.findings[:40])
