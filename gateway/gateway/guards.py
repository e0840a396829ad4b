"""What every request passes before its handler: a request id and the access log, a refusal of hostile paths,
the one CSRF rule, and the write limits."""

from __future__ import annotations

import logging
import secrets
import time
from urllib.parse import unquote, urlsplit

from aiohttp import web

from chassis import logs
from chassis.problems import Problem
from gateway import pages
from gateway.answers import prefers_html, refusal
from gateway.context import (
    CREDENTIAL,
    LIMITS,
    REQUEST_ID,
    SESSION_COOKIE,
    SETTINGS,
    WRITE_METHODS,
    client_address,
    page,
)
from gateway.identity import verified

log = logging.getLogger("gateway")

# The sign-in, sign-up and reset endpoints: limited per client whatever token comes with them.
PAGE_FORMS = {"/masuk", "/masuk/sandi-baru", "/masuk/lupa-sandi", "/masuk/atur-sandi", "/masuk/kirim-ulang", "/daftar"}
AUTH_WRITES = {"/api/auth/login", "/api/auth/signup", *PAGE_FORMS}
RESET_WRITES = "/api/auth/password-reset"
# Forms whose origin is checked with or without a session cookie (login CSRF, forced logout).
FORMS = {*PAGE_FORMS, "/keluar"}
# aiohttp's own refusals say it in English; a browser reads this instead.
PAGE_DETAILS = {
    404: "Alamat ini tidak ada di situs ini. Periksa kembali alamatnya.",
    405: "Halaman ini tidak dapat dibuka dengan cara itu. Buka lewat tautan di situs ini.",
    413: "Berkas atau isian yang dikirim terlalu besar.",
}


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
            response = refusal(request, exc.status, exc.detail, headers=exc.headers, title=exc.title, **exc.extra)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = refusal(request, exc.status, exc.reason, page_detail=PAGE_DETAILS.get(exc.status, ""))
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


@web.middleware
async def refuse_hostile_paths(request: web.Request, handler):
    raw_path = request.raw_path.split("?", 1)[0]
    if hostile_path(raw_path):
        log.warning("hostile path refused", extra={"path": raw_path[:300], "client": client_address(request)})
        raise Problem(400, "Alamat tidak sah.", title="Bad Request")
    return await handler(request)


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
        if prefers_html(request):
            return page("ditolak.html", 403, office=request.app[SETTINGS].org_name)
        raise Problem(403, "Permintaan dari situs lain ditolak.", title="Forbidden")
    return await handler(request)


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
                limited = pages.limited_page(request, exc)
                if limited is not None:
                    return limited
            raise
    return await handler(request)
