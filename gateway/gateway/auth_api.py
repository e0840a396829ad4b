"""The auth API: sign in for a token, the signed-in account, the key set, and the admin's account management."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from marshmallow import ValidationError

from chassis import caching
from chassis.auth import Principal
from chassis.problems import Problem, flatten_errors
from gateway import accounts
from gateway.answers import read_json
from gateway.context import SIGNER, STORE
from gateway.identity import authenticate, forget_revocation, principal

log = logging.getLogger("gateway")


async def login(request: web.Request) -> web.Response:
    data = await read_json(request, accounts.LoginSchema())
    account = await authenticate(request, data["username"], data["password"])
    if account is None:
        raise Problem(
            401, "Nama pengguna atau kata sandi salah.", title="Unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    if account["handed_over"]:
        raise Problem(
            403, "Kata sandi sekali pakai ini harus diganti dulu: masuk lewat halaman /masuk.", title="Forbidden"
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
    except accounts.Refused as exc:
        raise Problem(422, exc.message, errors=[{"field": exc.field, "message": exc.message}]) from None
    log.info("account created", extra={"username": created["username"], "by": who.username})
    return web.json_response(created, status=201, headers={"Location": f"/api/auth/accounts/{created['username']}"})


async def list_accounts(request: web.Request) -> web.Response:
    await require_admin(request)
    items = await asyncio.to_thread(request.app[STORE].list)
    return web.json_response({"items": items, "roles": accounts.ROLES})


async def change_account(request: web.Request) -> web.Response:
    """PATCH: the admin changes an account's roles (and OPD) or whether it may sign in."""
    who = await require_admin(request)
    username = request.match_info["username"]
    data = await read_json(request, accounts.AccountChangeSchema())
    changed = await apply_change(request, username, data, who.username)
    return web.json_response(changed)


async def apply_change(request: web.Request, username: str, data: dict, by: str) -> dict:
    """``AccountStore.change`` for the API and the admin's page alike: 404 unknown, 422 what the rules refuse."""
    try:
        changed = await asyncio.to_thread(request.app[STORE].change, username, data, by)
    except ValidationError as exc:
        errors = flatten_errors(exc.normalized_messages())
        raise Problem(422, "; ".join(e["message"] for e in errors), errors=errors) from None
    except accounts.Refused as exc:
        raise Problem(422, exc.message, errors=[{"field": exc.field, "message": exc.message}]) from None
    if changed is None:
        raise Problem(404, f"Tidak ada akun {username}.", title="Not Found")
    forget_revocation(request.app, username)
    log.info("account changed", extra={"username": username, "by": by, "fields": sorted(data)})
    return changed


async def reset_password(request: web.Request) -> web.Response:
    """POST: a one-time password for a staff account, answered once (never stored in clear, never logged)."""
    who = await require_admin(request)
    account, password = await issue_password(request, request.match_info["username"], who.username)
    return web.json_response({**account, "password": password}, headers=caching.NO_STORE)


async def issue_password(request: web.Request, username: str, by: str) -> tuple[dict, str]:
    found = await asyncio.to_thread(request.app[STORE].reset_password, username, by)
    if found is None:
        raise Problem(404, f"Tidak ada akun {username}.", title="Not Found")
    forget_revocation(request.app, username)
    log.info("password reset by admin", extra={"event": "password_reset", "username": username, "by": by})
    return found


async def me(request: web.Request) -> web.Response:
    who = await principal(request)
    return web.json_response({"username": who.username, "roles": sorted(who.roles), "opd": who.opd})


async def jwks(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIGNER].jwks(), headers=caching.public(300))
