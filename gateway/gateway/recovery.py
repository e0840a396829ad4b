"""A forgotten password, as pages without JavaScript: ask for a link by username or email, then choose a new
password on the page the link opens. Both run the same functions as the API (``signup.queue_reset``,
``signup.spend_reset``); the first answers the same whether the account exists, the second spends the link once.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from chassis.caching import NO_STORE
from chassis.problems import Problem
from gateway import accounts, signup
from gateway.context import page

SENT = (
    "Bila nama pengguna atau email itu terdaftar, kami sudah mengirim tautan untuk memilih kata sandi baru ke "
    f"emailnya. Tautan berlaku {signup.RESET_HOURS} jam dan hanya sekali."
)
DEAD_LINK = "Tautan ini tidak berlaku lagi: sudah dipakai, kedaluwarsa atau tidak lengkap. Minta tautan baru."


def render_forgotten(
    status: int = 200,
    *,
    value: str = "",
    errors: dict | None = None,
    error: str = "",
    sent: str = "",
    headers: dict | None = None,
) -> web.Response:
    return page(
        "lupa-sandi.html",
        status,
        headers={**NO_STORE, **(headers or {})},
        value=value,
        errors=errors or {},
        error=error,
        sent=sent,
    )


def render_choose(
    status: int = 200, *, token: str, errors: dict | None = None, error: str = "", dead: bool = False
) -> web.Response:
    return page(
        "atur-sandi.html",
        status,
        headers=NO_STORE,
        token=token,
        errors=errors or {},
        error=error,
        dead=dead,
        min_password=accounts.MIN_PASSWORD,
    )


async def forgotten_page(request: web.Request) -> web.Response:
    return render_forgotten()


async def forgotten_form(request: web.Request) -> web.Response:
    form = await request.post()
    value = str(form.get("akun", "")).strip()[:254]
    if not value:
        return render_forgotten(422, errors={"akun": ["Wajib diisi."]})
    try:
        await signup.queue_reset(request, value)
    except Problem as exc:
        if exc.status != 429:
            raise
        return render_forgotten(429, value=value, error=exc.detail, headers=exc.headers)
    return render_forgotten(202, sent=SENT)


async def choose_page(request: web.Request) -> web.Response:
    token = request.query.get("token", "")[:200]
    if not token or not await asyncio.to_thread(signup.reset_usable, request.app, token):
        return render_choose(400, token="", error=DEAD_LINK, dead=True)
    return render_choose(token=token)


async def choose_form(request: web.Request) -> web.Response:  # raises the redirect on success
    form = await request.post()
    token = str(form.get("token", ""))[:200]
    password, again = (str(form.get(k, ""))[:1024] for k in ("password", "again"))
    errors = accounts.new_password_problems("", password, again)
    if errors:
        return render_choose(422, token=token, errors=errors)
    try:
        await signup.spend_reset(request, token, password)
    except Problem as exc:
        if exc.status != 400:
            raise
        return render_choose(400, token="", error=DEAD_LINK, dead=True)
    raise web.HTTPSeeOther("/masuk?ok=sandi")


def setup(app: web.Application) -> None:
    routes = app.router
    routes.add_get("/masuk/lupa-sandi", forgotten_page)
    routes.add_post("/masuk/lupa-sandi", forgotten_form)
    routes.add_get("/masuk/atur-sandi", choose_page)
    routes.add_post("/masuk/atur-sandi", choose_form)
    routes.add_get("/daftar/konfirmasi", signup.confirm)
