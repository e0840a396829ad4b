"""A small shared HTTP cache (RFC 9111) for public, cacheable reads, as nginx's proxy_cache or Varnish would be.

Plumbing, not business: it knows no service's rules and only honours what each service says in its own headers.

- Stored: the answer to an anonymous GET (no ``Authorization``, no session cookie, no ``Range``) that is a 200
  with ``Cache-Control: public`` and a positive ``s-maxage`` or ``max-age``, without ``private``, ``no-store``,
  ``no-cache`` or ``Set-Cookie``, not problem+json, with a ``Content-Length`` within ``max_entry_bytes`` (streamed
  answers pass through), and varying on nothing but ``Accept``, ``Accept-Encoding`` and ``Authorization`` (a stored
  answer is to a request without it, and requests with it never use the cache). The key is the path and query plus
  the request headers the answer varies on; a HEAD is answered from the GET's entry.
- Served while fresh, with an ``Age``; a request whose ``If-None-Match`` names the stored ETag gets a 304 from here.
  Once stale, the entry is revalidated with the stored ETag (the service's 304 refreshes it) or fetched again.
  A request with ``Cache-Control: no-cache`` (or ``max-age=0``, or ``Pragma: no-cache``) goes to the service and its
  answer replaces the entry; ``no-store`` in a request bypasses the cache.
- A write (POST, PUT, PATCH, DELETE) through the gateway drops every entry of that service (both its ``/api/<name>``
  and ``/<name>`` paths). Changes that do not pass through the gateway as a write of that service -- the worker
  publishing a scheduled item, another service's read model following an event -- show when the entry expires:
  staleness is bounded by the max-age the service itself chose.
- Memory is bounded: least recently used entries go first once the bodies and headers held pass ``max_bytes``
  (``GATEWAY_CACHE_BYTES``; 0 turns the cache off). Each gateway process holds its own cache.

No library: the aiohttp server-side caches on PyPI cache a handler's result for a fixed time and ignore the
answer's Cache-Control, and the aiohttp client caches are private (per-user) caches without byte-bounded eviction.
"""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping

from aiohttp import web
from multidict import CIMultiDict
from prometheus_client import Counter, Gauge

from chassis.problems import PROBLEM_JSON

LOOKUPS = Counter("gateway_cache_lookups_total", "Cacheable reads by outcome (hit, stale, miss)", ["outcome"])
STORES = Counter("gateway_cache_stores_total", "Answers stored in the gateway cache")
EVICTIONS = Counter("gateway_cache_evictions_total", "Entries dropped to stay within GATEWAY_CACHE_BYTES")
BYTES = Gauge("gateway_cache_bytes", "Bytes held by the gateway cache", multiprocess_mode="livesum")

# Authorization: only anonymous requests are stored and looked up, so an answer varying on it is the anonymous one.
VARY_SUPPORTED = {"accept", "accept-encoding", "authorization"}
CONDITIONALS = {"if-none-match", "if-modified-since"}
# What a 304 carries of the stored answer (RFC 9110 15.4.5), and what a service's 304 may update in it.
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified")
KEPT_BY_304 = {name.lower() for name in NOT_MODIFIED_HEADERS} | {"age", "x-cache"}
OVERHEAD = 256  # bytes counted per entry beyond its body and headers


def directives(*values: str) -> dict[str, str | None]:
    """``Cache-Control`` directives, lower-cased names to their argument (None when it has none)."""
    found: dict[str, str | None] = {}
    for value in values:
        for part in value.split(","):
            name, equals, argument = part.strip().partition("=")
            if name:
                found[name.strip().lower()] = argument.strip().strip('"') if equals else None
    return found


def delta_seconds(value: str | None) -> int | None:
    try:
        return max(0, int(value)) if value is not None else None
    except ValueError:
        return None


