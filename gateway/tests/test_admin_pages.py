"""The admin's pages under /admin and the JSON endpoints beside them: one set of account rules for both."""

from __future__ import annotations

import re

import requests

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def signed_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": BROWSER})
    done = session.post(f"{base}/masuk", data={"username": username, "password": password}, allow_redirects=False)
    assert done.status_code == 303, done.text
    return session


def choose_password(base: str, username: str, handed_over: str, chosen: str) -> requests.Session:
    """Sign in with a handed-over password, which asks for one's own first, and choose it."""
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": BROWSER})
    asked = session.post(f"{base}/masuk", data={"username": username, "password": handed_over}, allow_redirects=False)
    assert asked.status_code == 200 and "Buat kata sandi baru" in asked.text
    assert "Set-Cookie" not in asked.headers
    form = {"username": username, "current": handed_over, "password": "pendek", "again": "lain"}
    wrong = session.post(f"{base}/masuk/sandi-baru", data=form)
    assert wrong.status_code == 422 and "minimal 10 karakter" in wrong.text and "Tidak sama" in wrong.text
    form = {**form, "password": chosen, "again": chosen}
    done = session.post(f"{base}/masuk/sandi-baru", data=form, allow_redirects=False)
    assert done.status_code == 303 and done.headers["Location"] == "/beranda"
    return session


def one_time_password(page: str) -> str:
    return re.search(r'<output class="secret" id="sandi">([^<]+)</output>', page).group(1)


def test_the_admin_creates_changes_deactivates_and_resets_an_account_on_pages(start_gateway, admin_password):
    base = start_gateway()
    admin = signed_in(base, "admin", admin_password)
    listing = admin.get(f"{base}/admin")
    assert listing.status_code == 200 and "Administrator suite" in listing.text and "Terakhir masuk" in listing.text
    assert re.search(r"\d\d-\d\d-\d{4} \d\d\.\d\d WIB", listing.text), "the admin's own login, in office time"
    refused = admin.post(f"{base}/admin/akun", data={"username": "X", "roles": ["ppid:opd_officer"], "email": "no"})
    assert refused.status_code == 422
    for message in ("3-64 huruf kecil", "Alamat email tidak sah.", "Wajib diisi untuk peran PPID pelaksana (satu OPD)"):
        assert message in refused.text, message
    assert 'class="summary"' in refused.text and 'value="x"' in refused.text
    assert admin.post(f"{base}/admin/akun", data={"username": "petugas.a"}).text.count("Pilih minimal satu peran.") == 2
    created = admin.post(
        f"{base}/admin/akun", data={"username": "petugas.a", "roles": ["ppid:officer"], "email": "a@kominfo.example.id"}
    )
    assert created.status_code == 200 and "no-store" in created.headers["Cache-Control"]
    first = one_time_password(created.text)
    assert requests.post(f"{base}/api/auth/login", json={"username": "petugas.a", "password": first}).status_code == 403
    staff = choose_password(base, "petugas.a", first, "pilihan-sendiri-1")
    assert "Petugas PPID" in staff.get(f"{base}/beranda").text
    assert staff.get(f"{base}/admin").status_code == 403
    assert "Anda masuk sebagai <strong>petugas.a</strong>" in staff.get(f"{base}/admin").text

    roles = admin.post(
        f"{base}/admin/akun/petugas.a/peran",
        data={"roles": ["ppid:officer", "newsroom:contributor"], "opd": ""},
        allow_redirects=False,
    )
    assert roles.status_code == 422 and "Wajib diisi untuk peran Humas OPD (satu OPD)." in roles.text
    roles = admin.post(
        f"{base}/admin/akun/petugas.a/peran",
        data={"roles": ["ppid:officer", "newsroom:contributor"], "opd": "dinkes"},
        allow_redirects=False,
    )
    assert roles.status_code == 303 and roles.headers["Location"] == "/admin/akun/petugas.a?ok=peran"
    page = admin.get(f"{base}/admin/akun/petugas.a?ok=peran").text
    assert "Peran akun disimpan." in page and 'value="newsroom:contributor" checked' in page
    assert staff.get(f"{base}/beranda", allow_redirects=False).status_code == 303, "the old session's roles are gone"

    off = admin.post(f"{base}/admin/akun/petugas.a/status", data={"active": "0"}, allow_redirects=False)
    assert off.status_code == 303 and off.headers["Location"] == "/admin/akun/petugas.a?ok=nonaktif"
    chosen = {"username": "petugas.a", "password": "pilihan-sendiri-1"}
    assert requests.post(f"{base}/api/auth/login", json=chosen).status_code == 401
    assert "Nonaktif" in admin.get(f"{base}/admin").text
    own = admin.post(f"{base}/admin/akun/admin/status", data={"active": "0"}, allow_redirects=False)
    assert own.status_code == 422 and "menonaktifkan akun Anda sendiri" in own.text
    admin.post(f"{base}/admin/akun/petugas.a/status", data={"active": "1"})

    reset = admin.post(f"{base}/admin/akun/petugas.a/sandi")
    second = one_time_password(reset.text)
    assert second != first
    assert requests.post(f"{base}/api/auth/login", json=chosen).status_code == 401
    assert (
        requests.post(f"{base}/api/auth/login", json={"username": "petugas.a", "password": second}).status_code == 403
    )
    choose_password(base, "petugas.a", second, "pilihan-sendiri-2")
    again = {"username": "petugas.a", "password": "pilihan-sendiri-2"}
    assert requests.post(f"{base}/api/auth/login", json=again).status_code == 200


