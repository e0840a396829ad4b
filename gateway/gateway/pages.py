"""The staff login page: it sets the access token as an HttpOnly, SameSite=Strict cookie for the services' pages.

The proxy turns that cookie into a bearer token, so every service checks it
exactly as it checks API tokens. SameSite=Strict keeps other sites from
riding on it; sites of the same registrable domain (every ``*.go.id``) are
kept out by the gateway's origin check on every cookie-carrying write. The
pages' look is one stylesheet the gateway serves, as the suite's
``style-src 'self'`` wants.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from marshmallow import ValidationError

from chassis.problems import Problem, flatten_errors
from gateway import accounts, signup
from gateway import app as gateway_app

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk</title>
<link rel="stylesheet" href="/static/gateway.css"></head>
<body><main><h1>Masuk</h1><p>Untuk petugas dan mitra media.</p>{error}
<form method="post" action="/masuk">
<input type="hidden" name="next" value="{next}">
<label for="username">Nama pengguna</label><input id="username" name="username" autocomplete="username" required
 value="{username}">
<label for="password">Kata sandi</label><input id="password" name="password" type="password"
 autocomplete="current-password" required>
<button type="submit">Masuk</button></form>
<p>Perusahaan pers belum punya akun? <a href="/daftar">Daftar akun mitra media</a>.</p></main></body></html>"""

SIGNUP_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Daftar akun mitra media</title>
<link rel="stylesheet" href="/static/gateway.css"></head>
<body><main><h1>Daftar akun mitra media</h1>
<p>Untuk perusahaan pers yang ingin bermitra. Kami mengirim tautan konfirmasi ke email Anda.</p>{error}
<form method="post" action="/daftar" novalidate>
<label for="username">Nama pengguna</label>{username_error}<input id="username" name="username"
 autocomplete="username" required value="{username}"{username_invalid}>
<label for="email">Email</label>{email_error}<input id="email" name="email" type="email" autocomplete="email"
 required value="{email}"{email_invalid}>
<label for="password">Kata sandi</label><p class="hint" id="password-hint">Minimal {min_password} karakter.</p>
{password_error}<input id="password" name="password" type="password" autocomplete="new-password" required
 aria-describedby="password-hint"{password_invalid}>
<button type="submit">Daftar</button></form>
<p>Sudah punya akun? <a href="/masuk">Masuk</a>.</p></main></body></html>"""

SIGNUP_DONE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Periksa email Anda</title>
<link rel="stylesheet" href="/static/gateway.css"></head><body><main><h1>Periksa email Anda</h1>
<p role="status">Kami mengirim email ke {email}. Bila akun {username} baru dibuat, buka tautan konfirmasinya dalam
48 jam, lalu <a href="/masuk">masuk</a>; bila tidak, email itu menjelaskan langkah berikutnya.</p></main></body>
</html>"""
STYLESHEET = (Path(__file__).resolve().parent / "static" / "gateway.css").read_bytes()


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //evil.example) may follow a login."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/") or (target or "").startswith("//"):
        return "/"
    return target or "/"


def render(
    status: int = 200, *, error: str = "", next_url: str = "/", username: str = "", headers: dict | None = None
) -> web.Response:
    body = PAGE.format(
        error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        next=html.escape(next_url),
        username=html.escape(username),
    )
    return web.Response(
        status=status, text=body, content_type="text/html", headers={"Cache-Control": "no-store", **(headers or {})}
    )


async def stylesheet(request: web.Request) -> web.Response:
    return web.Response(body=STYLESHEET, content_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


def limited_page(request: web.Request, refusal: Problem) -> web.Response | None:
    """A 429 on the login or sign-up form as the form itself with the message, for people; None for the API."""
    if request.path == "/masuk":
        return render(429, error=refusal.detail, headers=refusal.headers)
    if request.path == "/daftar":
        return render_signup(429, error=refusal.detail, headers=refusal.headers)
    return None


async def login_page(request: web.Request) -> web.Response:
    return render(next_url=safe_next(request.query.get("next")))


async def login_form(request: web.Request) -> web.Response:  # raises the redirect on success
    form = await request.post()
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:1024]
    next_url = safe_next(str(form.get("next", "/")))
    try:
        account = await gateway_app.authenticate(request, username, password) if username and password else None
    except Problem as exc:
        if exc.status != 429:
            raise
        return render(429, error=exc.detail, next_url=next_url, username=username, headers=exc.headers)
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
        secure=request.app[gateway_app.SETTINGS].https,
        path="/",
    )
    raise response


def render_signup(
    status: int = 200,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    error: str = "",
    headers: dict | None = None,
) -> web.Response:
    values, errors = values or {}, errors or {}
    fields = {}
    for name in ("username", "email", "password"):
        message = " ".join(errors.get(name, []))
        fields[f"{name}_error"] = f'<p class="error" id="{name}-error">{html.escape(message)}</p>' if message else ""
        fields[f"{name}_invalid"] = f' aria-invalid="true" aria-errormessage="{name}-error"' if message else ""
    body = SIGNUP_PAGE.format(
        error=f'<p class="error" role="alert">{html.escape(error)}</p>' if error else "",
        username=html.escape(values.get("username", "")),
        email=html.escape(values.get("email", "")),
        min_password=accounts.MIN_PASSWORD,
        **fields,
    )
    return web.Response(
        status=status, text=body, content_type="text/html", headers={"Cache-Control": "no-store", **(headers or {})}
    )


async def signup_page(request: web.Request) -> web.Response:
    return render_signup()


async def signup_form(request: web.Request) -> web.Response:
    """The partner sign-up as a form without JavaScript: the same schema and account creation as the API."""
    form = await request.post()
    values = {k: str(form.get(k, "")).strip() for k in ("username", "email")}
    try:
        data = signup.SignupSchema().load({**values, "password": str(form.get("password", ""))})
        await signup.create_partner(request, data)
    except (ValidationError, Problem) as exc:
        found = flatten_errors(exc.messages) if isinstance(exc, ValidationError) else exc.extra.get("errors", [])
        errors: dict[str, list[str]] = {}
        for item in found:
            errors.setdefault(item["field"], []).append(item["message"])
        status = 422 if isinstance(exc, ValidationError) else exc.status
        message = exc.detail if status == 429 else "Periksa kembali isian yang ditandai."
        headers = exc.headers if isinstance(exc, Problem) else None
        return render_signup(status, values=values, errors=errors, error=message, headers=headers)
    body = SIGNUP_DONE.format(username=html.escape(data["username"]), email=html.escape(data["email"]))
    return web.Response(status=202, text=body, content_type="text/html", headers={"Cache-Control": "no-store"})


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther("/masuk")
    response.del_cookie(
        gateway_app.SESSION_COOKIE, path="/", secure=request.app[gateway_app.SETTINGS].https, samesite="Strict"
    )
    raise response
