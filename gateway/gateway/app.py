"""The gateway as an aiohttp application, assembled: its state, its middlewares and its whole URL map.

It holds no business rule. What each part does lives in its module: ``guards`` (request ids, hostile paths,
CSRF, write limits), ``auth_api`` and ``signup`` (tokens, accounts, partners' sign-up and resets), ``home`` (the
front door and the start page), ``admin`` (the admin's pages), ``pages`` (sign-in and sign-up forms), ``health``
(probes, metrics, the docs index), ``province`` (the /provinsi/ pages) and ``proxy`` (every other path, to its
service). ``context`` holds the app keys they all read.
"""

from __future__ import annotations

import aiohttp
from aiohttp import web

from chassis import logs, security, tracing
from chassis.auth import TokenVerifier
from chassis.db import Database
from gateway import (
    accounts,
    admin,
    auth_api,
    guards,
    health,
    home,
    pages,
    province,
    ratelimit,
    recovery,
    session,
    signup,
)
from gateway.cache import SharedCache
from gateway.context import (
    CACHE,
    DB,
    HTTP,
    LIMITS,
    OPERATORS,
    REVOCATIONS,
    SESSION_COOKIE,
    SETTINGS,
    SIGNER,
    STORE,
    TRUSTED,
    VERIFIER,
    stylesheet,
)
from gateway.keys import Signer, ensure_key_pair
from gateway.proxy import BUFFER_LIMIT, HOP_BY_HOP, proxy
from gateway.settings import GatewaySettings, from_env


def create_app(settings: GatewaySettings | None = None) -> web.Application:
    settings = settings or from_env()
    logs.configure("gateway", settings.log_level, settings.log_json)
    ensure_key_pair(settings.private_key_path(), settings.public_key_path())
    app = web.Application(
        middlewares=[
            *tracing.aiohttp_middlewares("gateway"),
            guards.request_context,
            guards.refuse_hostile_paths,
            guards.refuse_cross_site_writes,
            guards.limit_writes,
            session.slide,
        ],
        client_max_size=25 * 1024 * 1024,
    )
    app[SETTINGS] = settings
    app[TRUSTED] = ratelimit.networks(settings.trusted_proxies)
    app[OPERATORS] = ratelimit.networks(settings.operator_networks)
    app[REVOCATIONS] = {}
    app[DB] = Database(settings.resolved_database_url())
    app[STORE] = accounts.AccountStore(app[DB])
    app[SIGNER] = Signer(
        settings.private_key_path(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.access_token_ttl_seconds,
    )
    # The gateway checks its own tokens with its current and previous key, so a rotation signs nobody out.
    own_keys = None if settings.jwt_public_key or settings.jwks_url else app[SIGNER].verification_keys
    app[VERIFIER] = TokenVerifier(settings, keys=own_keys)
    app[LIMITS] = ratelimit.RateLimits(
        ratelimit.storage_for(settings.redis_url, settings.rate_limit_key_prefix),
        ratelimit.Budgets.from_settings(settings),
    )
    app[CACHE] = SharedCache(
        settings.gateway_cache_bytes,
        max_entry_bytes=BUFFER_LIMIT,
        private_cookies=[SESSION_COOKIE],
        drop_headers=HOP_BY_HOP,
    )

    async def client_session(app: web.Application):
        connector = aiohttp.TCPConnector(limit=settings.upstream_pool_size, keepalive_timeout=30, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=settings.upstream_timeout, sock_connect=settings.upstream_connect_timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
            app[HTTP] = session
            yield

    async def close_db(app: web.Application):
        app[DB].dispose()

    async def secure(request: web.Request, response: web.StreamResponse):
        """Every answer, the gateway's own and the services', gets the suite's header policy and ``Server: suite``."""
        security.apply(response.headers, settings.https)

    app.on_response_prepare.append(secure)
    app.on_response_prepare.append(session.renew_on_answer)
    app.cleanup_ctx.append(client_session)
    if settings.smtp_host:
        app.cleanup_ctx.append(signup.mail_sender)
    app.on_cleanup.append(close_db)

    routes = app.router
    routes.add_post("/api/auth/login", auth_api.login)
    routes.add_post("/api/auth/accounts", auth_api.create_account)
    routes.add_get("/api/auth/accounts", auth_api.list_accounts)
    routes.add_patch("/api/auth/accounts/{username}", auth_api.change_account)
    routes.add_post("/api/auth/accounts/{username}/password-reset", auth_api.reset_password)
    routes.add_get("/api/auth/me", auth_api.me)
    routes.add_post("/api/auth/signup", signup.signup)
    routes.add_get("/api/auth/confirm", signup.confirm)
    routes.add_post("/api/auth/password-reset", signup.request_reset)
    routes.add_post("/api/auth/password-reset/confirm", signup.confirm_reset)
    routes.add_get("/api/auth/jwks.json", auth_api.jwks)
    routes.add_get("/.well-known/jwks.json", auth_api.jwks)
    routes.add_get("/healthz", health.healthz)
    routes.add_get("/readyz", health.readyz)
    routes.add_get("/metrics", health.prometheus)
    routes.add_get("/api/docs", health.docs_index)
    routes.add_get("/static/gateway.css", stylesheet("gateway.css"))
    routes.add_get("/static/provinsi.css", stylesheet("provinsi.css"))
    routes.add_get("/", home.front_door)
    routes.add_get("/beranda", home.start_page)
    routes.add_get("/privasi", home.privacy_notice)
    routes.add_get("/_suite/suite.css", home.suite_stylesheet)
    admin.setup(app)
    routes.add_get("/masuk", pages.login_page)
    routes.add_post("/masuk", pages.login_form)
    routes.add_post("/masuk/sandi-baru", pages.new_password_form)
    routes.add_post("/masuk/kirim-ulang", pages.resend_form)
    routes.add_post("/keluar", pages.logout)
    routes.add_get("/daftar", pages.signup_page)
    routes.add_post("/daftar", pages.signup_form)
    recovery.setup(app)
    province.setup(app)  # the /provinsi/ pages, before the proxy takes every other path
    routes.add_route("*", "/{tail:.*}", proxy)
    return app
