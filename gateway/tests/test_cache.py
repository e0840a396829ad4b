"""The gateway's shared cache: public reads answered without the service, personal and uncacheable ones never."""

from __future__ import annotations

import collections

import requests
from aiohttp import web


def counting_service():
    """A stand-in service whose answers say how to cache them (query ``cc``, ``vary``, ``cookie``, ``size``).

    It counts the reads it serves per path and query, answers its ETag with 304, and a write bumps the version.
    """
    state = {"reads": collections.Counter(), "version": 1, "revalidations": 0}

    async def read(request: web.Request):
        state["reads"][request.path_qs] += 1
        query = request.query
        etag = f'W/"v{state["version"]}"'
        headers = {"Cache-Control": query.get("cc", "public, max-age=60"), "ETag": etag}
        if "vary" in query:
            headers["Vary"] = query["vary"]
        if "cookie" in query:
            headers["Set-Cookie"] = "pilihan=1; Path=/"
        if request.headers.get("If-None-Match") == etag:
            state["revalidations"] += 1
            return web.Response(status=304, headers=headers)
        accept = request.headers.get("Accept", "")
        body = f"v{state['version']} {request.path_qs} {accept}".ljust(int(query.get("size", 100)))
        return web.Response(text=body, content_type="text/plain", headers=headers)

    async def missing(request: web.Request):
        state["reads"][request.path_qs] += 1
        return web.Response(
            status=404,
            text='{"status": 404}',
            content_type="application/problem+json",
            headers={"Cache-Control": "public, max-age=60"},
        )

    async def write(request: web.Request):
        state["version"] += 1
        return web.json_response({"version": state["version"]}, status=201)

    app = web.Application()
    app.router.add_get("/api/newsroom/missing", missing)
    app.router.add_get("/{tail:.*}", read)
    app.router.add_route("*", "/{tail:.*}", write)
    return app, state


