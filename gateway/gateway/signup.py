"""Media partners sign up themselves: an account confirmed by a link sent by email, and password resets.

The links carry short-lived tokens signed with the gateway's key for their own audience, so they can never
be used as access tokens; a reset token also names the password it replaces, so it works once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import logging

import jwt
from aiohttp import web
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis import mail
from chassis.messaging import utcnow
from chassis.problems import Problem
from gateway import accounts
from gateway import app as gateway_app
from gateway.models import Account, mail_outbox

log = logging.getLogger("gateway.signup")
AUDIENCE = "suite-email"
PARTNER = "media:partner"


class SignupSchema(Schema):
    username = accounts.NewAccountSchema._declared_fields["username"]
    password = accounts.NewAccountSchema._declared_fields["password"]
    email = fields.Email(required=True, error_messages={"required": "Wajib diisi.", "invalid": "Email tidak valid."})


class ResetRequest(Schema):
    email = fields.Email(required=True, error_messages={"required": "Wajib diisi.", "invalid": "Email tidak valid."})


class ResetConfirm(Schema):
    token = fields.String(required=True)
    password = fields.String(
        required=True,
        validate=validate.Length(
            min=accounts.MIN_PASSWORD, max=1024, error=f"Kata sandi minimal {accounts.MIN_PASSWORD} karakter."
        ),
    )


def _token(request: web.Request, purpose: str, username: str, hours: int, **extra) -> str:
    signer = request.app[gateway_app.SIGNER]
    now = dt.datetime.now(dt.UTC)
    claims = {
        "sub": username,
        "purpose": purpose,
        "aud": AUDIENCE,
        "iss": signer.issuer,
        "iat": now,
        "exp": now + dt.timedelta(hours=hours),
        **extra,
    }
    return jwt.encode(claims, signer._key, algorithm="RS256", headers={"kid": signer.kid})


def _read(request: web.Request, token: str, purpose: str) -> dict:
    settings = request.app[gateway_app.SETTINGS]
    try:
        claims = jwt.decode(token, settings.public_key_path().read_text(), algorithms=["RS256"], audience=AUDIENCE)
    except jwt.InvalidTokenError:
        raise Problem(400, "Tautan tidak sah atau sudah kedaluwarsa.", title="Bad Request") from None
    if claims.get("purpose") != purpose:
        raise Problem(400, "Tautan tidak sah.", title="Bad Request")
    return claims


def _base(request: web.Request) -> str:
    return request.app[gateway_app.SETTINGS].public_base_url.rstrip("/")


async def create_partner(request: web.Request, data: dict) -> None:
    """An inactive ``media:partner`` account and the mail with its confirmation link (for the API and the page)."""
    db = request.app[gateway_app.DB]

    def create() -> None:
        with db.session() as session:
            account = Account(
                username=data["username"],
                password_hash=accounts.hasher.hash(data["password"]),
                roles=[PARTNER],
                active=False,
                email=data["email"].lower(),
                created_by="signup",
            )
            session.add(account)
            try:
                session.flush()
            except IntegrityError:
                raise Problem(
                    409,
                    "Nama pengguna atau email sudah dipakai.",
                    title="Conflict",
                    errors=[{"field": "username", "message": "Sudah dipakai (atau emailnya)."}],
                ) from None
            link = f"{_base(request)}/api/auth/confirm?token={_token(request, 'confirm', account.username, 48)}"
            mail.queue(
                session,
                mail_outbox,
                account.email,
                "Konfirmasi akun mitra media",
                f"Yth. {account.username},\n\nKonfirmasi email Anda dalam 48 jam lewat tautan ini:\n{link}\n\n"
                "Bila Anda tidak mendaftar, abaikan pesan ini.",
            )
            session.commit()

    await asyncio.to_thread(create)


async def signup(request: web.Request) -> web.Response:
    gateway_app.allowed_write(request)
    data = await gateway_app.read_json(request, SignupSchema())
    await create_partner(request, data)
    return web.json_response({"username": data["username"], "status": "pending_confirmation"}, status=201)


async def confirm(request: web.Request) -> web.Response:
    claims = _read(request, request.query.get("token", ""), "confirm")
    db = request.app[gateway_app.DB]

    def activate() -> None:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == claims["sub"]))
            if account is None:
                raise Problem(400, "Tautan tidak sah.", title="Bad Request")
            if account.email_confirmed_at is None:
                account.email_confirmed_at = utcnow()
                account.active = True
                session.commit()

    await asyncio.to_thread(activate)
    page = (
        '<!doctype html><html lang="id"><meta charset="utf-8"><title>Email terkonfirmasi</title>'
        f"<h1>Email terkonfirmasi</h1><p>Akun {html.escape(claims['sub'])} aktif. "
        '<a href="/masuk">Masuk</a>.</p>'
    )
    return web.Response(text=page, content_type="text/html")


async def request_reset(request: web.Request) -> web.Response:
    gateway_app.allowed_write(request)
    data = await gateway_app.read_json(request, ResetRequest())
    db = request.app[gateway_app.DB]

    def queue() -> None:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.email == data["email"].lower()))
            if account is None or not account.active:
                return  # the answer is the same: nobody learns which emails have accounts
            token = _token(request, "reset", account.username, 1, pw=account.password_hash[-16:])
            mail.queue(
                session,
                mail_outbox,
                account.email,
                "Atur ulang kata sandi",
                f"Yth. {account.username},\n\nAtur ulang kata sandi dalam 1 jam dengan token berikut "
                f"(POST /api/auth/password-reset/confirm):\n{token}\n\nBila Anda tidak memintanya, abaikan.",
            )
            session.commit()

    await asyncio.to_thread(queue)
    return web.json_response({"status": "sent if the address has an account"}, status=202)


async def confirm_reset(request: web.Request) -> web.Response:
    gateway_app.allowed_write(request)
    data = await gateway_app.read_json(request, ResetConfirm())
    claims = _read(request, data["token"], "reset")
    db = request.app[gateway_app.DB]

    def change() -> None:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == claims["sub"]))
            if account is None or account.password_hash[-16:] != claims.get("pw"):
                raise Problem(400, "Tautan sudah dipakai atau tidak sah.", title="Bad Request")
            account.password_hash = accounts.hasher.hash(data["password"])
            session.commit()

    await asyncio.to_thread(change)
    return web.json_response({"status": "changed"})


def send_mail(app: web.Application) -> int:
    return mail.Mailer(app[gateway_app.SETTINGS], app[gateway_app.DB], mail_outbox).send_pending()


async def mail_sender(app: web.Application):
    """Send the gateway's queued mail every few seconds while the app runs."""

    async def loop() -> None:
        while True:
            try:
                await asyncio.to_thread(send_mail, app)
            except Exception:  # a failed round is logged and tried again
                log.exception("sending mail failed")
            await asyncio.sleep(app[gateway_app.SETTINGS].mail_poll_seconds)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
