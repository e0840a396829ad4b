"""The front door at ``/`` (the office, its latest news, the ways in) and each signed-in person's start page.

The front door is the same for everyone (publicly cacheable, nothing personal on it); the newsroom's public list
gives the news, and a newsroom that does not answer leaves a polite line instead. The start page shows where each
of the person's roles works (``accounts.workplaces``); each service's counts of their waiting work
(``work.counts``) stand beside them when the service answers.
"""

from __future__ import annotations

import asyncio
from importlib import resources

from aiohttp import web

from chassis import caching, formats
from gateway import accounts, province, work
from gateway.context import SETTINGS, STORE, page
from gateway.identity import verified

SUITE_CSS = resources.files("chassis").joinpath("static/suite/suite.css").read_bytes()
# The ways in: the public paths the services' own pages answer at.
DOORS = (
    ("Layanan informasi publik (PPID)", "/ppid/", "Ajukan permohonan informasi atau keberatan."),
    ("Daftar Informasi Publik (DIP)", "/ppid/dip", "Informasi yang tersedia setiap saat, berkala dan serta-merta."),
    ("Lacak permohonan", "/ppid/lacak", "Cek status permohonan dengan nomor dan kode lacak."),
    ("Lupa kode pelacakan?", "/ppid/lacak/lupa-kode", "Minta kode baru lewat email atau telepon yang Anda berikan."),
    ("Berita dan siaran pers", "/newsroom/", "Siaran pers, pengumuman dan klarifikasi hoaks."),
    ("Kemitraan media", "/registry/", "Perusahaan pers yang bermitra dan cara mendaftar."),
    ("Kelompok Informasi Masyarakat (KIM)", "/registry/kim", "KIM yang terdaftar dan kegiatannya."),
)


async def suite_stylesheet(request: web.Request) -> web.Response:
    """The chassis's shared stylesheet, the one every service's pages use, from the gateway's own address."""
    return web.Response(body=SUITE_CSS, content_type="text/css", headers=caching.public(3600))


def news_items(answer: dict | None, timezone: str) -> list[dict]:
    items = (answer or {}).get("items")
    if not isinstance(items, list):
        return []
    shown = []
    for item in items:
        if not isinstance(item, dict) or not item.get("title") or not item.get("slug"):
            continue
        moment = item.get("published_at")
        try:
            when = formats.datetime_id(moment, timezone) if moment else ""
        except (TypeError, ValueError):
            when = ""
        shown.append({"title": item["title"], "href": f"/newsroom/berita/{item['slug']}", "when": when, "at": moment})
    return shown


async def front_door(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    answer = await province.fetch(request, "newsroom", "/api/newsroom/articles", limit=str(settings.front_door_news))
    return page(
        "depan.html",
        headers=caching.public(60),
        office=settings.org_name,
        settings=settings,
        news=news_items(answer, settings.office_timezone),
        news_unavailable=answer is None,
        doors=DOORS,
        wide=True,
    )


async def privacy_notice(request: web.Request) -> web.Response:
    """The full privacy notice (UU 27/2022): the same for everyone, so publicly cacheable."""
    settings = request.app[SETTINGS]
    return page("privasi.html", headers=caching.public(3600), office=settings.org_name, settings=settings)


async def start_page(request: web.Request) -> web.Response:
    who = await verified(request)
    if who is None:
        raise web.HTTPSeeOther("/masuk?next=/beranda")
    account, counts = await asyncio.gather(
        asyncio.to_thread(request.app[STORE].get, who.username), work.counts(request)
    )
    return page(
        "beranda.html",
        headers=caching.PRIVATE,
        office=request.app[SETTINGS].org_name,
        signed_in=True,
        who=who,
        account=account,
        roles=[(role, accounts.ROLES.get(role, role)) for role in sorted(who.roles)],
        places=accounts.workplaces(who.roles),
        counts=counts,
    )
