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
import re
import secrets
import time
from urllib.parse import unquote, urlsplit

import aiohttp
import jwt
from aiohttp import web
from marshmallow import ValidationError
from prometheus_client import Histogram

from chassis import logs, metrics, security, tracing
from chassis.auth import Principal, TokenVerifier
from chassis.db import Database
from chassis.problems import PROBLEM_JSON, Problem, flatten_errors, problem_body
from gateway import accounts, pages, province, ratelimit, signup
from gateway.cache import SharedCache
from gateway.keys import Signer, ensure_key_pair
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
LIMITS = web.AppKey("limits", ratelimit.RateLimits)
TRUSTED = web.AppKey("trusted_proxies", tuple)
OPERATORS = web.AppKey("operator_networks", tuple)
REVOCATIONS = web.AppKey("revocations", dict)
HTTP = web.AppKey("http", aiohttp.ClientSession)
CACHE = web.AppKey("cache", SharedCache)
REQUEST_ID = web.RequestKey("request_id", str)
CREDENTIAL = web.RequestKey("credential", tuple)
# The sign-in, sign-up and reset endpoints: limited per client whatever token comes with them.
AUTH_WRITES = {"/api/auth/login", "/masuk", "/api/auth/signup", "/daftar"}
RESET_WRITES = "/api/auth/password-reset"
# Forms whose origin is checked with or without a session cookie (login CSRF, forced logout).
FORMS = {"/masuk", "/keluar", "/daftar"}
JSON_TYPES = ("application/json",)
# How long the gateway believes what it read of an account's ``tokens_valid_after``; other replicas learn of a
# password reset within this many seconds.
REVOCATION_TTL = 10.0


def problem(status: int, detail: str, *, headers: dict | None = None, **extra) -> web.Response:
    body = problem_body(status, detail, **extra)
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type=PROBLEM_JSON,
        headers=headers,
    )


def client_address(request: web.Request) -> str:
    """The client: the socket peer, or behind a trusted proxy the address that proxy saw (``TRUSTED_PROXIES``)."""
    return ratelimit.client_address(request.remote, request.headers.get("X-Forwarded-For"), request.app[TRUSTED])


