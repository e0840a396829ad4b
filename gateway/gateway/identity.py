"""Who is asking: the request's token (bearer or session cookie), checked once, and password sign-in.

A token counts while its signature holds and it is not older than its account's last password reset; what a
reset retired is read from the accounts table at most every ``REVOCATION_TTL`` seconds per account.
"""

from __future__ import annotations

import asyncio
import time

import jwt
from aiohttp import web

from chassis.auth import Principal
from chassis.problems import Problem
from gateway.accounts import Unconfirmed
from gateway.context import CREDENTIAL, LIMITS, REVOCATIONS, SESSION_COOKIE, STORE, VERIFIER, client_address

UNCONFIRMED = "Email Anda belum dikonfirmasi. Buka tautan di surel yang kami kirim, atau kirim ulang."
# How long the gateway believes what it read of an account's ``tokens_valid_after``; other replicas learn of a
# password reset within this many seconds.
REVOCATION_TTL = 10.0


def credential(request: web.Request) -> tuple[str | None, bool]:
    """(token, from the cookie?): the bearer token, or else the session cookie's."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


async def verified(request: web.Request) -> Principal | None:
    """The account behind the request's token, if the token is valid and not older than the account's last
    password reset; None otherwise. Checked once per request."""
    if CREDENTIAL in request:
        return request[CREDENTIAL][0]
    token, _ = credential(request)
    who = None
    if token:
        try:
            who = request.app[VERIFIER].verify(token)
        except Problem:
            who = None
        if who is not None and await revoked(request.app, who.username, token):
            who = None
    request[CREDENTIAL] = (who,)
    return who


def signed_but_revoked(request: web.Request, token: str) -> bool:
    """A token with a valid signature that ``verified`` still refused: revoked by a password reset."""
    try:
        request.app[VERIFIER].verify(token)
    except Problem:
        return False
    return True


async def revoked(app: web.Application, username: str, token: str) -> bool:
    issued = jwt.decode(token, options={"verify_signature": False}).get("iat")
    cache = app[REVOCATIONS]
    now = time.monotonic()
    known = cache.get(username)
    if known is None or now - known[1] > REVOCATION_TTL:
        if len(cache) > 10_000:
            cache.clear()
        known = (await asyncio.to_thread(app[STORE].tokens_valid_after, username), now)
        cache[username] = known
    valid_after = known[0]
    return valid_after is not None and (not isinstance(issued, int | float) or issued < valid_after)


def forget_revocation(app: web.Application, username: str) -> None:
    app[REVOCATIONS].pop(username, None)


async def principal(request: web.Request) -> Principal:
    """The bearer token's account; 401 without a token or with one a password reset retired."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "Permintaan ini memerlukan token.", headers={"WWW-Authenticate": "Bearer"})
    who = request.app[VERIFIER].verify(token.strip())
    if await revoked(request.app, who.username, token.strip()):
        raise Problem(
            401,
            "Token ini sudah tidak berlaku karena kata sandinya diganti; silakan masuk lagi.",
            title="Unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return who


async def authenticate(request: web.Request, username: str, password: str) -> dict | None:
    """Check a password unless the username is locked by failed logins (then 429, even for the right password); the
    right password of a partner who has not confirmed the email yet is a 403 saying so (``unconfirmed``)."""
    limits = request.app[LIMITS]
    await limits.login_locked(username)
    try:
        account = await asyncio.to_thread(request.app[STORE].authenticate, username, password)
    except Unconfirmed as exc:
        raise Problem(403, UNCONFIRMED, title="Forbidden", unconfirmed=exc.username) from None
    if account is None:
        await limits.login_failed(username, client_address(request))
        return None
    await limits.login_succeeded(username)
    return account
