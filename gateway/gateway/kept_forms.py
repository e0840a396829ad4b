"""No work lost to an expired session: a staff page's form that arrives after its session ended is kept, the login
page asks its author to sign in again, and after they do the gateway sends the form on (``proxy.replay``).

Kept: a browser form (url-encoded or multipart, up to ``MAX_BYTES``, not under ``/api/``) that carries a session
cookie whose signature holds but whose time has passed, or that a service answers with its redirect to the login
page. It is bound to the token's subject and to a random key that only the login page shown to that browser
carries, kept as its SHA-256 for ``KEEP_MINUTES``, and spent when replayed. Another person's login never sends it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
from urllib.parse import urlsplit

import jwt
from aiohttp import web
from sqlalchemy import delete, select

from chassis.messaging import utcnow
from gateway.context import DB, SETTINGS, SIGNER
from gateway.identity import credential
from gateway.models import KeptForm

KEEP_MINUTES = 30
MAX_BYTES = 256 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The login page's hidden field that names the kept form.
KEY_FIELD = "simpanan"
NOTICE = "Sesi Anda berakhir. Masuk lagi; isian Anda disimpan dan akan dikirim setelah masuk."


def keepable(request: web.Request) -> bool:
    """A browser form with a session cookie, small enough to keep (a multipart upload of files is not)."""
    length = request.content_length
    return (
        request.method == "POST"
        and not request.path.startswith("/api/")
        and request.content_type.lower() in FORM_TYPES
        and length is not None
        and length <= MAX_BYTES
        and credential(request)[1]
    )


def genuine_subject(request: web.Request, *, expired_only: bool) -> str | None:
    """The subject of the request's session token if the gateway signed it (its time may have passed); with
    ``expired_only``, only when it has."""
    token, from_cookie = credential(request)
    if not token or not from_cookie:
        return None
    settings = request.app[SETTINGS]
    try:
        key = request.app[SIGNER].verification_keys.get(jwt.get_unverified_header(token).get("kid"))
        if key is None:
            return None
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={"verify_exp": False, "require": ["exp", "sub"]},
        )
    except jwt.InvalidTokenError:
        return None
    if expired_only and claims["exp"] > dt.datetime.now(dt.UTC).timestamp():
        return None
    return str(claims["sub"])


def sent_to_login(status: int, location: str | None) -> bool:
    """A service's answer that asks for a login: its 303 to ``/masuk``."""
    return status == 303 and urlsplit(location or "").path == "/masuk"


def page_of(request: web.Request) -> str:
    """Where the person was: the page that held the form (its Referer on this site), else the form's own path."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.path.startswith("/") and referer.netloc == request.host:
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return request.path


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def keep(request: web.Request, username: str, body: bytes) -> str:
    """Store the form for ``username``; the key for the login page. Forms kept past their time are dropped."""
    secret = secrets.token_urlsafe(24)
    path = request.raw_path
    kind = request.headers.get("Content-Type", "application/x-www-form-urlencoded")[:300]
    db = request.app[DB]

    def store() -> None:
        now = utcnow()
        with db.session() as session:
            session.execute(delete(KeptForm).where(KeptForm.expires_at <= now))
            session.add(
                KeptForm(
                    secret_sha256=_digest(secret),
                    username=username,
                    path=path[:2000],
                    content_type=kind,
                    body=body,
                    expires_at=now + dt.timedelta(minutes=KEEP_MINUTES),
                )
            )
            session.commit()

    await asyncio.to_thread(store)
    return secret


async def take(app: web.Application, secret: str, username: str) -> dict | None:
    """The kept form for this key if ``username`` posted it and it has not expired, removed as it is taken."""
    if not secret:
        return None
    db = app[DB]

    def spend() -> dict | None:
        with db.session() as session:
            kept = session.scalar(
                select(KeptForm).where(KeptForm.secret_sha256 == _digest(secret[:100])).with_for_update()
            )
            if kept is None or kept.username != username:
                return None
            found = {"path": kept.path, "content_type": kept.content_type, "body": kept.body}
            alive = kept.expires_at > utcnow()
            session.delete(kept)
            session.commit()
            return found if alive else None

    return await asyncio.to_thread(spend)
