"""The media partner's sign-up as a page without JavaScript: the same rules and mail as the API."""

from __future__ import annotations

import requests
from sqlalchemy import select


def test_signup_page_creates_an_unconfirmed_partner_and_queues_its_confirmation_mail(start_gateway, settings_for):
    from chassis.db import Database
    from gateway.models import Account, mail_outbox

    base = start_gateway()
    page = requests.get(f"{base}/daftar")
    assert page.status_code == 200 and '<label for="email">Email</label>' in page.text
    assert 'href="/daftar"' in requests.get(f"{base}/masuk").text
    assert "Data pribadi Anda" in page.text and "5 tahun setelah kemitraan berakhir" in page.text
    assert 'href="/privasi"' in page.text, "the short notice links the full one"

    browser = requests.Session()
    browser.headers["Origin"] = base
    bad = browser.post(f"{base}/daftar", data={"username": "totabuan", "email": "bukan-email", "password": "pendek"})
    assert bad.status_code == 422
    assert '<p class="error" id="email-error">Email tidak valid.</p>' in bad.text
    assert 'id="password-error"' in bad.text and 'value="totabuan"' in bad.text
    assert "Data pribadi Anda" in bad.text, "the notice stays on the form shown again"

    form = {"username": "totabuan", "email": "Redaksi@Totabuan.example.id", "password": "kata-sandi-kuat"}
    made = browser.post(f"{base}/daftar", data=form)
    assert made.status_code == 202 and "Periksa email Anda" in made.text
    taken = browser.post(f"{base}/daftar", data=form)
    assert taken.status_code == 202 and taken.text == made.text, "a taken name or email looks like a new one"

    db = Database(settings_for().database_url)
    try:
        with db.session() as session:
            account = session.scalar(select(Account).where(Account.username == "totabuan"))
            assert account.roles == ["media:partner"] and account.active is False
            first, second = session.execute(
                select(mail_outbox)
                .where(mail_outbox.c.to_address == "redaksi@totabuan.example.id")
                .order_by(mail_outbox.c.id)
            )
            assert "/daftar/konfirmasi?token=" in first.body
            assert "sudah terdaftar" in second.body and "/daftar/konfirmasi" not in second.body
    finally:
        db.dispose()
