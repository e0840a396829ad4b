"""Routing to services: headers, streaming, failures as problem+json, aggregated readiness."""

from __future__ import annotations

import asyncio
import hashlib
import time

import requests
from aiohttp import web

from chassis.testing import free_port


def echo_service() -> web.Application:
    """A stand-in for a service: echoes what it got; streams, sleeps or fails on request."""

    async def echo(request: web.Request):
        body = await request.read()
        return web.json_response(
            {
                "method": request.method,
                "path": request.path_qs,
                "headers": dict(request.headers),
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
            }
        )

    async def big(request: web.Request):
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        await response.prepare(request)
        for i in range(40):
            await response.write(bytes([i % 256]) * 65536)
        await response.write_eof()
        return response

    async def slow(request: web.Request):
        await asyncio.sleep(10)
        return web.json_response({})

    async def ready(request: web.Request):
        return web.json_response({"status": "ready"})

    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_get("/readyz", ready)
    app.router.add_get("/api/newsroom/big", big)
    app.router.add_get("/api/newsroom/slow", slow)
    app.router.add_route("*", "/{tail:.*}", echo)
    return app


def test_requests_reach_the_service_with_request_id_and_forwarded_headers(loop, start_gateway):
    service = loop.serve(echo_service())
    base = start_gateway(newsroom_url=service)
    response = requests.get(f"{base}/api/newsroom/articles?type=release&after=5", headers={"X-Request-ID": "abc123"})
    assert response.status_code == 200
    seen = response.json()
    assert seen["path"] == "/api/newsroom/articles?type=release&after=5"
    assert seen["headers"]["X-Request-ID"] == "abc123"
    assert response.headers["X-Request-ID"] == "abc123"
    assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert seen["headers"]["X-Forwarded-Proto"] == "http"
    assert seen["headers"]["X-Forwarded-Host"] == base.removeprefix("http://")
    generated = requests.get(f"{base}/newsroom/berita").headers["X-Request-ID"]
    assert len(generated) >= 16


def test_large_bodies_stream_both_ways_intact(loop, start_gateway):
    service = loop.serve(echo_service())
    base = start_gateway(newsroom_url=service)
    payload = bytes(range(256)) * 40_000  # about 10 MB
    up = requests.post(
        f"{base}/api/newsroom/upload", data=payload, headers={"Authorization": "Bearer x", "Content-Type": "x/y"}
    )
    assert up.status_code == 200
    assert up.json()["size"] == len(payload)
    assert up.json()["sha256"] == hashlib.sha256(payload).hexdigest()
    down = requests.get(f"{base}/api/newsroom/big", stream=True)
    received = b"".join(down.iter_content(65536))
    assert len(received) == 40 * 65536
    assert received[65536 * 3] == 3


def test_a_service_that_is_down_answers_503_problem_within_the_timeout(start_gateway):
    closed = f"http://127.0.0.1:{free_port()}"
    base = start_gateway(ppid_url=closed, upstream_connect_timeout=1.0)
    started = time.monotonic()
    response = requests.post(f"{base}/api/ppid/requests", json={"name": "x"}, timeout=10)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 503 and body["service"] == "ppid"
    assert response.headers["Retry-After"]
    assert elapsed < 2


def test_a_slow_service_answers_504_problem_at_the_timeout(loop, start_gateway):
    service = loop.serve(echo_service())
    base = start_gateway(newsroom_url=service, upstream_timeout=0.5)
    started = time.monotonic()
    response = requests.get(f"{base}/api/newsroom/slow", timeout=10)
    assert response.status_code == 504
    assert response.json()["service"] == "newsroom"
    assert 0.4 < time.monotonic() - started < 3


def test_unknown_prefix_is_404_problem(start_gateway):
    response = requests.get(f"{start_gateway()}/api/keuangan/x")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/problem+json")


def test_readiness_names_the_service_that_is_not_ready(loop, start_gateway, login, admin_password):
    service = loop.serve(echo_service())
    base = start_gateway(newsroom_url=service, registry_url=service, ppid_url=f"http://127.0.0.1:{free_port()}")
    response = requests.get(f"{base}/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["newsroom"] == "ok" and checks["registry"] == "ok" and checks["database"] == "ok"
    assert checks["ppid"].startswith("error")
    healthy = start_gateway(newsroom_url=service, registry_url=service, ppid_url=service)
    assert requests.get(f"{healthy}/readyz").status_code == 200
    assert requests.get(f"{healthy}/healthz").json()["status"] == "ok"
    assert b"gateway_upstream_duration_seconds" in requests.get(f"{healthy}/metrics").content
    login(healthy)


def test_staff_log_in_on_a_page_and_the_cookie_reaches_services_as_a_bearer_token(loop, start_gateway, admin_password):
    service = loop.serve(echo_service())
    base = start_gateway(ppid_url=service)
    session = requests.Session()
    session.headers["Origin"] = base  # a browser sends it with every form it posts
    page = session.get(f"{base}/masuk?next=/ppid/petugas")
    assert page.status_code == 200 and 'lang="id"' in page.text and 'value="/ppid/petugas"' in page.text
    wrong = session.post(f"{base}/masuk", data={"username": "admin", "password": "salah", "next": "/ppid/petugas"})
    assert wrong.status_code == 401 and "salah" in wrong.text
    done = session.post(
        f"{base}/masuk",
        data={"username": "admin", "password": admin_password, "next": "/ppid/petugas"},
        allow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["Location"] == "/ppid/petugas"
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    seen = session.get(f"{base}/ppid/petugas").json()
    assert seen["headers"]["Authorization"].startswith("Bearer ")
    evil = session.post(
        f"{base}/masuk",
        data={"username": "admin", "password": admin_password, "next": "//evil.example/x"},
        allow_redirects=False,
    )
    assert evil.headers["Location"] == "/"
    out = session.post(f"{base}/keluar", allow_redirects=False)
    assert out.status_code == 303
    assert "Authorization" not in session.get(f"{base}/ppid/petugas").json()["headers"]
