"""The front door at /, the start page after login, and the gateway's own errors as pages for browsers."""

from __future__ import annotations

import requests
from aiohttp import web

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def newsroom(items: list[dict]) -> web.Application:
    async def articles(request: web.Request):
        return web.json_response({"items": items[: int(request.query.get("limit", "20"))], "next": None})

    app = web.Application()
    app.router.add_get("/api/newsroom/articles", articles)
    return app


OFFICE = {
    "org_name": "Dinas Kominfo Kota Contoh",
    "office_address": "Jl. Merdeka No. 1, Kota Contoh",
    "office_phone": "(0361) 123456",
    "office_hours": "Senin-Jumat 08.00-16.00",
    "office_timezone": "Asia/Makassar",
}


def test_the_front_door_shows_the_office_the_news_and_the_ways_in(loop, start_gateway):
    news = [
        {
            "title": "Vaksinasi gratis di puskesmas",
            "slug": "vaksinasi-gratis",
            "published_at": "2026-12-02T05:05:00+00:00",
        },
        {"title": "Jalan <ditutup> sementara", "slug": "jalan-ditutup", "published_at": "2026-12-01T23:30:00Z"},
    ]
    base = start_gateway(newsroom_url=loop.serve(newsroom(news)), **OFFICE)
    home = requests.get(f"{base}/", headers={"Accept": BROWSER})
    assert home.status_code == 200 and home.headers["Content-Type"].startswith("text/html")
    assert home.headers["Cache-Control"] == "public, max-age=60"
    text = home.text
    for fact in ("Dinas Kominfo Kota Contoh", "Jl. Merdeka No. 1", "(0361) 123456", "Senin-Jumat 08.00-16.00"):
        assert fact in text
    assert "2 Desember 2026 13.05 WITA" in text and "2 Desember 2026 07.30 WITA" in text
    assert 'href="/newsroom/berita/vaksinasi-gratis"' in text and "Jalan &lt;ditutup&gt; sementara" in text
    for path in (
        "/ppid/",
        "/ppid/dip",
        "/ppid/lacak",
        "/ppid/lacak/lupa-kode",
        "/registry/",
        "/registry/kim",
        "/masuk",
    ):
        assert f'href="{path}"' in text
    assert '<link rel="stylesheet" href="/_suite/suite.css">' in text
    assert "Set-Cookie" not in home.headers
    sheet = requests.get(f"{base}/_suite/suite.css")
    assert sheet.status_code == 200 and sheet.headers["Content-Type"].startswith("text/css")
    assert ".suite-header" in sheet.text


def test_a_newsroom_that_does_not_answer_leaves_a_polite_line(start_gateway):
    home = requests.get(f"{start_gateway()}/")
    assert home.status_code == 200
    assert "Berita terbaru belum dapat ditampilkan saat ini" in home.text
    assert "Alamat" not in home.text  # no address set: no empty line for it


def test_login_without_next_lands_on_the_start_page_with_each_roles_work(start_gateway, login, admin_password):
    base = start_gateway()
    created = requests.post(
        f"{base}/api/auth/accounts",
        json={"username": "redaktur", "password": "rahasia-redaktur", "roles": ["newsroom:editor", "ppid:officer"]},
        headers=login(base),
    )
    assert created.status_code == 201
    session = requests.Session()
    session.headers["Origin"] = base
    assert 'name="next" value=""' in session.get(f"{base}/masuk").text
    done = session.post(
        f"{base}/masuk",
        data={"username": "redaktur", "password": "rahasia-redaktur", "next": ""},
        allow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["Location"] == "/beranda"
    start = session.get(f"{base}/beranda")
    assert start.status_code == 200 and "private" in start.headers["Cache-Control"]
    assert "redaktur" in start.text and "Redaktur" in start.text and "Petugas PPID" in start.text
    assert 'href="/newsroom/redaksi"' in start.text and 'href="/ppid/petugas"' in start.text
    assert 'href="/admin"' not in start.text
    explicit = session.post(
        f"{base}/masuk",
        data={"username": "redaktur", "password": "rahasia-redaktur", "next": "/"},
        allow_redirects=False,
    )
    assert explicit.headers["Location"] == "/"
    stranger = requests.get(f"{base}/beranda", allow_redirects=False)
    assert stranger.status_code == 303 and stranger.headers["Location"] == "/masuk?next=/beranda"


def test_the_gateways_own_errors_are_pages_for_browsers_and_problems_for_api_clients(start_gateway):
    base = start_gateway()
    page = requests.get(f"{base}/tidak-ada", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Halaman tidak ditemukan" in page.text and 'href="/"' in page.text and 'lang="id"' in page.text
    api = requests.get(f"{base}/tidak-ada", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.headers["Content-Type"].startswith("application/problem+json")
    assert api.json()["detail"] == "Tidak ada layanan di /tidak-ada."
    assert requests.get(f"{base}/tidak-ada").headers["Content-Type"].startswith("application/problem+json")
    assert requests.get(f"{base}/tidak-ada", headers={"Accept": "*/*"}).json()["status"] == 404
    down = requests.get(f"{base}/ppid/", headers={"Accept": BROWSER})
    assert down.status_code == 503 and "Layanan sedang tidak tersedia" in down.text
    assert down.headers["Retry-After"] == "5"
    assert requests.get(f"{base}/ppid/").json()["service"] == "ppid"


def test_too_many_writes_from_a_browser_is_a_page(start_gateway):
    base = start_gateway(rate_limit_public_writes_per_minute=1, rate_limit_burst=1)
    answers = [requests.post(f"{base}/api/ppid/requests", headers={"Accept": BROWSER}, data=b"x") for _ in range(3)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and limited[-1].headers["Content-Type"].startswith("text/html")
    assert "Terlalu banyak permintaan" in limited[-1].text
