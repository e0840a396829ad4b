"""What the account endpoints must not give away: who has an account, a password's hash, a token that outlived the
password it was issued for."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import requests
from aiohttp import web
from sqlalchemy import select, update

PASSWORD = "kata-sandi-kuat"


def database(settings_for):
    from chassis.db import Database

    return Database(settings_for().database_url)


def mails_to(settings_for, address: str) -> list:
    from gateway.models import mail_outbox

    db = database(settings_for)
    try:
        with db.session() as session:
            query = select(mail_outbox).where(mail_outbox.c.to_address == address).order_by(mail_outbox.c.id)
            return list(session.execute(query))
    finally:
        db.dispose()


def active_partner(base: str, settings_for, username: str = "totabuan", email: str = "redaksi@totabuan.example.id"):
    """A media partner that signed up and confirmed its email."""
    from gateway.models import Account

    body = {"username": username, "email": email, "password": PASSWORD}
    assert requests.post(f"{base}/api/auth/signup", json=body).status_code == 202
    db = database(settings_for)
    try:
        with db.session() as session:
            session.execute(update(Account).where(Account.username == username).values(active=True))
            session.commit()
    finally:
        db.dispose()


def reset_secret(base: str, settings_for, email: str = "redaksi@totabuan.example.id") -> str:
    assert requests.post(f"{base}/api/auth/password-reset", json={"email": email}).status_code == 202
    body = mails_to(settings_for, email)[-1].body
    return re.search(r"/masuk/atur-sandi\?token=([\w-]{40,})", body).group(1)


def test_signup_answers_the_same_for_a_taken_username_or_email_and_mails_what_fits(start_gateway, settings_for):
    base = start_gateway()
    first = {"username": "totabuan", "email": "redaksi@totabuan.example.id", "password": PASSWORD}
    answers = [
        requests.post(f"{base}/api/auth/signup", json=first),
        requests.post(f"{base}/api/auth/signup", json={**first, "username": "totabuan2"}),
        requests.post(f"{base}/api/auth/signup", json={**first, "email": "lain@example.id"}),
    ]
    assert {a.status_code for a in answers} == {202}
    assert answers[0].json() == answers[1].json() == answers[2].json()
    confirm, known = mails_to(settings_for, "redaksi@totabuan.example.id")
    assert "/daftar/konfirmasi?token=" in confirm.body
    assert "sudah terdaftar" in known.body and "/masuk/lupa-sandi" in known.body
    (taken,) = mails_to(settings_for, "lain@example.id")
    assert "totabuan sudah dipakai" in taken.body and "/daftar" in taken.body and "confirm" not in taken.body


def test_the_reset_secret_is_random_kept_only_as_its_hash_and_spent_on_use(start_gateway, settings_for):
    from gateway.models import Account, PasswordReset

    base = start_gateway()
    active_partner(base, settings_for)
    secret = reset_secret(base, settings_for)
    db = database(settings_for)
    try:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == "totabuan"))
            (row,) = session.scalars(select(PasswordReset).where(PasswordReset.account_id == account.id))
            assert row.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
            assert secret not in str(row.__dict__)
            assert not any(account.password_hash[i : i + 8] in secret for i in range(len(account.password_hash) - 8))
            assert dt.timedelta(minutes=55) < row.expires_at - row.created_at <= dt.timedelta(hours=1)
    finally:
        db.dispose()
    change = {"token": secret, "password": "sandi-baru-123"}
    assert requests.post(f"{base}/api/auth/password-reset/confirm", json=change).status_code == 200
    again = requests.post(f"{base}/api/auth/password-reset/confirm", json={**change, "password": "lagi-lagi-123"})
    assert again.status_code == 400, "a reset secret works once"
    older = reset_secret(base, settings_for)
    newer = reset_secret(base, settings_for)
    assert requests.post(f"{base}/api/auth/password-reset/confirm", json={**change, "token": newer}).ok
    assert requests.post(f"{base}/api/auth/password-reset/confirm", json={**change, "token": older}).status_code == 400


def test_an_expired_reset_secret_is_refused(start_gateway, settings_for):
    from gateway.models import PasswordReset

    base = start_gateway()
    active_partner(base, settings_for)
    secret = reset_secret(base, settings_for)
    db = database(settings_for)
    try:
        with db.session() as session:
            past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            session.execute(update(PasswordReset).values(expires_at=past))
            session.commit()
    finally:
        db.dispose()
    change = {"token": secret, "password": "sandi-baru-123"}
    assert requests.post(f"{base}/api/auth/password-reset/confirm", json=change).status_code == 400


def test_a_password_reset_retires_the_access_tokens_issued_before_it(loop, start_gateway, settings_for, login):
    async def echo(request: web.Request):
        return web.json_response({"authorization": request.headers.get("Authorization")})

    upstream = web.Application()
    upstream.router.add_route("*", "/{tail:.*}", echo)
    base = start_gateway(ppid_url=loop.serve(upstream))
    active_partner(base, settings_for)
    old = login(base, "totabuan", PASSWORD)
    assert requests.get(f"{base}/api/auth/me", headers=old).status_code == 200
    cookie = {"Cookie": f"suite_token={old['Authorization'].split()[1]}"}
    assert requests.get(f"{base}/ppid/petugas", headers=cookie).json()["authorization"]

    secret = reset_secret(base, settings_for)
    change = {"token": secret, "password": "sandi-baru-123"}
    assert requests.post(f"{base}/api/auth/password-reset/confirm", json=change).status_code == 200

    refused = requests.get(f"{base}/api/auth/me", headers=old)
    assert refused.status_code == 401 and "kata sandinya diganti" in refused.json()["detail"]
    assert requests.get(f"{base}/ppid/petugas", headers=cookie).json()["authorization"] is None
    assert requests.get(f"{base}/api/ppid/x", headers=old).json()["authorization"] is None
    new = login(base, "totabuan", "sandi-baru-123")
    assert requests.get(f"{base}/api/auth/me", headers=new).json()["username"] == "totabuan"
    assert requests.get(f"{base}/ppid/petugas", headers=new).json()["authorization"] == new["Authorization"]