class Clock:
    """The cache's clock, moved by the test: expiry is tested without waiting for it."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def serve(loop, start_gateway, clock=None, **overrides):
    app, state = counting_service()
    service = loop.serve(app)
    return start_gateway(newsroom_url=service, registry_url=service, clock=clock, **overrides), state


def test_a_public_read_is_answered_from_the_cache_with_a_growing_age(loop, start_gateway):
    clock = Clock()
    base, state = serve(loop, start_gateway, clock)
    url = f"{base}/api/newsroom/articles?limit=20"
    first = requests.get(url)
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    assert "Age" not in first.headers
    clock.advance(1.1)
    again = requests.get(url, headers={"X-Request-ID": "kedua"})
    assert again.status_code == 200 and again.text == first.text
    assert again.headers["X-Cache"] == "HIT" and again.headers["Age"] == "1"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Request-ID"] == "kedua"
    assert state["reads"]["/api/newsroom/articles?limit=20"] == 1
    # Another query is another entry.
    requests.get(f"{base}/api/newsroom/articles?limit=10")
    assert state["reads"]["/api/newsroom/articles?limit=10"] == 1
    metrics = requests.get(f"{base}/metrics").text
    assert 'gateway_cache_lookups_total{outcome="hit"}' in metrics and "gateway_cache_bytes" in metrics


def test_reads_with_a_token_or_the_session_cookie_always_reach_the_service(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    url = f"{base}/newsroom/berita/a"
    requests.get(url)  # stored
    staff = requests.get(url, headers={"Authorization": "Bearer x"})
    assert "X-Cache" not in staff.headers
    signed_in = requests.get(url, cookies={"suite_token": "x"})
    assert "X-Cache" not in signed_in.headers
    assert state["reads"]["/newsroom/berita/a"] == 3
    # Neither is stored: a staff member's answer never reaches the public.
    fresh = f"{base}/newsroom/berita/b"
    requests.get(fresh, headers={"Authorization": "Bearer x"})
    requests.get(fresh, cookies={"suite_token": "x"})
    assert requests.get(fresh).headers["X-Cache"] == "MISS"
    assert state["reads"]["/newsroom/berita/b"] == 3


def test_private_no_store_set_cookie_errors_and_unknown_vary_are_not_stored(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    for query in (
        "cc=private,max-age=60",
        "cc=public,max-age=60,no-store",
        "cc=max-age=60",
        "cc=public,max-age=0",
        "cookie=1",
        "vary=Cookie",
        "vary=*",
    ):
        for _ in range(2):
            assert requests.get(f"{base}/newsroom/x?{query}").status_code == 200
        assert state["reads"][f"/newsroom/x?{query}"] == 2, query
    for _ in range(2):
        assert requests.get(f"{base}/api/newsroom/missing").status_code == 404
    assert state["reads"]["/api/newsroom/missing"] == 2


def test_an_etag_sent_back_gets_304_from_the_cache_and_head_is_answered_from_the_get(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    url = f"{base}/newsroom/feed.rss"
    etag = requests.get(url).headers["ETag"]
    not_modified = requests.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["X-Cache"] == "HIT" and not_modified.headers["ETag"] == etag
    assert "Cache-Control" in not_modified.headers
    other = requests.get(url, headers={"If-None-Match": 'W/"lama"'})
    assert other.status_code == 200 and other.text.startswith("v1")
    head = requests.head(url)
    assert head.status_code == 200 and head.headers["X-Cache"] == "HIT" and head.content == b""
    assert int(head.headers["Content-Length"]) == len(other.content)
    assert state["reads"]["/newsroom/feed.rss"] == 1


def test_a_stale_entry_is_revalidated_with_its_etag_and_refetched_when_changed(loop, start_gateway):
    clock = Clock()
    base, state = serve(loop, start_gateway, clock)
    path = "/api/newsroom/articles?cc=public,max-age=2"
    assert requests.get(base + path).headers["X-Cache"] == "MISS"
    clock.advance(1.9)
    assert requests.get(base + path).headers["X-Cache"] == "HIT", "fresh until max-age has passed"
    clock.advance(0.2)
    revalidated = requests.get(base + path)
    assert revalidated.status_code == 200 and revalidated.text.startswith("v1")
    assert revalidated.headers["X-Cache"] == "REVALIDATED" and state["revalidations"] == 1
    assert requests.get(base + path).headers["X-Cache"] == "HIT"  # fresh again after the 304
    state["version"] += 1  # changed behind the gateway's back (say, a scheduled item published)
    assert requests.get(base + path).text.startswith("v1")  # still within max-age
    clock.advance(2.1)
    changed = requests.get(base + path)
    assert changed.headers["X-Cache"] == "MISS" and changed.text.startswith("v2")
    assert state["reads"][path] == 3


def test_no_cache_from_the_client_goes_to_the_service_and_refreshes_the_entry(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    url = f"{base}/newsroom/berita"
    requests.get(url)
    state["version"] += 1
    assert requests.get(url).text.startswith("v1")
    reloaded = requests.get(url, headers={"Cache-Control": "no-cache"})
    assert reloaded.headers["X-Cache"] == "MISS" and reloaded.text.startswith("v2")
    assert requests.get(url).text.startswith("v2")
    assert state["reads"]["/newsroom/berita"] == 2


def test_answers_vary_on_accept(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    url = f"{base}/api/newsroom/articles/1?vary=Accept"
    json_ = requests.get(url, headers={"Accept": "application/json"})
    ninjs = requests.get(url, headers={"Accept": "application/ninjs+json"})
    assert json_.text.split()[2] == "application/json" and ninjs.text.split()[2] == "application/ninjs+json"
    again = requests.get(url, headers={"Accept": "application/ninjs+json"})
    assert again.headers["X-Cache"] == "HIT" and again.text == ninjs.text
    assert state["reads"]["/api/newsroom/articles/1?vary=Accept"] == 2


def test_answers_varying_on_authorization_are_stored_for_anonymous_reads_only(loop, start_gateway):
    base, state = serve(loop, start_gateway)
    url = f"{base}/api/newsroom/articles?vary=Accept,%20Authorization"
    path = "/api/newsroom/articles?vary=Accept,%20Authorization"
    assert requests.get(url).headers["X-Cache"] == "MISS"
    again = requests.get(url)
    assert again.headers["X-Cache"] == "HIT" and again.headers["Vary"] == "Accept, Authorization"
    staff = requests.get(url, headers={"Authorization": "Bearer x"})
    assert staff.status_code == 200 and "X-Cache" not in staff.headers
    assert requests.get(url).headers["X-Cache"] == "HIT"
    assert state["reads"][path] == 2


def test_the_least_recently_used_entries_go_when_the_bytes_run_out(loop, start_gateway):
    base, state = serve(loop, start_gateway, gateway_cache_bytes=5000)

    def get(name):
        return requests.get(f"{base}/newsroom/{name}?size=1000").headers["X-Cache"]

    assert [get(n) for n in "abc"] == ["MISS", "MISS", "MISS"]
    assert get("a") == "HIT"  # a is now the most recently used
    assert get("d") == "MISS"  # over 5000 bytes: b goes
    assert [get(n) for n in "acd"] == ["HIT", "HIT", "HIT"]
    assert get("b") == "MISS"
    too_big = f"{base}/newsroom/e?size=5000"
    requests.get(too_big)
    assert requests.get(too_big).headers["X-Cache"] == "MISS"


def test_a_write_through_the_gateway_drops_that_services_entries_only(loop, start_gateway, login):
    base, state = serve(loop, start_gateway)
    requests.get(f"{base}/api/newsroom/articles")
    requests.get(f"{base}/newsroom/berita")
    requests.get(f"{base}/api/registry/outlets")
    assert requests.post(f"{base}/api/newsroom/articles/1/publish", headers=login(base)).status_code == 201
    listed = requests.get(f"{base}/api/newsroom/articles")
    assert listed.headers["X-Cache"] == "MISS" and listed.text.startswith("v2")
    assert requests.get(f"{base}/newsroom/berita").headers["X-Cache"] == "MISS"
    assert requests.get(f"{base}/api/registry/outlets").headers["X-Cache"] == "HIT"


def test_a_cache_of_zero_bytes_is_off(loop, start_gateway):
    base, state = serve(loop, start_gateway, gateway_cache_bytes=0)
    for _ in range(2):
        assert "X-Cache" not in requests.get(f"{base}/newsroom/berita").headers
    assert state["reads"]["/newsroom/berita"] == 2
