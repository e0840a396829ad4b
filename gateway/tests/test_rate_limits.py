"""Rate limits that no token switches off: per client, per account, per username, per email, across replicas."""

from __future__ import annotations

import logging
import os
import secrets

import pytest
import requests
from aiohttp import web

from chassis.testing import unavailable

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def service() -> web.Application:
    async def accept(request: web.Request):
        await request.read()
        return web.json_response({"ok": True, "authorization": request.headers.get("Authorization")}, status=201)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", accept)
    return app


def gateway(loop, start_gateway, **overrides) -> str:
    return start_gateway(ppid_url=loop.serve(service()), newsroom_url=loop.serve(service()), **overrides)


def post(base: str, path: str = "/api/ppid/requests", **kwargs) -> requests.Response:
    return requests.post(f"{base}{path}", json={}, timeout=10, **kwargs)


def assert_limited(response: requests.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert 1 <= int(response.headers["Retry-After"]) <= 3600
    assert "coba lagi" in response.json()["detail"]


def partner(base: str, login, admin: dict, username: str = "mitra.totabuan") -> dict:
    body = {"username": username, "password": "kata-sandi-kuat", "roles": ["media:partner"]}
    assert requests.post(f"{base}/api/auth/accounts", json=body, headers=admin).status_code == 201
    return login(base, username, "kata-sandi-kuat")


def test_a_burst_is_limited_within_the_minutes_budget(loop, start_gateway):
    base = gateway(loop, start_gateway, rate_limit_public_writes_per_minute=60, rate_limit_burst=3)
    answers = []
    while len(answers) < 20 and (not answers or answers[-1].status_code == 201):
        answers.append(post(base))
    assert_limited(answers[-1])
    assert 3 <= len(answers) - 1 < 20, "three a second, far below the sixty a minute"
    assert answers[-1].headers["Retry-After"] == "1"


def test_a_partner_cookie_files_no_more_than_its_accounts_budget(loop, start_gateway, login):
    """The cookie once switched the limits off: 40 public requests filed with a partner's cookie all got 201."""
    base = gateway(loop, start_gateway)
    token = partner(base, login, login(base))["Authorization"].split()[1]
    cookie = {"Cookie": f"suite_token={token}", "Origin": base}
    codes = [post(base, headers=cookie).status_code for _ in range(40)]
    assert codes.count(201) == 10 and codes[10:] == [429] * 30, codes


def test_anonymous_writes_are_limited_per_client_with_retry_after(loop, start_gateway):
    base = gateway(loop, start_gateway, rate_limit_public_writes_per_minute=4)
    assert [post(base).status_code for _ in range(4)] == [201] * 4
    assert_limited(post(base))
    assert requests.get(f"{base}/api/ppid/requests").status_code == 201, "reads are not counted"


def test_a_valid_token_spends_its_accounts_own_budget_instead_of_switching_the_limit_off(loop, start_gateway, login):
    base = gateway(loop, start_gateway, rate_limit_account_writes_per_minute=18)
    admin = login(base)
    first, second = partner(base, login, admin, "mitra.satu"), partner(base, login, admin, "mitra.dua")
    assert [post(base, headers=first).status_code for _ in range(3)] == [201] * 3
    assert_limited(post(base, headers=first))
    # The same account through its login cookie, as the PPID pages send it: the same budget.
    cookie = {"Cookie": f"suite_token={first['Authorization'].split()[1]}", "Origin": base}
    assert_limited(requests.post(f"{base}/ppid/permohonan", data={"x": "1"}, headers=cookie))
    assert post(base, headers=second).status_code == 201, "another account has its own budget"
    assert post(base).status_code == 201, "anonymous writes have theirs"


def test_sign_in_endpoints_are_limited_per_client_whatever_token_comes_with_them(loop, start_gateway, login):
    base = gateway(loop, start_gateway, rate_limit_public_writes_per_minute=5, rate_limit_burst=100)
    admin = login(base)  # the first of the five
    for name in ("satu", "dua", "tiga", "empat"):
        wrong = {"username": name, "password": "salah"}
        answer = requests.post(f"{base}/api/auth/login", json=wrong, headers=admin)
        assert answer.status_code == 401
    assert_limited(requests.post(f"{base}/api/auth/login", json={"username": "lima", "password": "x"}, headers=admin))
    assert_limited(requests.post(f"{base}/api/auth/signup", json={}, headers=admin))
    assert_limited(requests.post(f"{base}/api/auth/password-reset", json={"email": "a@b.id"}, headers=admin))
    page = requests.post(
        f"{base}/masuk", data={"username": "admin", "password": "x"}, headers={**admin, "Origin": base}
    )
    assert page.status_code == 429 and page.headers["Content-Type"].startswith("text/html")
    assert "Terlalu banyak permintaan" in page.text and 'role="alert"' in page.text
    assert int(page.headers["Retry-After"]) >= 1


def test_failed_logins_lock_the_username_even_against_the_right_password(start_gateway, admin_password):
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append
    logger = logging.getLogger("gateway.ratelimit")
    logger.addHandler(handler)
    try:
        base = start_gateway(rate_limit_login_failures=3, rate_limit_login_lockout_seconds=600)
        for _ in range(3):
            wrong = requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": "salah"})
            assert wrong.status_code == 401
        right = {"username": "Admin", "password": admin_password}
        locked = requests.post(f"{base}/api/auth/login", json=right)
        assert_limited(locked)
        assert 500 <= int(locked.headers["Retry-After"]) <= 600
        assert "access_token" not in locked.text
        form = requests.post(f"{base}/masuk", data=right, headers={"Origin": base}, allow_redirects=False)
        assert form.status_code == 429 and "Set-Cookie" not in form.headers
        assert "nama pengguna ini" in form.text
        other = requests.post(f"{base}/api/auth/login", json={"username": "lain", "password": "salah"})
        assert other.status_code == 401, "other usernames are not locked"
    finally:
        logger.removeHandler(handler)
    events = [getattr(record, "event", None) for record in seen]
    assert "login_lockout" in events and "login_locked" in events


def test_a_successful_login_forgets_earlier_failures(start_gateway, admin_password):
    base = start_gateway(rate_limit_login_failures=3)
    for _ in range(2):
        assert requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": "x"}).status_code == 401
    assert requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": admin_password}).ok
    for _ in range(2):
        assert requests.post(f"{base}/api/auth/login", json={"username": "admin", "password": "x"}).status_code == 401


def test_reset_mails_are_limited_per_email_address(start_gateway):
    base = start_gateway(rate_limit_reset_mails_per_hour=2)
    for _ in range(2):
        answer = requests.post(f"{base}/api/auth/password-reset", json={"email": "redaksi@totabuan.example.id"})
        assert answer.status_code == 202
    assert_limited(requests.post(f"{base}/api/auth/password-reset", json={"email": "REDAKSI@totabuan.example.id"}))
    assert requests.post(f"{base}/api/auth/password-reset", json={"email": "lain@example.id"}).status_code == 202


def test_signups_are_limited_per_email_address(start_gateway):
    base = start_gateway(rate_limit_signups_per_hour=2)
    for name in ("totabuan", "totabuan2"):
        body = {"username": name, "email": "redaksi@totabuan.example.id", "password": "kata-sandi-kuat"}
        assert requests.post(f"{base}/api/auth/signup", json=body).status_code == 202
    third = {"username": "totabuan3", "email": "redaksi@totabuan.example.id", "password": "kata-sandi-kuat"}
    assert_limited(requests.post(f"{base}/api/auth/signup", json=third))
    other = {**third, "email": "lain@example.id"}
    assert requests.post(f"{base}/api/auth/signup", json=other).status_code == 202


def test_forwarded_for_from_an_untrusted_peer_is_ignored(loop, start_gateway):
    base = gateway(loop, start_gateway, rate_limit_public_writes_per_minute=2)
    codes = [post(base, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(3)]
    assert codes == [201, 201, 429], "a client must not pick a new address for every request"


def test_clients_behind_a_trusted_proxy_are_limited_one_by_one(loop, start_gateway):
    base = gateway(
        loop,
        start_gateway,
        rate_limit_public_writes_per_minute=2,
        trusted_proxies=("127.0.0.0/8",),
    )
    first = {"X-Forwarded-For": "203.0.113.7"}
    assert [post(base, headers=first).status_code for _ in range(2)] == [201, 201]
    assert_limited(post(base, headers=first))
    # What the client wrote itself left of the proxy's entry changes nothing.
    assert_limited(post(base, headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}))
    second = {"X-Forwarded-For": "203.0.113.8"}
    assert [post(base, headers=second).status_code for _ in range(2)] == [201, 201]


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {TEST_REDIS_URL}", exc)
    finally:
        client.close()
    return TEST_REDIS_URL


def test_two_gateways_sharing_one_redis_share_one_limit(loop, start_gateway, redis_url):
    shared = {
        "redis_url": redis_url,
        "rate_limit_key_prefix": f"test-{secrets.token_hex(6)}",
        "rate_limit_public_writes_per_minute": 3,
    }
    ppid = loop.serve(service())
    one, two = start_gateway(ppid_url=ppid, **shared), start_gateway(ppid_url=ppid, **shared)
    assert [post(one).status_code, post(two).status_code, post(one).status_code] == [201, 201, 201]
    assert_limited(post(two))
    assert_limited(post(one))
    alone = start_gateway(ppid_url=ppid, **{**shared, "redis_url": ""})
    assert post(alone).status_code == 201, "without Redis a process counts on its own"


def test_while_redis_is_down_each_process_still_limits_and_no_write_fails(loop, start_gateway):
    from chassis.testing import free_port

    base = gateway(
        loop, start_gateway, redis_url=f"redis://127.0.0.1:{free_port()}/0", rate_limit_public_writes_per_minute=2
    )
    assert [post(base).status_code, post(base).status_code] == [201, 201]
    assert_limited(post(base))


def test_a_forged_token_spends_the_clients_budget_not_an_accounts(loop, start_gateway):
    base = gateway(loop, start_gateway, rate_limit_public_writes_per_minute=2, rate_limit_account_writes_per_minute=600)
    forged = {"Authorization": "Bearer not-a-token"}
    assert [post(base, headers=forged).status_code for _ in range(2)] == [201, 201]
    assert_limited(post(base, headers=forged))
    assert_limited(post(base))
