"""What every part of the gateway reads from the running app: its keys, the one template environment, the client.

A leaf: of the gateway it imports only settings and ratelimit's address helpers at run time (the other key types
for the type checker alone), so the auth API, the pages, the proxy and the province pages all depend on it and
never on each other through ``app``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import jinja2
from aiohttp import web

from chassis import caching
from chassis.auth import TokenVerifier
from chassis.db import Database
from gateway import ratelimit
from gateway.settings import GatewaySettings

if TYPE_CHECKING:
    from gateway.accounts import AccountStore
    from gateway.cache import SharedCache
    from gateway.keys import Signer

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
# The browser session: the access token the login page sets, which the proxy forwards as a bearer token.
SESSION_COOKIE = "suite_token"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SETTINGS = web.AppKey("settings", GatewaySettings)
DB = web.AppKey("db", Database)
STORE: web.AppKey[AccountStore] = web.AppKey("store")
SIGNER: web.AppKey[Signer] = web.AppKey("signer")
VERIFIER = web.AppKey("verifier", TokenVerifier)
LIMITS = web.AppKey("limits", ratelimit.RateLimits)
TRUSTED = web.AppKey("trusted_proxies", tuple)
OPERATORS = web.AppKey("operator_networks", tuple)
# username -> (tokens_valid_after, when it was read): see identity.revoked.
REVOCATIONS = web.AppKey("revocations", dict)
HTTP = web.AppKey("http", aiohttp.ClientSession)
CACHE: web.AppKey[SharedCache] = web.AppKey("cache")
REQUEST_ID = web.RequestKey("request_id", str)
# (Principal or None,): the request's verified account, looked up once.
CREDENTIAL = web.RequestKey("credential", tuple)

# The chassis' shared templates (chassis/privacy_notice.html), found without importing chassis.pages (Flask).
CHASSIS_TEMPLATES = Path(caching.__file__).parent / "templates"
# The gateway's own pages (sign-in, sign-up, the province's): one environment, so one cache of compiled templates.
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader([HERE / "templates", CHASSIS_TEMPLATES]),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(template: str, status: int = 200, *, headers: dict | None = None, **values) -> web.Response:
    body = TEMPLATES.get_template(template).render(**values)
    return web.Response(status=status, text=body, content_type="text/html", headers=headers)


def stylesheet(name: str):
    """A handler serving ``static/<name>``, read once: the pages' look, as the suite's ``style-src 'self'`` wants."""
    body = (STATIC / name).read_bytes()

    async def serve(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/css", headers=caching.public(3600))

    return serve


def client_address(request: web.Request) -> str:
    """The client: the socket peer, or behind a trusted proxy the address that proxy saw (``TRUSTED_PROXIES``)."""
    return ratelimit.client_address(request.remote, request.headers.get("X-Forwarded-For"), request.app[TRUSTED])


def from_operator(request: web.Request) -> bool:
    return ratelimit.within(client_address(request), request.app[OPERATORS])


def public_base(request: web.Request) -> str:
    """The suite's address for links in mail."""
    base = request.app[SETTINGS].public_base_url
    return base.rstrip("/") if base else f"{request.scheme}://{request.host}"