def etag_matches(if_none_match: str, etag: str | None) -> bool:
    """Weak comparison, as If-None-Match asks (RFC 9110 13.1.2)."""
    if not etag:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.strip().removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def freshness(status: int, headers: Mapping[str, str]) -> float | None:
    """Seconds a shared cache may serve this answer, or None when it must not store it."""
    if status != 200 or "Set-Cookie" in headers or headers.get("Content-Type", "").startswith(PROBLEM_JSON):
        return None
    control = directives(*headers.getall("Cache-Control", []))  # type: ignore[attr-defined]
    if "public" not in control or {"private", "no-store", "no-cache"} & control.keys():
        return None
    lifetime = delta_seconds(control.get("s-maxage") if "s-maxage" in control else control.get("max-age"))
    if not lifetime or vary_names(headers) is None:
        return None
    return float(lifetime)


def vary_names(headers: Mapping[str, str]) -> tuple[str, ...] | None:
    """The request headers an answer varies on, or None when it varies on one this cache does not support."""
    values = headers.getall("Vary", [])  # type: ignore[attr-defined]
    names = sorted({n.strip().lower() for v in values for n in v.split(",") if n.strip()})
    return tuple(names) if set(names) <= VARY_SUPPORTED else None


@dataclasses.dataclass(slots=True)
class Entry:
    headers: CIMultiDict[str]
    body: bytes
    stored: float
    initial_age: float
    lifetime: float
    size: int

    def age(self, now: float) -> float:
        return self.initial_age + now - self.stored

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")


@dataclasses.dataclass(slots=True)
class Resource:
    """Everything stored for one path and query: its service, the headers it varies on, an entry per variant."""

    service: str
    vary: tuple[str, ...]
    entries: dict[tuple[str, ...], Entry]
    size: int = 0


@dataclasses.dataclass(slots=True)
class Lookup:
    """A cacheable read on its way: what was found for it, and whether it is fresh enough to answer."""

    service: str
    path: str
    key: tuple[str, ...] | None
    entry: Entry | None
    fresh: bool