def from_operator(request: web.Request) -> bool:
    return ratelimit.within(client_address(request), request.app[OPERATORS])


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` in lower case with the default port left out, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def own_origins(request: web.Request) -> set[str]:
    """The suite's own origins: ``PUBLIC_BASE_URL``'s and the address this request was sent to (a cross-site form
    carries the suite's Host but another site's Origin), so ``localhost`` and ``127.0.0.1`` both work locally."""
    base = request.app[SETTINGS].public_base_url
    found = {origin_of(base) if base else None, origin_of(f"{request.scheme}://{request.host}")}
    return {origin for origin in found if origin}


def public_base(request: web.Request) -> str:
    """The suite's address for links in mail."""
    base = request.app[SETTINGS].public_base_url
    return base.rstrip("/") if base else f"{request.scheme}://{request.host}"


@web.middleware
async def request_context(request: web.Request, handler):
    rid = (request.headers.get("X-Request-ID") or secrets.token_hex(8))[:100]
    request[REQUEST_ID] = rid
    token = logs.request_id_var.set(rid)
    started = time.perf_counter()
    response = None
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
        if request.path not in logs.PROBES:
            who = request.get(CREDENTIAL, (None,))[0]
            status = response.status if response is not None else 500
            logs.access(request.method, request.path, status, time.perf_counter() - started, who and who.username)
        logs.request_id_var.reset(token)
    response.headers["X-Request-ID"] = rid
    return response


def hostile_path(raw_path: str) -> bool:
    """Dot-segments (plain or percent-encoded, also encoded twice), encoded slashes, backslashes or NUL anywhere."""
    if not raw_path.startswith("/"):
        return True
    text = raw_path
    for _ in range(3):
        lowered = text.lower()
        if any(bad in lowered for bad in ("%2f", "%5c", "\\", "%00", "\x00")):
            return True
        if any(segment in (".", "..") for segment in text.split("/")):
            return True
        decoded = unquote(text)
        if decoded == text:
            return False
        text = decoded
    return True


def normalised_path(raw_path: str) -> str:
    """The path that is routed and forwarded: the raw path (already free of dot-segments) without its query and
    with runs of slashes made one; a trailing slash stays, as the services' routes tell them apart."""
    return re.sub(r"/{2,}", "/", raw_path)


@web.middleware
async def refuse_hostile_paths(request: web.Request, handler):
    raw_path = request.raw_path.split("?", 1)[0]
    if hostile_path(raw_path):
        log.warning("hostile path refused", extra={"path": raw_path[:300], "client": client_address(request)})
        raise Problem(400, "Alamat tidak sah.", title="Bad Request")
    return await handler(request)


def wants_html(request: web.Request) -> bool:
    return "text/html" in request.headers.get("Accept", "")


FOREIGN_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Permintaan ditolak</title><link rel="stylesheet" href="/static/gateway.css"></head>
<body><main><h1>Permintaan ditolak</h1>
<p role="alert">Formulir ini tidak dikirim dari situs ini, jadi tidak kami proses. Buka halamannya dari situs ini
lalu kirim lagi.</p><p><a href="/">Kembali ke beranda</a></p></main></body></html>"""


def same_origin(request: web.Request) -> bool:
    """The browser says the request comes from the suite's own pages: Origin (or, without it, Referer) is the suite's
    origin, and Sec-Fetch-Site, when sent, is ``same-origin`` or ``none`` (typed in, bookmarked)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.strip().lower() not in ("same-origin", "none"):
        return False
    source = request.headers.get("Origin")
    if source is None:
        source = request.headers.get("Referer")
    if not source:
        return False
    return origin_of(source) in own_origins(request)


@web.middleware
async def refuse_cross_site_writes(request: web.Request, handler):
    """One CSRF rule: a write that the session cookie would authenticate, and the login, logout and sign-up forms,
    must come from the suite's own origin. SameSite=Strict alone lets every ``*.go.id`` site through (same site)."""
    guarded = SESSION_COOKIE in request.cookies or request.path in FORMS
    if request.method in WRITE_METHODS and guarded and not same_origin(request):
        log.warning(
            "cross-site write refused",
            extra={
                "path": request.path[:300],
                "origin": (request.headers.get("Origin") or request.headers.get("Referer") or "")[:300],
                "client": client_address(request),
            },
        )
        if wants_html(request):
            return web.Response(status=403, text=FOREIGN_PAGE, content_type="text/html")
        raise Problem(403, "Permintaan dari situs lain ditolak.", title="Forbidden")
    return await handler(request)


def credential(request: web.Request) -> tuple[str | None, bool]:
    """(token, from the cookie?): the bearer token, or else the session cookie's."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


async def verified(request: web.Request) -> Principal | None:
    """The account behind the request's token, if the token is valid and not older than the account's last
    password reset; None otherwise. Checked once per request."""
    if CREDENTIAL in request:
        return request[CREDENTIAL][0]
    token, _ = credential(request)
    who = None
    if token:
        try:
            who = request.app[VERIFIER].verify(token)
        except Problem:
            who = None
        if who is not None and await revoked(request.app, who.username, token):
            who = None
    request[CREDENTIAL] = (who,)
    return who


async def revoked(app: web.Application, username: str, token: str) -> bool:
    issued = jwt.decode(token, options={"verify_signature": False}).get("iat")
    cache = app[REVOCATIONS]
    now = time.monotonic()
    known = cache.get(username)
    if known is None or now - known[1] > REVOCATION_TTL:
        if len(cache) > 10_000:
            cache.clear()
        known = (await asyncio.to_thread(app[STORE].tokens_valid_after, username), now)
        cache[username] = known
    valid_after = known[0]
    return valid_after is not None and (not isinstance(issued, int | float) or issued < valid_after)


def forget_revocation(app: web.Application, username: str) -> None:
    app[REVOCATIONS].pop(username, None)


@web.middleware
async def limit_writes(request: web.Request, handler):
    """Every write is counted: sign-in endpoints and anonymous writes per client, token-carrying writes per account."""
    if request.method in WRITE_METHODS:
        limits = request.app[LIMITS]
        try:
            if request.path in AUTH_WRITES or request.path.startswith(RESET_WRITES):
                await limits.public_write(client_address(request))
            elif (who := await verified(request)) is not None:
                await limits.account_write(who.username)
            else:
                await limits.public_write(client_address(request))
        except Problem as exc:
            if exc.status == 429:
                log.warning("rate limited", extra={"path": request.path[:300], "client": client_address(request)})
                page = pages.limited_page(request, exc)
                if page is not None:
                    return page
            raise
    return await handler(request)


async def read_json(request: web.Request, schema) -> dict:
    kind = request.content_type.lower()
    if kind not in JSON_TYPES and not kind.endswith("+json"):
        raise Problem(
            415,
            "Badan permintaan harus JSON dengan Content-Type application/json.",
            title="Unsupported Media Type",
        )
    try:
        payload = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Problem(400, "Badan permintaan harus JSON yang sah.", title="Bad Request") from None
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


async def principal(request: web.Request) -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Permintaan ini memerlukan token.", headers={"WWW-Authenticate": "Bearer"})
    who = request.app[VERIFIER].verify(token.strip())
    if await revoked(request.app, who.username, token.strip()):
        raise Problem(
            401,
            "Token ini sudah tidak berlaku karena kata sandinya diganti; silakan masuk lagi.",
            title="Unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return who


async def authenticate(request: web.Request, username: str, password: str) -> dict | None:
    """Check a password unless the username is locked by failed logins (then 429, even for the right password)."""
    limits = request.app[LIMITS]
    await limits.login_locked(username)
    account = await asyncio.to_thread(request.app[STORE].authenticate, username, password)
    if account is None:
        await limits.login_failed(username, client_address(request))
        return None
    await limits.login_succeeded(username)
    return account


# --- auth -------------------------------------------------------------------------------------------------------


async def login(request: web.Request) -> web.Response:
    data = await read_json(request, accounts.LoginSchema())
    account = await authenticate(request, data["username"], data["password"])
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


async def require_admin(request: web.Request) -> Principal:
    who = await principal(request)
    if not who.has_any("admin"):
        raise Problem(403, "Memerlukan peran admin.", title="Forbidden", required_roles=["admin"])
    return who


async def create_account(request: web.Request) -> web.Response:
    who = await require_admin(request)
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
    await require_admin(request)
    items = await asyncio.to_thread(request.app[STORE].list)
    return web.json_response({"items": items, "roles": accounts.ROLES})


async def me(request: web.Request) -> web.Response:
    who = await principal(request)
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
    ready = all(v == "ok" for v in checks.values())
    if not from_operator(request):
        # The public learns whether the suite is up, not which part is down or why.
        return web.json_response({"status": "ready" if ready else "not_ready"}, status=200 if ready else 503)
    if ready:
        return web.json_response({"status": "ready", "checks": checks})
    return problem(503, "Belum semua layanan siap.", checks=checks)


async def prometheus(request: web.Request) -> web.Response:
    if not from_operator(request):
        raise Problem(404, f"Tidak ada layanan di {request.path}.", title="Not Found")
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


INTERNAL_PATHS = {"/metrics", "/healthz", "/readyz"}


def route(request: web.Request) -> tuple[str, str, str] | None:
    """(service, base URL, path to forward) for this request, or None. Only a path under the service's own prefix
    (``/<service>/...`` or ``/api/<service>/...``) is forwarded, never a service's internal endpoints."""
    path = normalised_path(request.raw_path.split("?", 1)[0])
    parts = path.split("/", 3)
    name = parts[2] if len(parts) > 2 and parts[1] == "api" else parts[1]
    url = request.app[SETTINGS].upstreams().get(name)
    if not url or path in INTERNAL_PATHS:
        return None
    if not (path == f"/{name}" or path.startswith((f"/{name}/", f"/api/{name}/")) or path == f"/api/{name}"):
        return None
    return name, url, path


def forwarded_headers(request: web.Request, who: Principal | None) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    token, from_cookie = credential(request)
    if token and who is None and (from_cookie or _signed_but_revoked(request, token)):
        # A token older than its account's last password reset is not passed on: the service sees no login.
        headers.pop("Authorization", None)
    elif from_cookie:
        # Staff pages: the token the login page set as a cookie travels to the service as a bearer token.
        headers["Authorization"] = f"Bearer {token}"
    peer = request.remote or "unknown"
    behind_proxy = ratelimit.within(peer, request.app[TRUSTED])
    prior = request.headers.get("X-Forwarded-For") if behind_proxy else None
    headers["X-Forwarded-For"] = f"{prior}, {peer}" if prior else peer
    headers["X-Forwarded-Proto"] = (
        request.headers.get("X-Forwarded-Proto", request.scheme) if behind_proxy else request.scheme
    )
    headers["X-Forwarded-Host"] = (
        request.headers.get("X-Forwarded-Host", request.host) if behind_proxy else request.host
    )
    headers["X-Request-ID"] = request[REQUEST_ID]
    return headers


def _signed_but_revoked(request: web.Request, token: str) -> bool:
    """A bearer token with a valid signature that ``verified`` still refused: revoked by a password reset."""
    try:
        request.app[VERIFIER].verify(token)
    except Problem:
        return False
    return True


async def proxy(request: web.Request) -> web.StreamResponse:
    target = route(request)
    if target is None:
        raise Problem(404, f"Tidak ada layanan di {request.path}.", title="Not Found")
    name, base, path = target
    who = await verified(request)
    headers = forwarded_headers(request, who)
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
            base + path + (f"?{request.rel_url.raw_query_string}" if request.rel_url.raw_query_string else ""),
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
    app = web.Application(
        middlewares=[
            *tracing.aiohttp_middlewares("gateway"),
            request_context,
            refuse_hostile_paths,
            refuse_cross_site_writes,
            limit_writes,
        ],
        client_max_size=25 * 1024 * 1024,
    )
    app[SETTINGS] = settings
    app[TRUSTED] = ratelimit.networks(settings.trusted_proxies)
    app[OPERATORS] = ratelimit.networks(settings.operator_networks)
    app[REVOCATIONS] = {}
    app[DB] = Database(settings.resolved_database_url())
    app[STORE] = accounts.AccountStore(app[DB])
    app[SIGNER] = Signer(
        settings.private_key_path(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    # The gateway checks its own tokens with its current and previous key, so a rotation signs nobody out.
    own_keys = None if settings.jwt_public_key or settings.jwks_url else app[SIGNER].verification_keys
    app[VERIFIER] = TokenVerifier(settings, keys=own_keys)
    app[LIMITS] = ratelimit.RateLimits(
        ratelimit.storage_for(settings.redis_url, settings.rate_limit_key_prefix),
        ratelimit.Budgets.from_settings(settings),
    )
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

    async def secure(request: web.Request, response: web.StreamResponse):
        """Every answer, the gateway's own and the services', gets the suite's header policy and ``Server: suite``."""
        security.apply(response.headers, settings.https)

    app.on_response_prepare.append(secure)

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
    app.router.add_get("/static/gateway.css", pages.stylesheet)
    app.router.add_get("/masuk", pages.login_page)
    app.router.add_post("/masuk", pages.login_form)
    app.router.add_post("/keluar", pages.logout)
    app.router.add_get("/daftar", pages.signup_page)
    app.router.add_post("/daftar", pages.signup_form)
    province.setup(app)  # the /provinsi/ pages, before the proxy takes every other path
    app.router.add_route("*", "/{tail:.*}", proxy)
    return app
