"""No work lost to an expired session, in headless Chromium with JavaScript off, through the whole suite: an officer
opens a request in the PPID console, types a note while the session runs out, submits, signs in again on the page
the gateway answers, and finds the note saved on the request.

The session is made short by its token: the gateway's own key signs the officer a token of a few seconds, as a
gateway with ``ACCESS_TOKEN_TTL_SECONDS`` that short would (the shared suite keeps its 15 minutes for the others).
"""

from __future__ import annotations

import re
import secrets
import time

import pytest

from gateway.keys import Signer
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.xdist_group("suite")

TTL = 8
REQUEST = {
    "name": "Siti Rahma",
    "nik": "7174010101900004",
    "address": "Jl. Ahmad Yani 14, Kotamobagu",
    "phone": "081234567891",
    "email": "siti@example.id",
    "occupation": "Wiraswasta",
    "information": "Daftar penerima bantuan usaha mikro 2026",
    "purpose": "Mengajukan bantuan",
    "obtain_method": "soft_copy",
    "delivery_method": "email",
}


def go(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def short_session(suite, username: str, roles: list[str]) -> str:
    defaults = GatewaySettings()
    signer = Signer(
        suite.var / "var" / "keys" / "jwt-private.pem",
        issuer=defaults.jwt_issuer,
        audience=defaults.jwt_audience,
        ttl_seconds=TTL,
    )
    return signer.issue(username, roles, None)


def test_an_officers_note_typed_while_the_session_expires_is_saved_after_signing_in_again(suite, chromium):
    tag = secrets.token_hex(3)
    username, password = f"petugas-{tag}", f"sandi-petugas-{tag}"
    admin = suite.login("admin", suite.admin_password)
    made = suite.http.post(
        suite.url("/api/auth/accounts"),
        json={"username": username, "password": password, "roles": ["ppid:officer"]},
        headers=admin,
    )
    assert made.status_code == 201, made.text
    filed = suite.http.post(suite.url("/api/ppid/requests"), json=REQUEST)
    assert filed.status_code == 201, filed.text
    number = filed.json()["registration_number"]

    context = chromium.new_context(locale="id-ID", java_script_enabled=False)
    token = short_session(suite, username, ["ppid:officer"])
    started = time.time()
    context.add_cookies(
        [{"name": "suite_token", "value": token, "url": suite.gateway, "httpOnly": True, "sameSite": "Strict"}]
    )
    page = context.new_page()
    page.goto(suite.url(f"/ppid/petugas/permohonan/{number}"))
    assert number in page.locator("main").inner_text()
    note = f"Pemohon menelepon, minta salinan lewat email ({tag})."
    form = page.locator('form[action$="/note"]')
    form.locator("textarea").fill(note)

    time.sleep(max(0.0, started + TTL + 1 - time.time()))
    go(form.locator("button[type=submit]"))
    assert page.url == suite.url(f"/ppid/petugas/permohonan/{number}/note")
    main = page.locator("main").inner_text()
    assert "Sesi Anda berakhir. Masuk lagi; isian Anda disimpan dan akan dikirim setelah masuk." in main
    assert page.input_value("#username") == username
    page.fill("#password", password)
    go(page.locator("form[action='/masuk'] button[type=submit]"))

    assert re.match(re.escape(suite.url(f"/ppid/petugas/permohonan/{number}")) + r"(\?|$)", page.url), page.url
    assert note in page.locator("main").inner_text(), "the note typed before the session ended is saved"
    page.reload()
    assert page.locator("main").inner_text().count(note) == 1, "sent once"
    context.close()
