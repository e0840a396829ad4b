"""Media partners sign up themselves: an account confirmed by a link sent by email, and password resets.

The confirmation link carries a short-lived token signed with the gateway's key for its own audience, so it can
never be used as an access token. A password reset mails a random one-time secret that the gateway keeps only as
its SHA-256, with an expiry; it is spent on use, and the reset retires every access token issued before it.
Neither answer tells whether a username or an email has an account: the mail that goes to the address does.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
import secrets

import jwt
from aiohttp import web
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chassis import mail
from chassis.messaging import utcnow
from chassis.problems import Problem
from gateway import accounts
from gateway.answers import read_json
from gateway.context import DB, LIMITS, SETTINGS, SIGNER, page, public_base
from gateway.identity import forget_revocation
from gateway.models import Account, PasswordReset, mail_outbox

log = logging.getLogger("gateway.signup")
AUDIENCE = "suite-email"
PARTNER = "media:partner"


class SignupSchema(accounts.NewCredentials):
    email = fields.Email(required=True, error_messages={"required": "Wajib diisi.", "invalid": "Email tidak valid."})


class ResetRequest(Schema):
    email = fields.Email(required=True, error_messages={"required": "Wajib diisi.", "invalid": "Email tidak valid."})


RESET_HOURS = 1


class ResetConfirm(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(
        required=True,
        validate=validate.Length(
            min=accounts.MIN_PASSWORD, max=1024, error=f"Kata sandi minimal {accounts.MIN_PASSWORD} karakter."
        ),
    )


def _token(request: web.Request, purpose: str, username: str, hours: int, **extra) -> str:
    signer = request.app[SIGNER]
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
    return signer.sign(claims)


def _read(request: web.Request, token: str, purpose: str) -> dict:
    settings = request.app[SETTINGS]
    try:
        claims = jwt.decode(token, settings.public_key_path().read_text(), algorithms=["RS256"], audience=AUDIENCE)
    except jwt.InvalidTokenError:
        raise Problem(400, "Tautan tidak sah atau sudah kedaluwarsa.", title="Bad Request") from None
    if claims.get("purpose") != purpose:
        raise Problem(400, "Tautan tidak sah.", title="Bad Request")
    return claims


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_partner(request: web.Request, data: dict) -> None:
    """An inactive ``media:partner`` account and the mail with its confirmation link (for the API and the page).

    When the username or the email is taken, the answer is the same and the mail says what happened: the owner of
    a known email is offered a reset, a new email is asked to pick another username.
    """
    await request.app[LIMITS].signup(data["email"])
    db = request.app[DB]
    email = data["email"].lower()

    def create() -> None:
        with db.session() as session:
            account = Account(
                username=data["username"],
                password_hash=accounts.hasher.hash(data["password"]),
                roles=[PARTNER],
                active=False,
                email=email,
                created_by="signup",
            )
            session.add(account)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                _mail_taken(request, session, data["username"], email)
                session.commit()
                return
            text = confirmation_text(request, account.username)
            mail.queue(session, mail_outbox, account.email, "Konfirmasi akun mitra media", text)
            session.commit()

    await asyncio.to_thread(create)


def confirm_link(request: web.Request, username: str) -> str:
    """The link of the confirmation mail (48 hours): a page, ``/daftar/konfirmasi`` (``/api/auth/confirm``, the
    address of earlier mails, answers the same)."""
    return f"{public_base(request)}/daftar/konfirmasi?token={_token(request, 'confirm', username, 48)}"


def resend_token(request: web.Request, username: str) -> str:
    """The key of the login page's "kirim ulang" button: an hour, for this account only."""
    return _token(request, "resend", username, 1)


async def resend_confirmation(request: web.Request, key: str) -> None:
    """Mail a new confirmation link to an account still waiting for one (nothing once it is confirmed)."""
    claims = _read(request, key, "resend")
    db = request.app[DB]

    def account_email() -> str | None:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == claims["sub"]))
            waiting = account is not None and account.email and account.email_confirmed_at is None
            return account.email if waiting else None

    email = await asyncio.to_thread(account_email)
    if email is None:
        return
    await request.app[LIMITS].signup(email)

    def queue() -> None:
        with db.session() as session:
            text = confirmation_text(request, claims["sub"])
            mail.queue(session, mail_outbox, email, "Konfirmasi akun mitra media", text)
            session.commit()

    await asyncio.to_thread(queue)


def confirmation_text(request: web.Request, username: str) -> str:
    return (
        f"Yth. {username},\n\nKonfirmasi email Anda dalam 48 jam lewat tautan ini:\n{confirm_link(request, username)}"
        "\n\nBila Anda tidak mendaftar, abaikan pesan ini."
    )


def _mail_taken(request: web.Request, session, username: str, email: str) -> None:
    base = public_base(request)
    if session.scalar(select(Account.id).where(Account.email == email)) is not None:
        mail.queue(
            session,
            mail_outbox,
            email,
            "Anda sudah punya akun mitra media",
            "Yth. pengelola akun,\n\nAda pendaftaran akun mitra media baru dengan email ini, padahal email ini sudah "
            "terdaftar. Akun baru tidak dibuat.\n\nBila Anda lupa kata sandi, minta tautan untuk memilih kata sandi "
            f"baru di {base}/masuk/lupa-sandi, lalu masuk di {base}/masuk.\n\n"
            "Bila Anda tidak mendaftar, abaikan pesan ini.",
        )
        return
    mail.queue(
        session,
        mail_outbox,
        email,
        "Nama pengguna sudah dipakai",
        f"Yth. calon mitra media,\n\nNama pengguna {username} sudah dipakai, jadi akun Anda belum dibuat. "
        f"Silakan daftar lagi dengan nama pengguna lain di {base}/daftar.\n\n"
        "Bila Anda tidak mendaftar, abaikan pesan ini.",
    )


