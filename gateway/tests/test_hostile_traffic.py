"""Hostile traffic at the gateway: cross-site writes, headers and cookie, raw paths, the operator's endpoints, bad
bodies."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
import requests
from aiohttp import web

SUITE = "https://suite.pemda.go.id"


def recording_service():
    """A stand-in service that records what reached it and answers as gunicorn would name itself."""
    seen: list[str] = []

    async def record(request: web.Request):
        await request.read()
        seen.append(f"{request.method} {request.raw_path}")
        return web.json_response(
            {"authorization": request.headers.get("Authorization")},
            headers={"Server": "gunicorn/23.0.0", "X-Powered-By": "Flask"},
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    return app, seen


@pytest.fixture
def suite(loop, start_gateway, login):
    """A gateway for ``SUITE`` over two stand-in services, an officer's cookie and what reached the services."""
    app, seen = recording_service()
    service = loop.serve(app)
    base = start_gateway(ppid_url=service, newsroom_url=service, public_base_url=SUITE)
    token = login(base)["Authorization"].split()[1]
    return base, {"Cookie": f"suite_token={token}"}, seen


def raw_get(base: str, path: str) -> tuple[int, dict, bytes]:
    """A request with exactly this path (``requests`` would normalise the dot-segments away)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_cross_site_form_post_with_the_staff_cookie_is_refused(suite):
    base, cookie, seen = suite
    form = {**cookie, "Origin": "https://evil.example", "Accept": "text/html,*/*", "Sec-Fetch-Site": "cross-site"}
    note = requests.post(f"{base}/ppid/petugas/permohonan/1/note", data={"note": "x"}, headers=form)
    assert note.status_code == 403 and note.headers["Content-Type"].startswith("text/html")
    assert 'lang="id"' in note.text and "Permintaan ditolak" in note.text
    draft = requests.post(
        f"{base}/newsroom/konsol/berita", data={"title": "x"}, headers={**cookie, "Origin": "https://evil.example"}
    )
    assert draft.status_code == 403 and draft.headers["Content-Type"].startswith("application/problem+json")
    assert seen == [], "nothing reached a service"


def test_a_same_site_but_other_origin_is_refused(suite):
    base, cookie, seen = suite
    evil = {**cookie, "Origin": "https://evil.pemda.go.id", "Sec-Fetch-Site": "same-site"}
    assert requests.post(f"{base}/ppid/petugas/permohonan/1/note", data={}, headers=evil).status_code == 403
    no_fetch_metadata = {**cookie, "Origin": "https://evil.pemda.go.id"}
    assert requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=no_fetch_metadata).status_code == 403
    other_scheme = {**cookie, "Origin": "http://suite.pemda.go.id"}
    assert requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=other_scheme).status_code == 403
    lying = {**cookie, "Origin": SUITE, "Sec-Fetch-Site": "cross-site"}
    assert requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=lying).status_code == 403
    neither = requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=cookie)
    assert neither.status_code == 403, "a cookie write must say where it comes from"
    assert seen == []


def test_the_suites_own_pages_and_bearer_clients_still_write(suite, login):
    base, cookie, seen = suite
    own = {**cookie, "Origin": SUITE, "Sec-Fetch-Site": "same-origin"}
    answer = requests.post(f"{base}/ppid/petugas/permohonan/1/note", data={}, headers=own)
    assert answer.status_code == 200 and answer.json()["authorization"].startswith("Bearer ")
    by_referer = {**cookie, "Referer": f"{SUITE}/newsroom/konsol/berita/1"}
    assert requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=by_referer).status_code == 200
    typed_in = {**cookie, "Origin": SUITE.upper() + ":443", "Sec-Fetch-Site": "none"}
    assert requests.post(f"{base}/newsroom/konsol/berita", data={}, headers=typed_in).status_code == 200
    api = requests.post(f"{base}/api/ppid/requests", json={}, headers=login(base))
    assert api.status_code == 200, "a bearer client without the cookie needs no Origin"
    assert requests.post(f"{base}/api/ppid/requests", json={}).status_code == 200, "nor does an anonymous one"
    assert len(seen) == 5


def test_login_csrf_and_forced_logout_are_refused(suite, admin_password):
    base, cookie, _ = suite
    planted = requests.post(
        f"{base}/masuk",
        data={"username": "admin", "password": admin_password},
        headers={"Origin": "https://evil.pemda.go.id", "Accept": "text/html"},
        allow_redirects=False,
    )
    assert planted.status_code == 403 and "Set-Cookie" not in planted.headers
    signup = requests.post(f"{base}/daftar", data={"username": "x"}, headers={"Origin": "https://evil.example"})
    assert signup.status_code == 403
    logout = requests.post(
        f"{base}/keluar", headers={**cookie, "Origin": "https://evil.example"}, allow_redirects=False
    )
    assert logout.status_code == 403 and "Set-Cookie" not in logout.headers
    mine = requests.post(
        f"{base}/masuk",
        data={"username": "admin", "password": admin_password, "next": "/ppid/petugas"},
        headers={"Origin": SUITE},
        allow_redirects=False,
    )
    assert mine.status_code == 303
    assert (
        requests.post(f"{base}/keluar", headers={**cookie, "Origin": SUITE}, allow_redirects=False).status_code == 303
    )


def test_every_answer_carries_the_header_policy_and_server_says_only_suite(suite):
    base, cookie, _ = suite
    answers = {
        "login page": requests.get(f"{base}/masuk"),
        "problem": requests.get(f"{base}/api/keuangan/x"),
        "proxied": requests.get(f"{base}/api/ppid/requests"),
        "refused": requests.post(f"{base}/keluar", headers={"Origin": "https://evil.example"}),
        "jwks": requests.get(f"{base}/.well-known/jwks.json"),
    }
    for name, answer in answers.items():
        headers = answer.headers
        assert headers["Server"] == "suite", name
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Referrer-Policy"], name
        assert headers["Strict-Transport-Security"].startswith("max-age="), name
    assert "gunicorn" not in str(answers["proxied"].headers) and "aiohttp" not in str(answers["login page"].headers)


def test_the_session_cookie_is_secure_only_when_the_suite_is_served_over_https(
    loop, start_gateway, suite, admin_password
):
    base, _, _ = suite
    form = {"username": "admin", "password": admin_password}
    done = requests.post(f"{base}/masuk", data=form, headers={"Origin": SUITE}, allow_redirects=False)
    cookie = done.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    plain = start_gateway()
    spoofed = requests.post(
        f"{plain}/masuk", data=form, headers={"Origin": plain, "X-Forwarded-Proto": "https"}, allow_redirects=False
    )
    assert spoofed.status_code == 303 and "Secure" not in spoofed.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in spoofed.headers


def test_the_login_and_signup_pages_need_no_inline_style(start_gateway):
    base = start_gateway()
    for path in ("/masuk", "/daftar"):
        page = requests.get(f"{base}{path}").text
        assert "<style" not in page and " style=" not in page
        assert '<link rel="stylesheet" href="/static/gateway.css">' in page
    sheet = requests.get(f"{base}/static/gateway.css")
    assert sheet.status_code == 200 and sheet.headers["Content-Type"].startswith("text/css")
    assert "label{" in sheet.text


@pytest.mark.parametrize(
    "path",
    [
        "/ppid/%2e%2e/metrics",
        "/api/ppid/%2e%2e/%2e%2e/metrics",
        "/ppid/%2E%2E/healthz",
        "/ppid/.%2e/readyz",
        "/ppid/../metrics",
        "/ppid/./x",
        "/ppid/%252e%252e/metrics",
        "/api/ppid/a%2fb",
        "/api/ppid/a%2Fb",
        "/api/ppid/a%5cb",
        "/api/ppid/a\\b",
        "/api/ppid/a%00b",
    ],
)
def test_a_path_with_dot_segments_encoded_slashes_or_nul_is_refused_before_routing(suite, path):
    base, _, seen = suite
    status, headers, body = raw_get(base, path)
    assert status == 400, (path, status)
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == 400
    assert seen == [], "nothing reached a service"


def test_only_the_normalised_path_under_the_services_prefix_is_forwarded(suite):
    base, _, seen = suite
    assert raw_get(base, "/api/ppid//requests?a=1")[0] == 200
    assert raw_get(base, "/ppid/petugas/")[0] == 200
    assert seen == ["GET /api/ppid/requests?a=1", "GET /ppid/petugas/"]


def test_metrics_and_readiness_detail_are_for_the_operators_network_only(loop, start_gateway):
    app, _ = recording_service()
    service = loop.serve(app)
    upstreams = {"ppid_url": service, "newsroom_url": service, "registry_url": service}
    public = start_gateway(operator_networks=("10.0.0.0/8",), **upstreams)
    assert requests.get(f"{public}/metrics").status_code == 404
    ready = requests.get(f"{public}/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ready"}
    operator = start_gateway(**upstreams)
    assert b"gateway_upstream_duration_seconds" in requests.get(f"{operator}/metrics").content
    assert requests.get(f"{operator}/readyz").json()["checks"]["ppid"] == "ok"
    behind_proxy = {"X-Forwarded-For": "203.0.113.9"}
    proxied = start_gateway(trusted_proxies=("127.0.0.0/8",), **upstreams)
    assert requests.get(f"{proxied}/metrics", headers=behind_proxy).status_code == 404
    assert "checks" not in requests.get(f"{proxied}/readyz", headers=behind_proxy).json()


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/auth/signup"])
def test_json_nested_fifty_thousand_deep_is_a_400_problem(start_gateway, path):
    base = start_gateway()
    deep = "[" * 50_000 + "]" * 50_000
    answer = requests.post(f"{base}{path}", data=deep, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    plain = requests.post(f"{base}{path}", data=deep, headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415 and plain.headers["Content-Type"].startswith("application/problem+json")
    form = requests.post(f"{base}{path}", data={"username": "admin", "password": "x"})
    assert form.status_code == 415


def test_a_form_sent_to_the_address_the_browser_opened_is_its_own_origin(suite):
    """``make run`` says 127.0.0.1, a user types localhost: the address the request was sent to is the suite's too."""
    base, cookie, seen = suite
    opened = base.replace("127.0.0.1", "localhost")
    own = {**cookie, "Origin": opened, "Sec-Fetch-Site": "same-origin"}
    assert requests.post(f"{opened}/newsroom/konsol/berita", data={}, headers=own).status_code == 200
    other_port = {**cookie, "Origin": "http://localhost:1", "Sec-Fetch-Site": "same-site"}
    assert requests.post(f"{opened}/newsroom/konsol/berita", data={}, headers=other_port).status_code == 403
