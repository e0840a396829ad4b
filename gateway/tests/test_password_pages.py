"""The forgotten-password pages: the same answer whether an account exists, a link that opens a page, errors beside
their fields, a link spent once; and the confirmation link opens a page."""

from __future__ import annotations

import re

import requests
from sqlalchemy import select, update

PASSWORD = "kata-sandi-kuat"


def mails_to(settings_for, address: str) -> list:
    from chassis.db import Database
    from gateway.models import mail_outbox

    db = Database(settings_for().database_url)
    try:
        with db.session() as session:
            query = select(mail_outbox).where(mail_outbox.c.to_address == address).order_by(mail_outbox.c.id)
            return list(session.execute(query))
    finally:
        db.dispose()


def active_partner(base: str, settings_for) -> None:
    """A media partner that signed up and confirmed its email."""
    from chassis.db import Database
    from gateway.models import Account

    body = {"username": "totabuan", "email": "redaksi@totabuan.example.id", "password": PASSWORD}
    assert requests.post(f"{base}/api/auth/signup", json=body).status_code == 202
    db = Database(settings_for().database_url)
    try:
        with db.session() as session:
            session.execute(update(Account).where(Account.username == "totabuan").values(active=True))
            session.commit()
    finally:
        db.dispose()


def browser(base: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"Origin": base, "Accept": "text/html"})
    return session


def test_a_forgotten_password_is_replaced_through_the_mailed_link_once(start_gateway, settings_for):
    base = start_gateway()
    active_partner(base, settings_for)
    people = browser(base)
    assert 'href="/masuk/lupa-sandi"' in people.get(f"{base}/masuk").text

    empty = people.post(f"{base}/masuk/lupa-sandi", data={"akun": ""})
    assert empty.status_code == 422 and '<p class="error" id="akun-error">Wajib diisi.</p>' in empty.text
    known = people.post(f"{base}/masuk/lupa-sandi", data={"akun": "Redaksi@Totabuan.example.id"})
    unknown = people.post(f"{base}/masuk/lupa-sandi", data={"akun": "tidak.ada@example.id"})
    by_name = people.post(f"{base}/masuk/lupa-sandi", data={"akun": "totabuan"})
    assert known.status_code == unknown.status_code == by_name.status_code == 202
    assert known.text == unknown.text == by_name.text, "nobody learns which accounts exist"
    mails = mails_to(settings_for, "redaksi@totabuan.example.id")
    assert len(mails) == 3 and "POST" not in mails[-1].body
    link = re.search(r"(/masuk/atur-sandi\?token=[\w-]+)", mails[-1].body).group(1)
    token = link.split("=", 1)[1]

    opened = people.get(f"{base}{link}")
    assert opened.status_code == 200 and f'name="token" value="{token}"' in opened.text
    wrong = people.post(f"{base}/masuk/atur-sandi", data={"token": token, "password": "pendek", "again": "lain"})
    assert wrong.status_code == 422
    assert '<p class="error" id="password-error">Kata sandi minimal 10 karakter.</p>' in wrong.text
    assert '<p class="error" id="again-error">Tidak sama dengan kata sandi baru.</p>' in wrong.text
    assert 'class="summary"' in wrong.text

    form = {"token": token, "password": "sandi-baru-mitra", "again": "sandi-baru-mitra"}
    done = people.post(f"{base}/masuk/atur-sandi", data=form, allow_redirects=False)
    assert done.status_code == 303 and done.headers["Location"] == "/masuk?ok=sandi"
    assert "Kata sandi diganti, silakan masuk." in people.get(f"{base}/masuk?ok=sandi").text
    spent = people.post(f"{base}/masuk/atur-sandi", data=form)
    assert spent.status_code == 400 and "Tautan ini tidak berlaku lagi" in spent.text
    assert people.get(f"{base}{link}").status_code == 400, "every link of the account is spent"

    login = {"username": "totabuan", "password": PASSWORD}
    assert requests.post(f"{base}/api/auth/login", json=login).status_code == 401
    assert requests.post(f"{base}/api/auth/login", json={**login, "password": "sandi-baru-mitra"}).status_code == 200


def test_the_confirmation_link_opens_a_page(start_gateway, settings_for):
    base = start_gateway()
    body = {"username": "totabuan", "email": "redaksi@totabuan.example.id", "password": PASSWORD}
    assert requests.post(f"{base}/api/auth/signup", json=body).status_code == 202
    (mail,) = mails_to(settings_for, "redaksi@totabuan.example.id")
    link = re.search(r"https?://\S+(/daftar/konfirmasi\?token=\S+)", mail.body).group(1)
    opened = browser(base).get(f"{base}{link}")
    assert opened.status_code == 200 and opened.headers["Content-Type"].startswith("text/html")
    assert "Email terkonfirmasi" in opened.text
    page = browser(base).get(f"{base}{link}")
    assert page.status_code == 200 and "Email terkonfirmasi" in page.text
    broken = browser(base).get(f"{base}/daftar/konfirmasi?token=rusak")
    assert broken.status_code == 400 and broken.headers["Content-Type"].startswith("text/html")


def test_the_right_password_before_confirming_says_so_and_offers_a_new_link(start_gateway, settings_for):
    base = start_gateway()
    body = {"username": "totabuan", "email": "redaksi@totabuan.example.id", "password": PASSWORD}
    assert requests.post(f"{base}/api/auth/signup", json=body).status_code == 202
    people = browser(base)
    wrong = people.post(f"{base}/masuk", data={"username": "totabuan", "password": "bukan-sandinya"})
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.text
    assert "kirim-ulang" not in wrong.text, "nothing said before the right password"

    early = people.post(f"{base}/masuk", data={"username": "totabuan", "password": PASSWORD})
    assert early.status_code == 403
    assert "Email Anda belum dikonfirmasi. Buka tautan di surel yang kami kirim, atau kirim ulang." in early.text
    assert "suite_token" not in people.cookies
    key = re.search(r'name="kunci" value="([^"]+)"', early.text).group(1)
    sent = people.post(f"{base}/masuk/kirim-ulang", data={"kunci": key}, allow_redirects=False)
    assert sent.status_code == 303 and sent.headers["Location"] == "/masuk?ok=konfirmasi"
    first, second = mails_to(settings_for, "redaksi@totabuan.example.id")
    assert "/daftar/konfirmasi?token=" in second.body
    for _ in range(3):
        last = people.post(f"{base}/masuk/kirim-ulang", data={"kunci": key}, allow_redirects=False)
    assert last.status_code == 429, "a new link is rate limited like the sign-up's"
    assert people.post(f"{base}/masuk/kirim-ulang", data={"kunci": "rusak"}).status_code == 400

    link = re.search(r"https?://\S+?(/daftar/konfirmasi\?token=\S+)", second.body).group(1)
    assert people.get(f"{base}{link}").status_code == 200
    older = link.replace("/daftar/konfirmasi", "/api/auth/confirm")
    assert people.get(f"{base}{older}").status_code == 200, "the address of earlier mails still opens the page"
    done = people.post(f"{base}/masuk", data={"username": "totabuan", "password": PASSWORD}, allow_redirects=False)
    assert done.status_code == 303 and "suite_token" in people.cookies
