"""The start page's counts of waiting work: each service's GET /api/<service>/work with the caller's own token."""

from __future__ import annotations

import requests
from aiohttp import web

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def ppid_work(seen: list[str]) -> web.Application:
    async def work(request: web.Request):
        seen.append(request.headers.get("Authorization", ""))
        items = [
            {"label": "Permohonan baru", "count": 3, "href": "/ppid/petugas?status=baru"},
            {"label": "Lewat tenggat", "count": 1, "href": "https://elsewhere.example/x"},
            {"label": "Rusak", "count": "dua", "href": "/ppid/petugas"},
        ]
        return web.json_response({"items": items})

    app = web.Application()
    app.router.add_get("/api/ppid/work", work)
    return app


def broken_work() -> web.Application:
    async def work(request: web.Request):
        return web.Response(text="bukan json", content_type="application/json")

    app = web.Application()
    app.router.add_get("/api/newsroom/work", work)
    return app


def test_the_start_page_shows_each_answering_services_counts_and_skips_the_rest(loop, start_gateway, admin_password):
    seen: list[str] = []
    base = start_gateway(
        ppid_url=loop.serve(ppid_work(seen)),
        newsroom_url=loop.serve(broken_work()),
        registry_url="http://127.0.0.1:9",  # nothing listens: the registry is down
    )
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": BROWSER})
    signed = session.post(
        f"{base}/masuk", data={"username": "admin", "password": admin_password}, allow_redirects=False
    )
    assert signed.status_code == 303
    start = session.get(f"{base}/beranda")
    assert start.status_code == 200 and "Kelola akun" in start.text
    assert 'href="/ppid/petugas?status=baru">Permohonan baru</a>: <strong>3</strong>' in start.text
    assert "Lewat tenggat: <strong>1</strong>" in start.text, "a link leaving the suite is shown without it"
    assert "elsewhere.example" not in start.text and "Rusak" not in start.text
    assert 'data-service="newsroom"' not in start.text and 'data-service="registry"' not in start.text
    assert len(seen) == 1 and seen[0].startswith("Bearer "), "the caller's own token, as the proxy forwards it"


def test_no_service_answering_leaves_the_start_page_as_it_was(start_gateway, admin_password):
    base = start_gateway()
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": BROWSER})
    session.post(f"{base}/masuk", data={"username": "admin", "password": admin_password})
    start = session.get(f"{base}/beranda")
    assert start.status_code == 200 and "Kelola akun" in start.text and "Pekerjaan yang menunggu" not in start.text
