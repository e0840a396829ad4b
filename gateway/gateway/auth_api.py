"""The auth API: sign in for a token, the signed-in account, the key set, and the admin's account management."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from chassis import caching
from chassis.auth import Principal
from chassis.problems import Problem
from gateway import accounts
from gateway.answers import read_json
from gateway.context import SIGNER, STORE
from gateway.identity import authenticate, principal

log = logging.getLogger("gateway")


async def login(request: web.Request) -> web.Response:
    data = await read_json(request, accounts.LoginSchema())
    account = await authenticate(request, data["username"], data["password"])
    if account is None:
        raise Problem(
            401, "Nama pengguna atau kata sandi salah.", title="Unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    signer = request.app[SIGNER]
    token = signer.issue(account["username"], account["roles"], account["opd"])
    return web.json_response(
        {"access_token": token, "token_type": "Bearer", "expires_in": signer.ttl_seconds},
        headers=caching.NO_STORE,
    )


async def require_admin(request: web.Request) -> Principal:
    who = await principal(request)
    if not accounts.MANAGE_ACCOUNTS.allows(who):
        roles = sorted(accounts.MANAGE_ACCOUNTS.roles)
        raise Problem(403, "Memerlukan peran admin.", title="Forbidden", required_roles=roles)
    return who


async def create_account(request: web.Request) -> web.Response:
    who = await require_admin(request)
    data = await read_json(request, accounts.NewAccountSchema())
    try:
        created = await asyncio.to_thread(
            request.app[STORE].create, data["username"], data["password"], data["roles"], data["opd"], who.username
        )
    except accounts.Conflict:
        raise Problem(
            409,
            f"Nama pengguna {data['username']} sudah dipakai.",
            title="Conflict",
            errors=[{"field": "username", "message": "sudah dipakai"}],
        ) from None
    log.info("account created", extra={"username": created["username"], "by": who.username})
    return web.json_response(created, status=201, headers={"Location": f"/api/auth/accounts/{created['username']}"})


async def list_accounts(request: web.Request) -> web.Response:
    await require_admin(request)
    items = await asyncio.to_thread(request.app[STORE].list)
    return web.json_response({"items": items, "roles": accounts.ROLES})


async def me(request: web.Request) -> web.Response:
    who = await principal(request)
    return web.json_response({"username": who.username, "roles": sorted(who.roles), "opd": who.opd})


async def jwks(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIGNER].jwks(), headers=caching.public(300))