async def signup(request: web.Request) -> web.Response:
    data = await read_json(request, SignupSchema())
    await create_partner(request, data)
    return web.json_response(
        {"status": "pending_confirmation", "detail": "Periksa email Anda untuk langkah berikutnya."}, status=202
    )


async def confirm(request: web.Request) -> web.Response:
    claims = _read(request, request.query.get("token", ""), "confirm")
    db = request.app[DB]

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
    return page("email-terkonfirmasi.html", username=claims["sub"])


async def request_reset(request: web.Request) -> web.Response:
    data = await read_json(request, ResetRequest())
    await queue_reset(request, data["email"])
    return web.json_response({"status": "sent if the address has an account"}, status=202)


async def queue_reset(request: web.Request, who: str) -> None:
    """Mail a one-time link to the page that sets a new password, to the account with this email (or username)
    if it has an email and may sign in; nothing otherwise, and the caller's answer is the same."""
    who = who.strip().lower()
    await request.app[LIMITS].reset_mail(who)
    db = request.app[DB]
    base = public_base(request)

    def queue() -> None:
        with db.session() as session:
            field = Account.email if "@" in who else Account.username
            account = session.scalar(select(Account).where(field == who))
            if account is None or not account.active or not account.email:
                return  # the answer is the same: nobody learns which emails have accounts
            secret = new_reset(session, account, dt.timedelta(hours=RESET_HOURS))
            mail.queue(
                session,
                mail_outbox,
                account.email,
                "Atur ulang kata sandi",
                f"Yth. {account.username},\n\nBuka tautan ini dalam {RESET_HOURS} jam untuk memilih kata sandi "
                f"baru:\n{reset_link(base, secret)}\n\nTautan ini hanya berlaku sekali. Bila Anda tidak memintanya, "
                "abaikan pesan ini; kata sandi Anda tidak berubah.",
            )
            session.commit()

    await asyncio.to_thread(queue)


def reset_link(base: str, secret: str) -> str:
    return f"{base}/masuk/atur-sandi?token={secret}"


def new_reset(session, account: Account, lifetime: dt.timedelta) -> str:
    """A one-time secret for ``account`` (kept as its digest), in the caller's transaction."""
    secret = secrets.token_urlsafe(32)
    session.add(PasswordReset(account_id=account.id, secret_sha256=_digest(secret), expires_at=utcnow() + lifetime))
    return secret


# A link the admin hands a staff member (who may have no email) lives a working day.
STAFF_LINK_HOURS = 24


async def staff_reset_link(request: web.Request, username: str, by: str) -> str | None:
    """A one-time link to the page that sets a new password, for the admin to hand over; None for no such
    account. The current password works until the link is used; using it retires every earlier session."""
    db = request.app[DB]
    base = public_base(request)

    def issue() -> str | None:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username))
            if account is None:
                return None
            secret = new_reset(session, account, dt.timedelta(hours=STAFF_LINK_HOURS))
            accounts.audit(session, by, "password_link", username)
            session.commit()
            return reset_link(base, secret)

    link = await asyncio.to_thread(issue)
    if link is not None:
        log.info("password link by admin", extra={"event": "password_link", "username": username, "by": by})
    return link


def reset_usable(app: web.Application, secret: str) -> bool:
    """The link still works (unused, unexpired): what the page checks before asking for a new password."""
    db = app[DB]
    with db.session() as session:
        reset = session.scalar(select(PasswordReset).where(PasswordReset.secret_sha256 == _digest(secret[:200])))
        return reset is not None and reset.used_at is None and reset.expires_at > utcnow()


async def confirm_reset(request: web.Request) -> web.Response:
    data = await read_json(request, ResetConfirm())
    await spend_reset(request, data["token"], data["password"])
    return web.json_response({"status": "changed"})


async def spend_reset(request: web.Request, secret: str, password: str) -> str:
    """Set the new password with a one-time secret, spend every pending one of the account and retire its tokens;
    the account's username. 400 for a secret used, expired or unknown."""
    db = request.app[DB]

    def change() -> str:
        with db.session() as session:
            reset = session.scalar(
                select(PasswordReset).where(PasswordReset.secret_sha256 == _digest(secret)).with_for_update()
            )
            now = utcnow()
            if reset is None or reset.used_at is not None or reset.expires_at <= now:
                raise Problem(400, "Kode sudah dipakai, kedaluwarsa atau tidak sah.", title="Bad Request")
            account = session.get(Account, reset.account_id)
            account.password_hash = accounts.hasher.hash(password)
            account.password_change_required = False
            account.tokens_valid_after = now
            for pending in session.scalars(
                select(PasswordReset).where(PasswordReset.account_id == account.id, PasswordReset.used_at.is_(None))
            ):
                pending.used_at = now
            session.commit()
            return account.username

    username = await asyncio.to_thread(change)
    forget_revocation(request.app, username)
    await request.app[LIMITS].login_succeeded(username)
    log.info("password reset", extra={"event": "password_reset", "username": username})
    return username


def send_mail(app: web.Application) -> int:
    return mail.send_pending(app[SETTINGS], app[DB], mail_outbox)


async def mail_sender(app: web.Application):
    """Send the gateway's queued mail every few seconds while the app runs."""

    async def loop() -> None:
        while True:
            try:
                await asyncio.to_thread(send_mail, app)
            except Exception:  # a failed round is logged and tried again
                log.exception("sending mail failed")
            await asyncio.sleep(app[SETTINGS].mail_poll_seconds)

    task = asyncio.create_task(loop())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