def test_nobody_reaches_the_admin_pages_without_signing_in(start_gateway):
    base = start_gateway()
    away = requests.get(f"{base}/admin", allow_redirects=False)
    assert away.status_code == 303 and away.headers["Location"] == "/masuk?next=/admin"
    post = requests.post(f"{base}/admin/akun", data={"username": "x"}, headers={"Origin": base}, allow_redirects=False)
    assert post.status_code == 303


def test_the_json_api_changes_roles_and_activity_and_resets_a_password(start_gateway, login):
    base = start_gateway()
    admin = login(base)
    body = {
        "username": "humas.dinkes",
        "password": "rahasia-humas-1",
        "roles": ["newsroom:contributor"],
        "opd": "dinkes",
    }
    assert requests.post(f"{base}/api/auth/accounts", json=body, headers=admin).status_code == 201
    staff = login(base, "humas.dinkes", "rahasia-humas-1")
    changed = requests.patch(
        f"{base}/api/auth/accounts/humas.dinkes", json={"roles": ["newsroom:editor"]}, headers=admin
    )
    assert changed.status_code == 200 and changed.json()["roles"] == ["newsroom:editor"]
    assert requests.get(f"{base}/api/auth/me", headers=staff).status_code == 401
    bad = requests.patch(f"{base}/api/auth/accounts/humas.dinkes", json={"roles": ["ppid:opd_officer"]}, headers=admin)
    assert bad.status_code == 200, "the account's OPD stays"
    cleared = requests.patch(
        f"{base}/api/auth/accounts/humas.dinkes", json={"roles": ["ppid:opd_officer"], "opd": None}, headers=admin
    )
    assert cleared.status_code == 422 and cleared.json()["errors"][0]["field"] == "opd"
    assert requests.patch(f"{base}/api/auth/accounts/humas.dinkes", json={}, headers=admin).status_code == 422
    assert requests.patch(f"{base}/api/auth/accounts/nobody", json={"active": False}, headers=admin).status_code == 404
    assert requests.patch(f"{base}/api/auth/accounts/admin", json={"active": False}, headers=admin).status_code == 422
    off = requests.patch(f"{base}/api/auth/accounts/humas.dinkes", json={"active": False}, headers=admin)
    assert off.status_code == 200 and off.json()["active"] is False
    login_body = {"username": "humas.dinkes", "password": "rahasia-humas-1"}
    assert requests.post(f"{base}/api/auth/login", json=login_body).status_code == 401
    requests.patch(f"{base}/api/auth/accounts/humas.dinkes", json={"active": True}, headers=admin)
    reset = requests.post(f"{base}/api/auth/accounts/humas.dinkes/password-reset", headers=admin)
    assert reset.status_code == 200 and reset.headers["Cache-Control"] == "no-store"
    password = reset.json()["password"]
    assert len(password) >= 10
    assert requests.post(f"{base}/api/auth/login", json=login_body).status_code == 401
    handed = requests.post(f"{base}/api/auth/login", json={**login_body, "password": password})
    assert handed.status_code == 403 and "harus diganti" in handed.json()["detail"]
    choose_password(base, "humas.dinkes", password, "rahasia-humas-2")
    password = "rahasia-humas-2"
    assert login(base, "humas.dinkes", password)
    listed = requests.get(f"{base}/api/auth/accounts", headers=admin).json()["items"]
    assert next(a for a in listed if a["username"] == "humas.dinkes")["last_login_at"]
    assert (
        requests.patch(f"{base}/api/auth/accounts/humas.dinkes", json={"active": False}, headers=staff).status_code
        == 401
    )
    other = login(base, "humas.dinkes", password)
    refused = requests.post(f"{base}/api/auth/accounts/admin/password-reset", headers=other)
    assert refused.status_code == 403 and refused.json()["required_roles"] == ["admin"]


