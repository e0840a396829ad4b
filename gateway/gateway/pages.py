"""The staff login page: it sets the access token as an HttpOnly, SameSite=Strict cookie for the services' pages.

The proxy turns that cookie into a bearer token, so every service checks it
exactly as it checks API tokens. SameSite=Strict keeps other sites from
riding on it (no cross-site form posts carry it).
"""

from __future__ import annotations

import asyncio
import html
from urllib.parse import urlsplit

from aiohttp import web

from gateway import app as gateway_app

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk petugas</title>
<style>body{{font:17px/1.5 system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}}
label{{display:block;font-weight:600;margin-top:1rem}}
input{{width:100%;padding:.55rem;font:inherit;border:1px solid #767676;border-radius:4px}}
button{{margin-top:1.25rem;padding:.7rem 1.2rem;font:inherit;font-weight:600;color:#fff;
background:#0b4f8a;border:0;border-radius:4px}}.error{{color:#a4000f;font-weight:600}}</style></head>
<body><main><h1>Masuk petugas</h1>{error}
<form method="post" action="/masuk">
<input type="hidden" name="next" value="{next}">
<label for="username">Nama pengguna</label><input id="username" name="username" autocomplete="username" required
 value="{username}">
<label for="password">Kata sandi</label><input id="password" name="password" type="password"
 autocomplete="current-password" required>
<button type="submit">Masuk</button></form></main></body></html>"""


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //evil.example) may follow a login."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/") or (target or "").startswith("//"):
        return "/"
    return target or "/"


def render(status: int = 200, *, error: str = "", next_url: str = "/", username: str = "") -> web.Response:
    body = PAGE.format(
        error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        next=html.escape(next_url),
        username=html.escape(username),
    )
    return web.Response(status=status, text=body, content_type="text/html", headers={"Cache-Control": "no-store"})


async def login_page(request: web.Request) -> web.Response:
    return render(next_url=safe_next(request.query.get("next")))


async def login_form(request: web.Request) -> web.Response:  # raises the redirect on success
    gateway_app.allowed_write(request)
    form = await request.post()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    next_url = safe_next(str(form.get("next", "/")))
    store = request.app[gateway_app.STORE]
    account = await asyncio.to_thread(store.authenticate, username, password) if username and password else None
    if account is None:
        return render(401, error="Nama pengguna atau kata sandi salah.", next_url=next_url, username=username)
    signer = request.app[gateway_app.SIGNER]
    token = signer.issue(account["username"], account["roles"], account["opd"])
    response = web.HTTPSeeOther(next_url)
    response.set_cookie(
        gateway_app.SESSION_COOKIE,
        token,
        max_age=signer.ttl_seconds,
        httponly=True,
        samesite="Strict",
        secure=request.headers.get("X-Forwarded-Proto", request.scheme) == "https",
        path="/",
    )
    raise response


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther("/masuk")
    response.del_cookie(gateway_app.SESSION_COOKIE, path="/")
    raise response