class SharedCache:
    def __init__(
        self,
        max_bytes: int,
        *,
        max_entry_bytes: int,
        private_cookies: Iterable[str] = (),
        drop_headers: Iterable[str] = (),
        clock: Callable[[], float] = time.monotonic,
    ):
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self.private_cookies = tuple(private_cookies)
        self.drop_headers = {h.lower() for h in drop_headers} | {"age"}
        self.clock = clock
        self.resources: OrderedDict[str, Resource] = OrderedDict()
        self.bytes = 0

    # --- the request side ---------------------------------------------------------------------------------------

    def lookup(self, request: web.Request, service: str) -> Lookup | None:
        """None when this request must bypass the cache (not a read, personal, partial, or ``no-store``)."""
        headers = request.headers
        if (
            not self.max_bytes
            or request.method not in ("GET", "HEAD")
            or "Authorization" in headers
            or "Range" in headers
            or any(name in request.cookies for name in self.private_cookies)
        ):
            return None
        control = directives(headers.get("Cache-Control", ""))
        if "no-store" in control:
            return None
        path = request.rel_url.raw_path_qs
        resource = self.resources.get(path)
        key = tuple(headers.get(name, "") for name in resource.vary) if resource else None
        entry = resource.entries.get(key) if resource and key is not None else None
        if entry is not None and (
            "no-cache" in control or control.get("max-age") == "0" or "no-cache" in headers.get("Pragma", "")
        ):
            self._remove(path, key)  # the client asks for the service's own answer, which then replaces the entry
            entry = None
        fresh = entry is not None and entry.age(self.clock()) < entry.lifetime
        if fresh:
            self.resources.move_to_end(path)
        LOOKUPS.labels("hit" if fresh else "stale" if entry else "miss").inc()
        return Lookup(service, path, key, entry, fresh)

    def upstream_headers(self, lookup: Lookup, headers: dict[str, str]) -> dict[str, str]:
        """Revalidating a stale entry: the cache's own condition replaces the client's (answered here after)."""
        if lookup.entry is None:
            return headers
        headers = {k: v for k, v in headers.items() if k.lower() not in CONDITIONALS}
        if lookup.entry.etag:
            headers["If-None-Match"] = lookup.entry.etag
        return headers

    # --- the answer side ----------------------------------------------------------------------------------------

    async def settle(self, request: web.Request, lookup: Lookup, upstream) -> web.Response | None:
        """Answer from the cache after the service's answer (stored or refreshed), or None to pass it through."""
        entry = lookup.entry
        if entry is not None and upstream.status == 304:
            self._refresh(lookup, entry, upstream.headers)
            return self.respond(request, entry, "REVALIDATED")
        if entry is not None:
            self._remove(lookup.path, lookup.key)
        length = upstream.content_length
        if request.method != "GET" or length is None or length > self.max_entry_bytes:
            return None
        lifetime = freshness(upstream.status, upstream.headers)
        if lifetime is None:
            return None
        stored = self._store(request, lookup, upstream.headers, await upstream.read(), lifetime)
        return self.respond(request, stored, "MISS")

    def respond(self, request: web.Request, entry: Entry, outcome: str) -> web.Response:
        headers = CIMultiDict(entry.headers)
        if outcome == "HIT":
            headers["Age"] = str(int(entry.age(self.clock())))
        headers["X-Cache"] = outcome
        condition = request.headers.get("If-None-Match")
        if condition is not None and etag_matches(condition, entry.etag):
            kept = {k: v for k, v in headers.items() if k.lower() in KEPT_BY_304}
            return web.Response(status=304, headers=kept)
        return web.Response(status=200, body=entry.body, headers=headers)

    def invalidate(self, service: str) -> None:
        """A write went to ``service``: drop all of its entries."""
        for path in [p for p, r in self.resources.items() if r.service == service]:
            self._drop(path)

    # --- storage ------------------------------------------------------------------------------------------------

    def _store(self, request: web.Request, lookup: Lookup, headers, body: bytes, lifetime: float) -> Entry:
        kept = CIMultiDict((k, v) for k, v in headers.items() if k.lower() not in self.drop_headers)
        size = len(body) + len(lookup.path) + sum(len(k) + len(v) for k, v in kept.items()) + OVERHEAD
        age = delta_seconds(headers.get("Age")) or 0
        entry = Entry(kept, body, self.clock(), float(age), lifetime, size)
        if size > self.max_bytes:
            return entry  # answered, not kept
        vary = vary_names(headers) or ()
        resource = self.resources.get(lookup.path)
        if resource is not None and (resource.vary != vary or resource.service != lookup.service):
            self._drop(lookup.path)
        key = tuple(request.headers.get(name, "") for name in vary)
        self._remove(lookup.path, key)
        resource = self.resources.get(lookup.path)
        if resource is None:
            resource = self.resources[lookup.path] = Resource(lookup.service, vary, {})
        resource.entries[key] = entry
        resource.size += size
        self.bytes += size
        self.resources.move_to_end(lookup.path)
        STORES.inc()
        while self.bytes > self.max_bytes and self.resources:
            self._drop(next(iter(self.resources)))
            EVICTIONS.inc()
        BYTES.set(self.bytes)
        return entry

    def _refresh(self, lookup: Lookup, entry: Entry, headers) -> None:
        for name in NOT_MODIFIED_HEADERS:
            if name in headers and name != "Vary":
                entry.headers[name] = headers[name]
        lifetime = freshness(200, entry.headers)
        if lifetime is None:
            self._remove(lookup.path, lookup.key)
            return
        entry.stored, entry.lifetime = self.clock(), lifetime
        entry.initial_age = float(delta_seconds(headers.get("Age")) or 0)
        if lookup.path in self.resources:
            self.resources.move_to_end(lookup.path)

    def _remove(self, path: str, key: tuple[str, ...] | None) -> None:
        resource = self.resources.get(path)
        entry = resource.entries.pop(key, None) if resource is not None and key is not None else None
        if entry is None:
            return
        resource.size -= entry.size
        self.bytes -= entry.size
        if not resource.entries:
            del self.resources[path]
        BYTES.set(self.bytes)

    def _drop(self, path: str) -> None:
        resource = self.resources.pop(path, None)
        if resource is not None:
            self.bytes -= resource.size
            BYTES.set(self.bytes)
