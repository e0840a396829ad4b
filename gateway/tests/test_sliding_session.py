"""The session cookie is renewed while the person works and still ends when the session is left idle."""

from __future__ import annotations

import time

import jwt
import requests

TTL = 4


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def signed_in_browser(base: str, password: str) -> requests.Session:
    browser = requests.Session()
    browser.headers["Origin"] = base
    answer = browser.post(f"{base}/masuk", data={"username": "admin", "password": password}, allow_redirects=False)
    assert answer.status_code == 303 and browser.cookies.get("suite_token")
    return browser


def test_a_working_session_is_renewed_past_half_its_life_and_an_idle_one_expires(start_gateway, admin_password):
    base = start_gateway(access_token_ttl_seconds=TTL)
    browser = signed_in_browser(base, admin_password)
    first = browser.cookies["suite_token"]

    fresh = browser.get(f"{base}/beranda", allow_redirects=False)
    assert fresh.status_code == 200 and "suite_token" not in fresh.headers.get("Set-Cookie", ""), "young: not renewed"

    time.sleep(TTL / 2 + 0.3)
    working = browser.get(f"{base}/beranda", allow_redirects=False)
    assert working.status_code == 200
    cookie = working.headers["Set-Cookie"]
    assert "suite_token=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    renewed = browser.cookies["suite_token"]
    assert renewed != first
    assert claims(renewed)["exp"] > claims(first)["exp"]
    assert {k: claims(renewed).get(k) for k in ("sub", "roles", "opd")} == {
        k: claims(first).get(k) for k in ("sub", "roles", "opd")
    }

    time.sleep(TTL + 0.5)
    idle = browser.get(f"{base}/beranda", allow_redirects=False)
    assert idle.status_code == 303 and idle.headers["Location"].startswith("/masuk"), "idle a whole lifetime: ended"
    assert "suite_token=" not in idle.headers.get("Set-Cookie", "")


def test_bearer_tokens_are_never_renewed(start_gateway, admin_password):
    base = start_gateway(access_token_ttl_seconds=TTL)
    token = requests.post(
        f"{base}/api/auth/login", json={"username": "admin", "password": admin_password}, timeout=10
    ).json()["access_token"]
    time.sleep(TTL / 2 + 0.3)
    me = requests.get(f"{base}/api/auth/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 200 and "Set-Cookie" not in me.headers


def test_a_revoked_session_is_refused_at_once_not_renewed(start_gateway, admin_password, login):
    base = start_gateway(access_token_ttl_seconds=TTL)
    admin = login(base)
    made = requests.post(
        f"{base}/api/auth/accounts",
        json={"username": "petugas.satu", "password": "kata-sandi-awal", "roles": ["ppid:officer"]},
        headers=admin,
        timeout=10,
    )
    assert made.status_code == 201, made.text
    browser = requests.Session()
    browser.headers["Origin"] = base
    browser.post(f"{base}/masuk", data={"username": "petugas.satu", "password": "kata-sandi-awal"})
    assert browser.cookies.get("suite_token")
    time.sleep(TTL / 2 + 0.3)
    off = requests.patch(f"{base}/api/auth/accounts/petugas.satu", json={"active": False}, headers=admin, timeout=10)
    assert off.status_code == 200, off.text
    time.sleep(0.05)
    refused = browser.get(f"{base}/beranda", allow_redirects=False)
    assert refused.status_code == 303 and "suite_token=" not in refused.headers.get("Set-Cookie", "")