def test_the_admin_hands_out_the_privacy_officer_role_and_its_holder_sees_the_privacy_workplaces(
    start_gateway, admin_password
):
    base = start_gateway()
    admin = signed_in(base, "admin", admin_password)
    assert 'value="privacy:officer"' in admin.get(f"{base}/admin").text
    created = admin.post(
        f"{base}/admin/akun", data={"username": "dpo.a", "roles": ["privacy:officer"], "email": "dpo@kominfo.go.id"}
    )
    assert created.status_code == 200, created.text
    officer = choose_password(base, "dpo.a", one_time_password(created.text), "pilihan-sendiri-3")
    start = officer.get(f"{base}/beranda").text
    assert "Pejabat pelindungan data pribadi" in start
    for href in (
        "/ppid/petugas/log-akses",
        "/ppid/petugas/privasi",
        "/registry/konsol/log-akses",
        "/registry/konsol/privasi",
    ):
        assert f'href="{href}"' in start, href


def test_the_admin_hands_a_staff_member_a_one_time_link_to_choose_a_new_password(start_gateway, admin_password):
    base = start_gateway()
    admin = signed_in(base, "admin", admin_password)
    created = admin.post(f"{base}/admin/akun", data={"username": "petugas.ppid", "roles": ["ppid:officer"]})
    first = choose_password(base, "petugas.ppid", one_time_password(created.text), "pilihan-sendiri-1")
    assert 'action="/admin/akun/petugas.ppid/tautan"' in admin.get(f"{base}/admin/akun/petugas.ppid").text
    shown = admin.post(f"{base}/admin/akun/petugas.ppid/tautan")
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    link = re.search(r'<output class="secret" id="tautan">\S*?(/masuk/atur-sandi\?token=[\w-]+)</output>', shown.text)
    assert link, shown.text
    assert first.get(f"{base}/beranda", allow_redirects=False).status_code == 200, "the old session runs until used"
    holder = requests.Session()
    holder.headers["Origin"] = base
    token = link.group(1).split("=", 1)[1]
    assert f'value="{token}"' in holder.get(f"{base}{link.group(1)}").text
    form = {"token": token, "password": "pilihan-sendiri-2", "again": "pilihan-sendiri-2"}
    done = holder.post(f"{base}/masuk/atur-sandi", data=form, allow_redirects=False)
    assert done.status_code == 303 and done.headers["Location"] == "/masuk?ok=sandi"
    assert first.get(f"{base}/beranda", allow_redirects=False).status_code == 303, "earlier sessions end"
    assert signed_in(base, "petugas.ppid", "pilihan-sendiri-2")
    assert admin.post(f"{base}/admin/akun/tidak.ada/tautan").status_code == 404
    other = signed_in(base, "petugas.ppid", "pilihan-sendiri-2")
    assert other.post(f"{base}/admin/akun/admin/tautan").status_code == 403
