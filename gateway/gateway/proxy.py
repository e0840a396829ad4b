"""The proxy: each request under a service's prefix goes to that service over one pooled keep-alive session.

It routes by the first path segment (``/api/<service>/...`` or ``/<service>/...``), never to a service's internal
endpoints, passes the session cookie on as a bearer token (and a token a password reset retired as none), streams
large answers, and answers problem+json when a service is down (503), too slow (504) or broken (502). Public
reads that a service marks cacheable may be answered from the shared cache (``gateway.cache``).
"""

from __future__ import annotations

import logging
import re
import time

import aiohttp
from aiohttp import web
from prometheus_client import Histogram

from chassis.auth import Principal
from chassis.problems import Problem
from gateway import kept_forms, ratelimit
from gateway.answers import refusal
from gateway.context import CACHE, HTTP, REQUEST_ID, SETTINGS, TRUSTED, WRITE_METHODS
from gateway.identity import credential, signed_but_revoked, verified
from gateway.login_page import render_login, safe_next

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
BUFFER_LIMIT = 1024 * 1024  # answers up to this size (with a Content-Length) are forwarded in one piece
INTERNAL_PATHS = {"/metrics", "/healthz", "/readyz"}


def normalised_path(raw_path: str) -> str:
    """The path that is routed and forwarded: the raw path (already free of dot-segments) without its query and
    with runs of slashes made one; a trailing slash stays, as the services' routes tell them apart."""
    return re.sub(r"/{2,}", "/", raw_path)


def route(request: web.Request) -> tuple[str, str, str] | None:
    """(service, base URL, path to forward) for this request, or None. Only a path under the service's own prefix
    (``/<service>/...`` or ``/api/<service>/...``) is forwarded, never a service's internal endpoints."""
    return route_path(request.app, request.raw_path)


def route_path(app: web.Application, raw_path: str) -> tuple[str, str, str] | None:
    path = normalised_path(raw_path.split("?", 1)[0])
    parts = path.split("/", 3)
    name = parts[2] if len(parts) > 2 and parts[1] == "api" else parts[1]
    url = app[SETTINGS].upstreams().get(name)
    if not url or path in INTERNAL_PATHS:
        return None
    if not (path == f"/{name}" or path.startswith((f"/{name}/", f"/api/{name}/")) or path == f"/api/{name}"):
        return None
    return name, url, path


def forwarded_headers(request: web.Request, who: Principal | None) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    token, from_cookie = credential(request)
    if token and who is None and (from_cookie or signed_but_revoked(request, token)):
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
    form = await request.read() if kept_forms.keepable(request) else None
    if form is not None:
        if who is None and (author := kept_forms.genuine_subject(request, expired_only=True)):
            return await ask_to_sign_in(request, author, form)
        body = form
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
            asks_login = form is not None and kept_forms.sent_to_login(status, upstream.headers.get("Location"))
            if asks_login and (author := kept_forms.genuine_subject(request, expired_only=False)):
                return await ask_to_sign_in(request, author, form)
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
        return refusal(
            request,
            503,
            f"Layanan {name} sedang tidak tersedia; coba lagi sebentar lagi.",
            service=name,
            headers={"Retry-After": "5"},
        )
    except TimeoutError:
        status = 504
        return refusal(request, 504, f"Layanan {name} tidak menjawab tepat waktu.", service=name)
    except aiohttp.ClientError as exc:
        status = 502
        log.warning("upstream error", extra={"service": name, "error": repr(exc)})
        return refusal(request, 502, f"Layanan {name} memberi jawaban yang rusak.", service=name)
    finally:
        UPSTREAM.labels(name, request.method, str(status)).observe(time.perf_counter() - started)
        if request.method in WRITE_METHODS:
            cache.invalidate(name)


async def ask_to_sign_in(request: web.Request, author: str, form: bytes) -> web.Response:
    """Keep the form its expired session could not send, and answer the login page that will send it on."""
    secret = await kept_forms.keep(request, author, form)
    return render_login(
        notice=kept_forms.NOTICE, next_url=safe_next(kept_forms.page_of(request)), username=author, kept=secret
    )


async def replay(request: web.Request, kept: dict, token: str) -> web.Response:
    """Send a kept form to its service as its author, now signed in with ``token``: the service's redirect is
    followed by the browser, any other answer is shown as it is."""
    target = route_path(request.app, kept["path"])
    if target is None:
        raise web.HTTPSeeOther("/beranda")
    name, base, path = target
    headers = forwarded_headers(request, None)
    for stale in ("Content-Length", "Content-Type", "Cookie", "Referer"):
        headers.pop(stale, None)
    headers.update({"Authorization": f"Bearer {token}", "Content-Type": kept["content_type"]})
    query = kept["path"].split("?", 1)[1] if "?" in kept["path"] else ""
    try:
        async with request.app[HTTP].request(
            "POST",
            base + path + (f"?{query}" if query else ""),
            headers=headers,
            data=kept["body"],
            allow_redirects=False,
        ) as upstream:
            location = upstream.headers.get("Location")
            if 300 <= upstream.status < 400 and location:
                return web.Response(status=303, headers={"Location": location})
            answer = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP}
            answer.pop("Content-Length", None)
            return web.Response(status=upstream.status, body=await upstream.read(), headers=answer)
    except (aiohttp.ClientError, TimeoutError):
        return refusal(request, 503, f"Layanan {name} sedang tidak tersedia; isian Anda belum terkirim.", service=name)
    finally:
        request.app[CACHE].invalidate(name)
