"""The sign-in, sign-up and sign-out pages: forms without JavaScript over the same checks as the auth API.

Signing in sets the access token as an HttpOnly, SameSite=Strict cookie for the services' pages. The proxy turns
that cookie into a bearer token, so every service checks it exactly as it checks API tokens. SameSite=Strict
keeps other sites from riding on it; sites of the same registrable domain (every ``*.go.id``) are kept out by
the gateway's origin check on every cookie-carrying write (``gateway.guards``).
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from aiohttp import web
from marshmallow import ValidationError

from chassis.caching import NO_STORE
from chassis.problems import Problem, flatten_errors
from gateway import accounts, kept_forms, signup
from gateway.context import SESSION_COOKIE, SETTINGS, SIGNER, STORE, page
from gateway.identity import authenticate, forget_revocation
from gateway.login_page import render_login, safe_next
from gateway.proxy import replay
from gateway.session import set_session_cookie

# Where a login without a ``next`` lands: the person's start page.
START_PAGE = "/beranda"


def render_signup(
    request: web.Request,
    status: int = 200,
    *,
    values: dict | None = None,
    errors: dict | None = None,
    error: str = "",
    headers: dict | None = None,
) -> web.Response:
    return page(
        "daftar.html",
        status,
        headers={**NO_STORE, **(headers or {})},
        values={"username": "", "email": "", **(values or {})},
        errors=errors or {},
        error=error,
        min_password=accounts.MIN_PASSWORD,
        settings=request.app[SETTINGS],
    )


def limited_page(request: web.Request, refusal: Problem) -> web.Response | None:
    """A 429 on the login or sign-up form as the form itself with the message, for people; None for the API."""
    if request.path == "/masuk":
        return render_login(429, error=refusal.detail, headers=refusal.headers)
    if request.path == "/daftar":
        return render_signup(request, 429, error=refusal.detail, headers=refusal.headers)
    return None


# What the login page says after a redirect; the query names one of these, never free text.
NOTICES = {
    "sandi": "Kata sandi diganti, silakan masuk.",
    "konfirmasi": "Bila email akun itu belum dikonfirmasi, tautan konfirmasi yang baru sudah kami kirim ke sana.",
}


async def login_page(request: web.Request) -> web.Response:
    wanted = request.query.get("next")
    notice = NOTICES.get(request.query.get("ok", ""), "")
    return render_login(next_url=safe_next(wanted) if wanted else "", notice=notice)


async def login_form(request: web.Request) -> web.Response:  # raises the redirect on success
    form = await request.post()
    username, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:1024]
    wanted = str(form.get("next", ""))
    next_url = safe_next(wanted) if wanted else START_PAGE
    kept = str(form.get(kept_forms.KEY_FIELD, ""))[:100]
    again = {"next_url": next_url, "username": username, "kept": kept, "notice": kept_forms.NOTICE if kept else ""}
    try:
        account = await authenticate(request, username, password) if username and password else None
    except Problem as exc:
        if exc.status == 403 and "unconfirmed" in exc.extra:
            resend = signup.resend_token(request, exc.extra["unconfirmed"])
            return render_login(403, error=exc.detail, resend=resend, **again)
        if exc.status != 429:
            raise
        return render_login(429, error=exc.detail, headers=exc.headers, **again)
    if account is None:
        return render_login(401, error="Nama pengguna atau kata sandi salah.", **again)
    if account["handed_over"]:
        return render_new_password(username=account["username"], next_url=next_url)
    return await entered(request, account, next_url, kept)


async def entered(request: web.Request, account: dict, next_url: str, kept: str) -> web.StreamResponse:
    """Signed in: the form kept from this browser's expired session, sent on as this account, or ``next_url``."""
    form = await kept_forms.take(request.app, kept, account["username"])
    if form is None:
        raise signed_in(request, account, next_url)
    token = request.app[SIGNER].issue(account["username"], account["roles"], account["opd"])
    answer = await replay(request, form, token)
    set_session_cookie(request, answer, token)
    return answer


def signed_in(request: web.Request, account: dict, next_url: str) -> web.HTTPSeeOther:
    """The redirect to ``next_url`` that carries the account's new session cookie."""
    signer = request.app[SIGNER]
    token = signer.issue(account["username"], account["roles"], account["opd"])
    response = web.HTTPSeeOther(next_url)
    set_session_cookie(request, response, token)
    return response


def render_new_password(
    status: int = 200, *, username: str, next_url: str, errors: dict | None = None, error: str = ""
) -> web.Response:
    return page(
        "sandi-baru.html",
        status,
        headers=NO_STORE,
        username=username,
        next_url=next_url,
        errors=errors or {},
        error=error,
        min_password=accounts.MIN_PASSWORD,
    )


async def new_password_form(request: web.Request) -> web.Response:  # raises the redirect on success
    """The holder of a handed-over password chooses their own: the one-time password again, the new one twice."""
    form = await request.post()
    username = str(form.get("username", ""))[:64]
    current, password, again = (str(form.get(k, ""))[:1024] for k in ("current", "password", "again"))
    wanted = str(form.get("next", ""))
    next_url = safe_next(wanted) if wanted else START_PAGE
    account = await authenticate(request, username, current) if username and current else None
    if account is None:
        wrong = {"current": ["Kata sandi sekali pakai salah."]}
        return render_new_password(401, username=username, next_url=next_url, errors=wrong)
    if not account["handed_over"]:
        raise web.HTTPSeeOther(f"/masuk?next={quote(next_url)}")
    errors = accounts.new_password_problems(current, password, again)
    if errors:
        return render_new_password(422, username=username, next_url=next_url, errors=errors)
    changed = await asyncio.to_thread(request.app[STORE].replace_password, account["username"], password)
    forget_revocation(request.app, account["username"])
    raise signed_in(request, changed, next_url)


async def signup_page(request: web.Request) -> web.Response:
    return render_signup(request)


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
        return render_signup(request, status, values=values, errors=errors, error=message, headers=headers)
    return page("daftar-terkirim.html", 202, headers=NO_STORE, username=data["username"], email=data["email"])


async def resend_form(request: web.Request) -> web.Response:  # raises the redirect
    """A new confirmation mail, offered only on the login page after the right password (its signed key says for
    whom), so it tells nobody which accounts exist; rate limited per address like the sign-up's mail."""
    form = await request.post()
    try:
        await signup.resend_confirmation(request, str(form.get("kunci", ""))[:2000])
    except Problem as exc:
        if exc.status not in (400, 429):
            raise
        return render_login(exc.status, error=exc.detail, headers=exc.headers if exc.status == 429 else None)
    raise web.HTTPSeeOther("/masuk?ok=konfirmasi")


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther("/masuk")
    response.del_cookie(SESSION_COOKIE, path="/", secure=request.app[SETTINGS].https, samesite="Strict")
    raise response
