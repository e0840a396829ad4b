"""Accounts and tokens through the gateway's own endpoints, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import jwt
import requests

from chassis.testing import assert_migrations_match_models
from gateway import MIGRATIONS
from gateway.bootstrap import bootstrap
from gateway.models import Base


def test_migrations_match_models(gateway_database):
    assert_migrations_match_models(MIGRATIONS, gateway_database, Base.metadata)


def test_login_issues_a_short_lived_token_verifiable_with_the_published_key(start_gateway, login, admin_password):
    base = start_gateway(access_token_ttl_seconds=120)
    response = requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": admin_password})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 120
    assert response.headers["Cache-Control"] == "no-store"
    keys = requests.get(f"{base}/.well-known/jwks.json").json()["keys"]
    assert requests.get(f"{base}/api/auth/jwks.json").json()["keys"] == keys
    header = jwt.get_unverified_header(body["access_token"])
    (key,) = [k for k in keys if k["kid"] == header["kid"]]
    claims = jwt.decode(
        body["access_token"], jwt.PyJWK(key).key, algorithms=["RS256"], audience="suite", issuer="suite-gateway"
    )
    assert claims["sub"] == "admin" and claims["roles"] == ["admin"]
    assert 110 <= claims["exp"] - time.time() <= 121
    assert "d" not in key and "p" not in key, "the key set must not leak the private key"


def test_wrong_password_unknown_user_and_bad_input(start_gateway):
    base = start_gateway()
    for body in ({"username": "admin", "password": "salah"}, {"username": "nobody", "password": "x"}):
        response = requests.post(f"{base}/api/auth/login", json=body)
        assert response.status_code == 401
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert "access_token" not in response.text
    missing = requests.post(f"{base}/api/auth/login", json={"username": "admin"})
    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["password"]
    garbage = requests.post(f"{base}/api/auth/login", data=b"{not json", headers={"Content-Type": "application/json"})
    assert garbage.status_code == 400


def test_admin_creates_accounts_that_can_log_in(start_gateway, login, admin_password):
    base = start_gateway()
    admin = login(base)
    body = {
        "username": "humas.dinkes",
        "password": "kata-sandi-kuat",
        "roles": ["newsroom:contributor"],
        "opd": "dinkes",
    }
    created = requests.post(f"{base}/api/auth/accounts", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["roles"] == ["newsroom:contributor"]
    assert "password" not in created.text and "hash" not in created.text
    token = login(base, "humas.dinkes", "kata-sandi-kuat")["Authorization"].split()[1]
    assert jwt.decode(token, options={"verify_signature": False})["opd"] == "dinkes"
    me = requests.get(f"{base}/api/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me == {"username": "humas.dinkes", "roles": ["newsroom:contributor"], "opd": "dinkes"}

    again = requests.post(f"{base}/api/auth/accounts", json=body, headers=admin)
    assert again.status_code == 409
    assert again.json()["errors"][0]["field"] == "username"
    listed = requests.get(f"{base}/api/auth/accounts", headers=admin).json()
    assert [a["username"] for a in listed["items"]] == ["admin", "humas.dinkes"]


def test_account_creation_is_for_admins_and_validates_each_field(start_gateway, login, admin_password):
    base = start_gateway()
    admin = login(base)
    body = {"username": "redaktur", "password": "kata-sandi-kuat", "roles": ["newsroom:editor"]}
    assert requests.post(f"{base}/api/auth/accounts", json=body).status_code == 401
    assert requests.post(f"{base}/api/auth/accounts", json=body, headers=admin).status_code == 201
    editor = login(base, "redaktur", "kata-sandi-kuat")
    forbidden = requests.post(f"{base}/api/auth/accounts", json={**body, "username": "lain"}, headers=editor)
    assert forbidden.status_code == 403
    cases = {
        "roles.0": {**body, "username": "x1y", "roles": ["raja"]},
        "password": {**body, "username": "x2y", "password": "pendek"},
        "username": {**body, "username": "Bukan Nama!"},
        "opd": {**body, "username": "x3y", "roles": ["newsroom:contributor"]},
    }
    for field, case in cases.items():
        response = requests.post(f"{base}/api/auth/accounts", json=case, headers=admin)
        assert response.status_code == 422, (field, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert [a["username"] for a in requests.get(f"{base}/api/auth/accounts", headers=admin).json()["items"]] == [
        "admin",
        "redaktur",
    ]


def test_bootstrap_creates_the_first_admin_once_with_a_generated_password(
    settings_for, start_gateway, capsys, login, admin_password
):
    from gateway.bootstrap import announce

    settings = settings_for(suite_bootstrap_admin_password="")
    created, generated = bootstrap(settings)
    assert created and generated and len(generated) >= 12
    announce(created, generated)
    assert generated in capsys.readouterr().out
    assert bootstrap(settings) == (False, None), "a second start must not create or print anything"
    base = start_gateway()
    login(base, "admin", generated)


def test_a_media_partner_signs_up_confirms_by_email_and_resets_the_password(start_gateway, settings_for, smtp_server):
    import re

    from chassis.db import Database
    from chassis.mail import send_pending
    from gateway.models import mail_outbox

    port, inbox = smtp_server
    options = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "mail_poll_seconds": 3600,
        "public_base_url": "https://diskominfo.example.go.id",
    }
    base = start_gateway(**options)

    def send_mail() -> int:
        settings = settings_for(**options)
        db = Database(settings.database_url)
        try:
            return send_pending(settings, db, mail_outbox)
        finally:
            db.dispose()

    body = {"username": "totabuan", "email": "Redaksi@Totabuan.example.id", "password": "kata-sandi-kuat"}
    created = requests.post(f"{base}/api/auth/signup", json=body)
    assert created.status_code == 202 and created.json()["status"] == "pending_confirmation"
    bad = requests.post(f"{base}/api/auth/signup", json={**body, "username": "lain", "email": "bukan"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "email"
    early = requests.post(f"{base}/api/auth/login", json={"username": "totabuan", "password": "kata-sandi-kuat"})
    assert early.status_code == 403 and "belum dikonfirmasi" in early.json()["detail"], "not before the email"
    wrong = requests.post(f"{base}/api/auth/login", json={"username": "totabuan", "password": "salah-sama-sekali"})
    assert wrong.status_code == 401, "said only after the right password"

    assert send_mail() == 1
    (message,) = inbox.to("redaksi@totabuan.example.id")
    link = re.search(
        r"https://diskominfo\.example\.go\.id(/daftar/konfirmasi\?token=\S+)", message.get_content()
    ).group(1)
    assert requests.get(f"{base}{link}").status_code == 200
    token = requests.post(f"{base}/api/auth/login", json={"username": "totabuan", "password": "kata-sandi-kuat"})
    assert token.status_code == 200
    claims = jwt.decode(token.json()["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["media:partner"]
    assert (
        requests.get(f"{base}/api/auth/me", headers={"Authorization": f"Bearer {link.split('=')[1]}"}).status_code
        == 401
    ), "a confirmation link is never an access token"

    assert requests.post(f"{base}/api/auth/password-reset", json={"email": "nobody@example.id"}).status_code == 202
    assert (
        requests.post(f"{base}/api/auth/password-reset", json={"email": "redaksi@totabuan.example.id"}).status_code
        == 202
    )
    assert send_mail() == 1
    reset = inbox.to("redaksi@totabuan.example.id")[-1].get_content()
    reset_token = re.search(r"https://diskominfo\.example\.go\.id/masuk/atur-sandi\?token=([\w-]{40,})", reset).group(1)
    done = requests.post(
        f"{base}/api/auth/password-reset/confirm", json={"token": reset_token, "password": "sandi-baru-123"}
    )
    assert done.status_code == 200
    again = requests.post(
        f"{base}/api/auth/password-reset/confirm", json={"token": reset_token, "password": "lagi-lagi-123"}
    )
    assert again.status_code == 400, "a reset link works once"
    assert (
        requests.post(f"{base}/api/auth/login", json={"username": "totabuan", "password": "sandi-baru-123"}).status_code
        == 200
    )
