"""The gateway as an aiohttp application: auth endpoints, the key set, health, and the proxy.

It holds no business rule: it routes by the first path segment (``/api/<service>/...``
or ``/<service>/...``) to the service's internal URL over one pooled keep-alive
client session, and answers problem+json when a service is down (503), too slow
(504) or broken (502). Public reads that a service marks cacheable may be answered from a
shared cache (``gateway.cache``) that honours the service's own Cache-Control.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time

import aiohttp
from aiohttp import web
from marshmallow import ValidationError
from prometheus_client import Histogram

from chassis import logs, metrics
from chassis.auth import TokenVerifier
from chassis.db import Database
from chassis.problems import PROBLEM_JSON, Problem, flatten_errors, problem_body
from gateway import accounts, pages, signup
from gateway.cache import SharedCache
from gateway.keys import Signer, ensure_key_pair
from gateway.ratelimit import TokenBuckets
from gateway.settings import GatewaySettings, from_env

log = logging.getLogger("gateway")

UPSTREAM = Histogram(
    "gateway_upstream_duration_seconds", "Proxied requests by service and status", ["service", "method", "status"]
)
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_COOKIE = "suite_token"
BUFFER_LIMIT = 1024 * 1024  # answers up to this size (with a Content-Length) are forwarded in one piece

SETTINGS = web.AppKey("settings", GatewaySettings)
DB = web.AppKey("db", Database)
STORE = web.AppKey("store", accounts.AccountStore)
SIGNER = web.AppKey("signer", Signer)
VERIFIER = web.AppKey("verifier", TokenVerifier)
LIMITER = web.AppKey("limiter", TokenBuckets)
HTTP = web.AppKey("http", aiohttp.ClientSession)
CACHE = web.AppKey("cache", SharedCache)
REQUEST_ID = web.RequestKey("request_id", str)


def problem(status: int, detail: str, *, headers: dict | None = None, **extra) -> web.Response:
    body = problem_body(status, detail, **extra)
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type=PROBLEM_JSON,
        headers=headers,
    )


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


@web.middleware
async def request_context(request: web.Request, handler):
    rid = (request.headers.get("X-Request-ID") or secrets.token_hex(8))[:100]
    request[REQUEST_ID] = rid
    token = logs.request_id_var.set(rid)
    try:
        try:
            response = await handler(request)
        except Problem as exc:
            response = problem(exc.status, exc.detail, headers=exc.headers, title=exc.title, **exc.extra)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = problem(exc.status, exc.reason)
    finally:
        logs.request_id_var.reset(token)
    response.headers["X-Request-ID"] = rid
    return response


async def read_json(request: web.Request, schema) -> dict:
    try:
        payload = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Problem(400, "Badan permintaan harus JSON yang sah.") from None
    if not isinstance(payload, dict):
        raise Problem(422, "Badan permintaan harus objek JSON.", errors=[{"field": "_schema", "message": "objek"}])
    try:
        return schema.load(payload)
    except ValidationError as exc:
        errors = flatten_errors(exc.messages)
        raise Problem(
            422,
            "; ".join(f"{e['field']}: {e['message']}" for e in errors),
            errors=errors,
            title="Unprocessable Content",
        ) from None


def principal(request: web.Request):
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Permintaan ini memerlukan token.", headers={"WWW-Authenticate": "Bearer"})
    return request.app[VERIFIER].verify(token.strip())


def has_valid_token(request: web.Request, headers) -> bool:
    scheme, _, token = headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    try:
        request.app[VERIFIER].verify(token.strip())
        return True
    except Problem:
        return False


def allowed_write(request: web.Request, headers=None) -> None:
    """Rate-limit writes without a valid token (citizens' forms, login attempts, forged tokens)."""
    if request.method not in WRITE_METHODS or has_valid_token(request, headers or request.headers):
        return
    wait = request.app[LIMITER].take(client_address(request))
    if wait:
        seconds = max(1, int(wait + 0.999))
        raise Problem(
            429,
            f"Terlalu banyak permintaan; coba lagi dalam {seconds} detik.",
            headers={"Retry-After": str(seconds)},
            title="Too Many Requests",
        )


# --- auth -------------------------------------------------------------------------------------------------------


async def login(request: web.Request) -> web.Response:
    allowed_write(request)
    data = await read_json(request, accounts.LoginSchema())
    account = await asyncio.to_thread(request.app[STORE].authenticate, data["username"], data["password"])
    if account is None:
        raise Problem(
            401, "Nama pengguna atau kata sandi salah.", title="Unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    signer = request.app[SIGNER]
    token = signer.issue(account["username"], account["roles"], account["opd"])
    return web.json_response(
        {"access_token": token, "token_type": "Bearer", "expires_in": signer.ttl_seconds},
        headers={"Cache-Control": "no-store"},
    )


def require_admin(request: web.Request):
    who = principal(request)
    if not who.has_any("admin"):
        raise Problem(403, "Memerlukan peran admin.", title="Forbidden", required_roles=["admin"])
    return who


async def create_account(request: web.Request) -> web.Response:
    who = require_admin(request)
    data = await read_json(request, accounts.NewAccountSchema())
    try:
        created = await asyncio.to_thread(
            request.app[STORE].create, data["username"], data["password"], data["roles"], data["opd"], who.username
        )
    except accounts.Conflict:
        raise Problem(
            409,
            f"Nama pengguna {data['username']} sudah dipakai.",
            title="Conflict",
            errors=[{"field": "username", "message": "sudah dipakai"}],
        ) from None
    log.info("account created", extra={"username": created["username"], "by": who.username})
    return web.json_response(created, status=201, headers={"Location": f"/api/auth/accounts/{created['username']}"})


async def list_accounts(request: web.Request) -> web.Response:
    require_admin(request)
    items = await asyncio.to_thread(request.app[STORE].list)
    return web.json_response({"items": items, "roles": accounts.ROLES})


async def me(request: web.Request) -> web.Response:
    who = principal(request)
    return web.json_response({"username": who.username, "roles": sorted(who.roles), "opd": who.opd})


async def jwks(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIGNER].jwks(), headers={"Cache-Control": "public, max-age=300"})


# --- health -----------------------------------------------------------------------------------------------------


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "service": "gateway"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when the gateway's database answers and every service says it is ready."""
    settings = request.app[SETTINGS]

    async def service(url: str) -> str:
        try:
            timeout = aiohttp.ClientTimeout(total=min(5.0, settings.upstream_timeout))
            async with request.app[HTTP].get(f"{url}/readyz", timeout=timeout) as response:
                return "ok" if response.status == 200 else f"error: HTTP {response.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"error: {exc.__class__.__name__}"

    async def database() -> str:
        try:
            await asyncio.to_thread(request.app[DB].ping)
            return "ok"
        except Exception as exc:  # any failure means not ready
            return f"error: {exc.__class__.__name__}"

    names = list(settings.upstreams())
    results = await asyncio.gather(database(), *(service(settings.upstreams()[n]) for n in names))
    checks = {"database": results[0], **dict(zip(names, results[1:], strict=True))}
    if all(v == "ok" for v in checks.values()):
        return web.json_response({"status": "ready", "checks": checks})
    return problem(503, "Belum semua layanan siap.", checks=checks)


async def prometheus(request: web.Request) -> web.Response:
    payload, content_type = metrics.render()
    return web.Response(body=payload, headers={"Content-Type": content_type})


async def docs_index(request: web.Request) -> web.Response:
    links = "".join(
        f'<li><a href="/api/{name}/docs">{name}</a> (<a href="/api/{name}/openapi.json">OpenAPI</a>)</li>'
        for name in request.app[SETTINGS].upstreams()
    )
    html = (
        '<!doctype html><html lang="id"><meta charset="utf-8"><title>Dokumentasi API</title>'
        f"<h1>Dokumentasi API suite</h1><ul>{links}</ul>"
        '<p>Masuk: <code>POST /api/auth/login</code>; kunci publik: <a href="/.well-known/jwks.json">JWKS</a>.</p>'
    )
    return web.Response(text=html, content_type="text/html")


# --- proxy ------------------------------------------------------------------------------------------------------


def route(request: web.Request) -> tuple[str, str] | None:
    """(service, base URL) for this path, or None."""
    parts = request.path.split("/", 3)
    name = parts[2] if len(parts) > 2 and parts[1] == "api" else parts[1]
    url = request.app[SETTINGS].upstreams().get(name)
    return (name, url) if url else None


def forwarded_headers(request: web.Request) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and "Authorization" not in request.headers:
        # Staff pages: the token the login page set as a cookie travels to the service as a bearer token.
        headers["Authorization"] = f"Bearer {cookie}"
    peer = client_address(request)
    prior = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{prior}, {peer}" if prior else peer
    headers["X-Forwarded-Proto"] = request.headers.get("X-Forwarded-Proto", request.scheme)
    headers["X-Forwarded-Host"] = request.headers.get("X-Forwarded-Host", request.host)
    headers["X-Request-ID"] = request[REQUEST_ID]
    return headers


async def proxy(request: web.Request) -> web.StreamResponse:
    target = route(request)
    if target is None:
        raise Problem(404, f"Tidak ada layanan di {request.path}.", title="Not Found")
    name, base = target
    headers = forwarded_headers(request)
    allowed_write(request, headers)
    cache = request.app[CACHE]
    lookup = cache.lookup(request, name)
    if lookup is not None and lookup.fresh:
        return cache.respond(request, lookup.entry, "HIT")
    if lookup is not None:
        headers = cache.upstream_headers(lookup, headers)
    started = time.perf_counter()
    body = request.content if request.body_exists else None
    status = 0
    try:
        async with request.app[HTTP].request(
            request.method,
            base + request.rel_url.raw_path_qs,
            headers=headers,
            data=body,
            allow_redirects=False,
        ) as upstream:
            status = upstream.status
            if lookup is not None and (cached := await cache.settle(request, lookup, upstream)) is not None:
                return cached
            answer = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
            length = upstream.content_length
            if length is not None and length <= BUFFER_LIMIT:
                return web.Response(status=upstream.status, body=await upstream.read(), headers=answer)
            answer.pop("Content-Length", None)
            response = web.StreamResponse(status=upstream.status, headers=answer)
            await response.prepare(request)
            async for chunk in upstream.content.iter_chunked(64 * 1024):
                await response.write(chunk)
            await response.write_eof()
            return response
    except aiohttp.ClientConnectorError:
        status = 503
        return problem(
            503,
            f"Layanan {name} sedang tidak tersedia; coba lagi sebentar lagi.",
            service=name,
            headers={"Retry-After": "5"},
        )
    except TimeoutError:
        status = 504
        return problem(504, f"Layanan {name} tidak menjawab tepat waktu.", service=name)
    except aiohttp.ClientError as exc:
        status = 502
        log.warning("upstream error", extra={"service": name, "error": repr(exc)})
        return problem(502, f"Layanan {name} memberi jawaban yang rusak.", service=name)
    finally:
        UPSTREAM.labels(name, request.method, str(status)).observe(time.perf_counter() - started)
        if request.method in WRITE_METHODS:
            cache.invalidate(name)


# --- assembly ---------------------------------------------------------------------------------------------------


def bootstrap(settings: GatewaySettings) -> tuple[bool, str | None]:
    """Keys and the first admin (idempotent). Returns what ``AccountStore.bootstrap_admin`` returns."""
    from chassis import migrations
    from gateway import MIGRATIONS

    ensure_key_pair(settings.private_key_path(), settings.public_key_path())
    db = Database(settings.resolved_database_url())
    try:
        migrations.upgrade(MIGRATIONS, db.url)
        return accounts.AccountStore(db).bootstrap_admin(settings.suite_bootstrap_admin_password or None)
    finally:
        db.dispose()


def announce(created: bool, generated: str | None) -> None:
    if created and generated:
        print(f"[gateway] first start: created account 'admin' with password {generated} (shown once)", flush=True)
    elif created:
        print(
            "[gateway] first start: created account 'admin' (password from SUITE_BOOTSTRAP_ADMIN_PASSWORD)", flush=True
        )


def create_app(settings: GatewaySettings | None = None) -> web.Application:
    settings = settings or from_env()
    logs.configure("gateway", settings.log_level, settings.log_json)
    ensure_key_pair(settings.private_key_path(), settings.public_key_path())
    app = web.Application(middlewares=[request_context], client_max_size=25 * 1024 * 1024)
    app[SETTINGS] = settings
    app[DB] = Database(settings.resolved_database_url())
    app[STORE] = accounts.AccountStore(app[DB])
    app[SIGNER] = Signer(
        settings.private_key_path(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    verifier_settings = settings if settings.jwt_public_key or settings.jwks_url else None
    app[VERIFIER] = TokenVerifier(
        verifier_settings or _with_public_key(settings, settings.public_key_path().read_text())
    )
    app[LIMITER] = TokenBuckets(settings.rate_limit_public_writes_per_minute, settings.rate_limit_burst)
    app[CACHE] = SharedCache(
        settings.gateway_cache_bytes,
        max_entry_bytes=BUFFER_LIMIT,
        private_cookies=[SESSION_COOKIE],
        drop_headers=HOP_BY_HOP,
    )

    async def client_session(app: web.Application):
        connector = aiohttp.TCPConnector(limit=settings.upstream_pool_size, keepalive_timeout=30, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=settings.upstream_timeout, sock_connect=settings.upstream_connect_timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
            app[HTTP] = session
            yield

    async def close_db(app: web.Application):
        app[DB].dispose()

    app.cleanup_ctx.append(client_session)
    if settings.smtp_host:
        app.cleanup_ctx.append(signup.mail_sender)
    app.on_cleanup.append(close_db)
    app.router.add_post("/api/auth/login", login)
    app.router.add_post("/api/auth/accounts", create_account)
    app.router.add_get("/api/auth/accounts", list_accounts)
    app.router.add_get("/api/auth/me", me)
    app.router.add_post("/api/auth/signup", signup.signup)
    app.router.add_get("/api/auth/confirm", signup.confirm)
    app.router.add_post("/api/auth/password-reset", signup.request_reset)
    app.router.add_post("/api/auth/password-reset/confirm", signup.confirm_reset)
    app.router.add_get("/api/auth/jwks.json", jwks)
    app.router.add_get("/.well-known/jwks.json", jwks)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", prometheus)
    app.router.add_get("/api/docs", docs_index)
    app.router.add_get("/masuk", pages.login_page)
    app.router.add_post("/masuk", pages.login_form)
    app.router.add_post("/keluar", pages.logout)
    app.router.add_get("/daftar", pages.signup_page)
    app.router.add_post("/daftar", pages.signup_form)
    app.router.add_route("*", "/{tail:.*}", proxy)
    return app


def _with_public_key(settings: GatewaySettings, pem: str) -> GatewaySettings:
    import dataclasses

    return dataclasses.replace(settings, jwt_public_key=pem)
