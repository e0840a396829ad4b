"""The gateway as an attacker meets it: the real aiohttp app on a port of its own, in front of a real PPID app.

CSRF (cross-site writes with the session cookie, login CSRF, forced logout), rate limits with and without a token
and per account, path tricks that would reach a service's internal ``/metrics``, the operator-only endpoints,
sign-up answers that tell nothing, and the security headers and ``Secure`` cookie of an HTTPS deployment.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import re
import secrets
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa
from aiohttp import web

from chassis.testing import live_server

pytestmark = pytest.mark.security

ADMIN_PASSWORD = "admin-" + secrets.token_hex(8)
EVIL = "https://evil.pemda.go.id"
TIMEOUT = 60  # a loaded CI machine hashes 30 passwords at once slowly
PUBLIC_BURST = 10  # the default burst of public writes per client (RATE_LIMIT_BURST)


class Loop:
    """One asyncio loop in a thread serving the gateway."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runners: list[web.AppRunner] = []

    def call(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    def serve(self, app: web.Application, sock: socket.socket) -> None:
        """Serve ``app`` on a socket bound beforehand, so its port is known before the app is made."""

        async def start():
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.SockSite(runner, sock).start()
            return runner

        self.runners.append(self.call(start()))

    def close(self) -> None:
        for runner in reversed(self.runners):
            with contextlib.suppress(Exception):
                self.call(runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Gateway:
    def __init__(self, base: str, settings, ppid):
        self.base = base
        self.origin = base
        self.settings = settings
        self.ppid = ppid  # the Service behind it
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return self.base + path

    def post(self, path: str, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return requests.post(self.url(path), **kwargs)

    def get(self, path: str, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.url(path), **kwargs)

    def raw_get(self, path: str, headers: dict[str, str]) -> tuple[int, str]:
        """GET ``path`` byte for byte: HTTP clients such as requests remove dot segments before sending."""
        connection = http.client.HTTPConnection("127.0.0.1", int(self.base.rsplit(":", 1)[1]), timeout=TIMEOUT)
        try:
            connection.putrequest("GET", path, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            answer = connection.getresponse()
            return answer.status, answer.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def token(self, username: str = "admin", password: str = ADMIN_PASSWORD, **headers) -> dict[str, str]:
        answer = self.post("/api/auth/login", json={"username": username, "password": password}, headers=headers)
        assert answer.status_code == 200, answer.text
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def account(self, username: str, *roles: str, opd: str | None = None) -> str:
        """Create an account through the admin API (a bearer write: no cookie, no CSRF question); its password."""
        password = "pw-" + secrets.token_hex(8)
        body = {"username": username, "password": password, "roles": list(roles), **({"opd": opd} if opd else {})}
        made = self.post("/api/auth/accounts", json=body, headers=self.token(**self.forwarded("10.1.0.1")))
        assert made.status_code == 201, made.text
        return password

    def cookie(self, username: str, password: str) -> dict[str, str]:
        """Log in through the staff form, from the suite's own origin; the session cookie it set."""
        answer = self.post(
            "/masuk",
            data={"username": username, "password": password, "next": "/"},
            headers={"Origin": self.origin, **self.forwarded("10.1.0.2")},
        )
        assert answer.status_code == 303, answer.text
        return {"suite_token": answer.cookies["suite_token"]}

    @staticmethod
    def forwarded(address: str) -> dict[str, str]:
        """What the trusted ingress adds: the client's own address."""
        return {"X-Forwarded-For": address}

    def mails_to(self, address: str) -> int:
        engine = sa.create_engine(self.settings.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(
                    sa.text("SELECT count(*) FROM mail_outbox WHERE lower(to_address) = :a"), {"a": address.lower()}
                ).scalar_one()
        finally:
            engine.dispose()

    def mail_bodies(self, address: str) -> list[str]:
        engine = sa.create_engine(self.settings.database_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.text("SELECT body FROM mail_outbox WHERE lower(to_address) = :a ORDER BY id"),
                    {"a": address.lower()},
                )
                return [row[0] for row in rows]
        finally:
            engine.dispose()


def write_signing_key(factory, path) -> None:
    """The gateway signs with the sweep's test key, so the PPID app behind it and the seeded data accept its tokens."""
    from cryptography.hazmat.primitives import serialization

    path.parent.mkdir(parents=True, exist_ok=True)
    pem = factory._key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(pem)
    path.chmod(0o600)


@pytest.fixture
def start_gateway(tmp_path, service_of, sweep_tokens):
    """``start_gateway(**settings)`` -> a bootstrapped gateway before a live PPID app, trusting 127.0.0.0/8 as its
    ingress (so each test client may have an address of its own) and 10.9.0.0/16 as the operators' network."""
    from gateway.app import create_app
    from gateway.bootstrap import bootstrap
    from gateway.settings import from_env

    loop = Loop()
    servers = contextlib.ExitStack()

    def start(**overrides) -> Gateway:
        root = tmp_path / f"gateway-{len(loop.runners)}"
        root.mkdir()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        values = {
            "database_url": f"sqlite:///{root / 'gateway.db'}",
            "jwt_private_key_file": str(root / "keys" / "jwt-private.pem"),
            "suite_bootstrap_admin_password": ADMIN_PASSWORD,
            "log_json": False,
            "public_base_url": f"http://127.0.0.1:{port}",
            "trusted_proxies": ("127.0.0.0/8",),
            "operator_networks": ("10.9.0.0/16",),
            "upstream_connect_timeout": 2.0,
            "upstream_timeout": 10.0,
            "registry_url": "http://127.0.0.1:9",
            "newsroom_url": "http://127.0.0.1:9",
            **overrides,
        }
        write_signing_key(sweep_tokens, root / "keys" / "jwt-private.pem")
        bootstrap(from_env(**values))
        ppid = service_of("ppid")
        ppid_url = servers.enter_context(live_server(ppid.app))
        settings = from_env(**{**values, "ppid_url": ppid_url})
        loop.serve(create_app(settings), sock)
        return Gateway(f"http://127.0.0.1:{port}", settings, ppid)

    try:
        yield start
    finally:
        loop.close()
        servers.close()


@pytest.fixture
def gateway(start_gateway):
    return start_gateway()


def at_once(attempt, count: int) -> list:
    """``count`` attempts sent together, as a script would: the limits must hold however fast they come."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(attempt, range(count)))


def statuses(answers) -> list[int]:
    return [a.status_code for a in answers]


def test_a_cross_site_post_with_the_staff_cookie_is_refused_and_a_same_origin_one_is_not(gateway):
    password = gateway.account("petugas.ppid", "ppid:officer")
    cookie = gateway.cookie("petugas.ppid", password)
    number = gateway.ppid.ids["number"]
    note = f"/ppid/petugas/permohonan/{number}/note"
    form = {"note": "Catatan dari situs lain", "body": "Catatan dari situs lain", "text": "Catatan"}
    for headers in (
        {"Origin": EVIL},
        {"Origin": EVIL, "Sec-Fetch-Site": "same-site"},
        {"Referer": EVIL + "/formulir"},
        {},
        {"Origin": "null"},
        {"Origin": gateway.origin, "Sec-Fetch-Site": "cross-site"},
    ):
        refused = gateway.post(note, data=form, cookies=cookie, headers=headers)
        assert refused.status_code == 403, (headers, refused.status_code, refused.text[:200])
    api = gateway.post("/api/ppid/requests", json={}, cookies=cookie, headers={"Origin": EVIL})
    assert api.status_code == 403, api.text[:200]
    allowed = gateway.post(note, data=form, cookies=cookie, headers={"Origin": gateway.origin})
    assert allowed.status_code != 403 and allowed.status_code < 500, allowed.text[:200]


def test_login_csrf_on_masuk_and_forced_logout_on_keluar_are_refused(gateway):
    password = gateway.account("petugas.ppid", "ppid:officer")
    forged = gateway.post(
        "/masuk", data={"username": "petugas.ppid", "password": password, "next": "/"}, headers={"Origin": EVIL}
    )
    assert forged.status_code == 403 and "suite_token" not in forged.cookies
    cookie = gateway.cookie("petugas.ppid", password)
    logout = gateway.post("/keluar", cookies=cookie, headers={"Origin": EVIL})
    assert logout.status_code == 403
    assert "suite_token" not in logout.headers.get("Set-Cookie", "")
    own = gateway.post("/keluar", cookies=cookie, headers={"Origin": gateway.origin})
    assert own.status_code == 303 and "suite_token" in own.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("path", ["/api/auth/login", "/masuk"])
def test_thirty_wrong_logins_from_one_client_get_429_with_and_without_a_valid_token(path, gateway):
    password = gateway.account("mitra.media", "media:partner")
    token = gateway.token("mitra.media", password, **gateway.forwarded("10.2.0.1"))
    for headers in ({}, token):
        client = {**headers, **gateway.forwarded(f"198.51.100.{1 if headers else 2}"), "Origin": gateway.origin}

        def attempt(n, client=client):
            body = {"username": f"korban{n}", "password": "salah-sekali"}
            if path.startswith("/api"):
                return gateway.post(path, json=body, headers=client)
            return gateway.post(path, data=body, headers=client)

        answers = at_once(attempt, 30)
        assert 429 in statuses(answers), (bool(headers), statuses(answers))
        assert all(s in (401, 403, 429) for s in statuses(answers)), statuses(answers)


def test_a_spoofed_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(start_gateway):
    gateway = start_gateway(trusted_proxies=())
    answers = at_once(
        lambda n: gateway.post(
            "/api/auth/login",
            json={"username": f"orang{n}", "password": f"salah-{n}"},
            headers=gateway.forwarded(f"203.0.113.{n}"),
        ),
        30,
    )
    assert 429 in statuses(answers), statuses(answers)


def test_failed_logins_on_one_account_from_many_addresses_lock_it(gateway):
    password = gateway.account("petugas.kunci", "ppid:officer")
    answers = [
        gateway.post(
            "/api/auth/login",
            json={"username": "petugas.kunci", "password": f"tebak-{n}"},
            headers=gateway.forwarded(f"192.0.2.{n + 1}"),
        )
        for n in range(30)
    ]
    assert all(s in (401, 423, 429) for s in statuses(answers)), statuses(answers)
    assert set(statuses(answers)[-5:]) & {423, 429}, f"the account is never locked: {statuses(answers)}"
    right = gateway.post(
        "/api/auth/login",
        json={"username": "petugas.kunci", "password": password},
        headers=gateway.forwarded("192.0.2.200"),
    )
    assert right.status_code in (423, 429), "a locked account still logs in with the right password"


def confirmed_partner(gateway, username: str, email: str) -> str:
    password = "sandi-" + secrets.token_hex(8)
    made = gateway.post(
        "/api/auth/signup",
        json={"username": username, "email": email, "password": password},
        headers=gateway.forwarded("10.3.0.1"),
    )
    assert made.status_code in (200, 201, 202), made.text
    link = next(re.search(r"https?://\S*/daftar/konfirmasi\?token=\S+", body) for body in gateway.mail_bodies(email))
    path = "/" + link.group(0).split("/", 3)[3]
    assert gateway.get(path).status_code == 200
    return password


def test_password_reset_mails_to_one_address_are_limited(gateway):
    confirmed_partner(gateway, "mitra.reset", "redaksi@reset.example.id")
    before = gateway.mails_to("redaksi@reset.example.id")
    answers = [
        gateway.post(
            "/api/auth/password-reset",
            json={"email": "redaksi@reset.example.id"},
            headers=gateway.forwarded(f"198.18.0.{n + 1}"),
        )
        for n in range(20)
    ]
    assert all(s in (200, 202, 429) for s in statuses(answers)), statuses(answers)
    queued = gateway.mails_to("redaksi@reset.example.id") - before
    assert 1 <= queued <= 5, f"{queued} reset mails queued to one address for 20 requests"


def test_ppid_public_requests_with_a_partner_cookie_are_rate_limited(gateway):
    """The cookie once switched the limits off (40 x 201): now a partner files no more than anyone may in a burst."""
    password = gateway.account("mitra.ppid", "media:partner")
    cookie = gateway.cookie("mitra.ppid", password)
    body = {
        "name": "Mitra",
        "nik": "7174014507900002",
        "address": "Jl. Adampe Dolot No. 5",
        "occupation": "Wartawan",
        "information": "Salinan DPA Dinas Kesehatan",
        "purpose": "Bahan liputan",
        "obtain_method": "soft_copy",
        "delivery_method": "email",
        "email": "mitra@example.id",
    }
    answers = [
        gateway.post("/api/ppid/requests", json=body, cookies=cookie, headers={"Origin": gateway.origin})
        for _ in range(40)
    ]
    assert all(s in (201, 403, 429) for s in statuses(answers)), statuses(answers)
    assert statuses(answers).count(201) <= PUBLIC_BURST, f"a partner's cookie filed {statuses(answers).count(201)}"


# Dot segments, encoded slashes and backslashes that a naive router passes on and the service then resolves.
HOSTILE_PATHS = [
    "/ppid/%2e%2e/metrics",
    "/api/ppid/%2e%2e/%2e%2e/metrics",
    "/api/ppid/%2E%2E/%2E%2E/metrics",
    "/ppid/..%2fmetrics",
    "/ppid/%2e%2e%2fmetrics",
    "/api/ppid/..%2f..%2fmetrics",
    "/ppid/..%5cmetrics",
    "/api/ppid/%2e%2e%5c%2e%2e%5cmetrics",
    "/ppid/./../metrics",
    "/ppid//../metrics",
    "/ppid/%252e%252e/metrics",
]


def test_dot_segments_and_encoded_slashes_never_reach_a_services_metrics(gateway):
    assert gateway.raw_get("/api/ppid/dip", {})[0] == 200, "the gateway does not reach PPID at all"
    reached = {}
    for path in HOSTILE_PATHS:
        status, text = gateway.raw_get(path, gateway.forwarded("203.0.113.9"))
        if "# TYPE" in text or "# HELP" in text or status not in (400, 404):
            reached[path] = status
    assert not reached, f"answered other than 400/404 (or with metrics): {reached}"


def test_the_gateways_metrics_and_readiness_detail_are_for_the_operators_network_only(gateway):
    public = gateway.get("/metrics", headers=gateway.forwarded("203.0.113.10"))
    assert public.status_code in (403, 404) and "# TYPE" not in public.text
    operator = gateway.get("/metrics", headers=gateway.forwarded("10.9.0.7"))
    assert operator.status_code == 200 and "# TYPE" in operator.text
    ready = gateway.get("/readyz", headers=gateway.forwarded("203.0.113.10"))
    assert "ppid" not in ready.text and "database" not in ready.text, ready.text[:300]


def test_signup_answers_the_same_for_a_taken_and_a_free_username_or_email(gateway):
    confirmed_partner(gateway, "mitra.ada", "redaksi@ada.example.id")

    def signup(username, email, n):
        return gateway.post(
            "/api/auth/signup",
            headers=gateway.forwarded(f"198.19.0.{n}"),
            json={"username": username, "email": email, "password": "sandi-rahasia-123"},
        )

    free = signup("mitra.baru", "redaksi@baru.example.id", 1)
    taken_name = signup("mitra.ada", "lain@lain.example.id", 2)
    taken_mail = signup("mitra.lain", "redaksi@ada.example.id", 3)
    assert free.status_code in (200, 201, 202), free.text
    for answer in (taken_name, taken_mail):
        assert answer.status_code == free.status_code, answer.text
        assert sorted(answer.json()) == sorted(free.json()), answer.text
        assert "dipakai" not in answer.text.lower()


def security_header_problems(answer) -> list[str]:
    found = []
    csp = answer.headers.get("Content-Security-Policy", "")
    if not csp or re.search(r"https?:|\*|//", csp):
        found.append(f"CSP {csp!r}")
    if answer.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        found.append("no nosniff")
    if answer.headers.get("X-Frame-Options", "").upper() not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in csp:
        found.append("framing allowed")
    if not answer.headers.get("Referrer-Policy"):
        found.append("no Referrer-Policy")
    if re.search(r"\d|/", answer.headers.get("Server", "")):
        found.append(f"Server {answer.headers['Server']!r}")
    return found


def test_an_https_deployment_sets_hsts_security_headers_and_a_secure_cookie(start_gateway):
    gateway = start_gateway(public_base_url="https://diskominfo.example.go.id")
    gateway.origin = "https://diskominfo.example.go.id"
    password = gateway.account("petugas.https", "ppid:officer")
    login = gateway.post(
        "/masuk",
        data={"username": "petugas.https", "password": password, "next": "/"},
        headers={"Origin": gateway.origin, **gateway.forwarded("10.4.0.1")},
    )
    assert login.status_code == 303, login.text[:300]
    cookie = login.headers.get("Set-Cookie", "")
    assert "suite_token=" in cookie and re.search(r";\s*secure", cookie, re.I), cookie
    assert re.search(r"httponly", cookie, re.I) and re.search(r"samesite=strict", cookie, re.I), cookie
    problems = {}
    for path in (
        "/masuk",
        "/daftar",
        "/api/docs",
        "/healthz",
        "/tidak-ada",
        "/api/ppid/dip",
        "/ppid/",
        "/.well-known/jwks.json",
    ):
        answer = gateway.get(path, headers=gateway.forwarded("203.0.113.20"))
        if "max-age=" not in answer.headers.get("Strict-Transport-Security", ""):
            problems.setdefault(path, []).append("no HSTS")
        problems.setdefault(path, []).extend(security_header_problems(answer))
    answer = gateway.post("/api/auth/login", json={"username": "x", "password": "y"})
    problems["POST /api/auth/login"] = security_header_problems(answer)
    assert not {k: v for k, v in problems.items() if v}, problems


def test_the_gateways_own_bad_json_is_a_problem_not_a_server_error(gateway):
    deep = "[" * 50_000 + "]" * 50_000
    for path in ("/api/auth/login", "/api/auth/signup", "/api/auth/password-reset"):
        for kind in ("application/json", "text/plain"):
            answer = gateway.post(path, data=deep, headers={"Content-Type": kind, **gateway.forwarded("10.5.0.1")})
            assert 400 <= answer.status_code < 500, (path, kind, answer.status_code)
            assert answer.headers.get("Content-Type", "").startswith("application/problem+json"), (path, kind)
