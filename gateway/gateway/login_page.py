"""The login form as a page, and where a login may lead: shown by the sign-in pages and by the proxy, when it keeps
a form whose session expired (``gateway.kept_forms``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from chassis.caching import NO_STORE
from gateway import kept_forms
from gateway.context import page


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no //evil.example) may follow a login."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/") or (target or "").startswith("//"):
        return "/"
    return target or "/"


def render_login(
    status: int = 200,
    *,
    error: str = "",
    next_url: str = "",
    username: str = "",
    headers: dict | None = None,
    notice: str = "",
    kept: str = "",
    resend: str = "",
) -> web.Response:
    """The login form; ``kept`` is the key of a form kept from an expired session, sent on after this login;
    ``resend`` the key of the button that mails a new confirmation link."""
    return page(
        "masuk.html",
        status,
        headers={**NO_STORE, **(headers or {})},
        error=error,
        next_url=next_url,
        username=username,
        notice=notice,
        kept=kept,
        kept_field=kept_forms.KEY_FIELD,
        resend=resend,
    )
