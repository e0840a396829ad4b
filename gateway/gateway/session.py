"""The browser session: the cookie that carries the access token, and its renewal while the person works.

A session cookie whose token is past half its life is renewed on the next request that still verifies (same
subject, roles and OPD, a new expiry), so someone working all day is never signed out in the middle of it, and a
session left idle for a whole token lifetime still ends. Revocation is untouched: ``identity.verified`` refuses a
revoked token before any renewal. Bearer tokens (API clients) are never renewed; they sign in again.
"""

from __future__ import annotations

import time

import jwt
from aiohttp import hdrs, web

from gateway.context import SESSION_COOKIE, SETTINGS, SIGNER
from gateway.identity import credential, verified

# The fresh token a request earned, set on its answer whatever handler (or the proxy's stream) wrote it.
RENEWAL = web.RequestKey("session_renewal", str)


def set_session_cookie(request: web.Request, response: web.StreamResponse, token: str) -> None:
    """The one way the session cookie is written: HttpOnly, SameSite=Strict, Secure behind HTTPS, for the token's
    lifetime."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=request.app[SIGNER].ttl_seconds,
        httponly=True,
        samesite="Strict",
        secure=request.app[SETTINGS].https,
        path="/",
    )


def past_half_life(token: str, now: float | None = None) -> bool:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return False  # not a token at all: ``verified`` refuses it
    issued, expires = claims.get("iat"), claims.get("exp")
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        return False
    return (now if now is not None else time.time()) >= issued + (expires - issued) / 2


@web.middleware
async def slide(request: web.Request, handler):
    """Earn a renewal for a request whose session cookie verifies and is past half its life."""
    token, from_cookie = credential(request)
    if token and from_cookie and past_half_life(token):
        who = await verified(request)
        if who is not None:
            request[RENEWAL] = request.app[SIGNER].issue(who.username, sorted(who.roles), who.opd)
    return await handler(request)


async def renew_on_answer(request: web.Request, response: web.StreamResponse) -> None:
    """Set the earned renewal on the answer, unless the answer itself signs in or out (it sets the cookie). aiohttp
    has turned the answer's cookies into headers by now, so the renewal's header is added here."""
    fresh = request.get(RENEWAL)
    if fresh and SESSION_COOKIE not in response.cookies:
        set_session_cookie(request, response, fresh)
        response.headers.add(hdrs.SET_COOKIE, response.cookies[SESSION_COOKIE].output(header="")[1:])
