"""A form posted after its session expired is kept and sent on after its author signs in again, never for another."""

from __future__ import annotations

import re
from pathlib import Path

import jwt
import requests
from aiohttp import web
from sqlalchemy import func, select

from gateway.keys import Signer

NOTICE = "Sesi Anda berakhir. Masuk lagi; isian Anda disimpan dan akan dikirim setelah masuk."


def console(received: list) -> web.Application:
    """A stand-in staff console: a note form that wants a bearer token and answers Post/Redirect/Get."""

    async def note(request: web.Request):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not token:
            raise web.HTTPSeeOther(f"/masuk?next={request.path}")
        form = await request.post()
        received.append({"by": jwt.decode(token, options={"verify_signature": False})["sub"], "note": form["note"]})
        raise web.HTTPSeeOther("/ppid/petugas/permohonan/7?pesan=Tersimpan")

    async def refuses(request: web.Request):
        raise web.HTTPSeeOther(f"/masuk?next={request.path}")

    app = web.Application()
    app.router.add_post("/ppid/petugas/permohonan/7/note", note)
    app.router.add_post("/ppid/petugas/menolak", refuses)
    return app


def officer(base: str, headers: dict, username: str) -> None:
    body = {"username": username, "password": "kata-sandi-petugas", "roles": ["ppid:officer"]}
    assert requests.post(f"{base}/api/auth/accounts", json=body, headers=headers, timeout=10).status_code == 201


def expired_cookie(settings, username: str) -> str:
    signer = Signer(
        Path(settings.jwt_private_key_file),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=-60,
    )
    return signer.issue(username, ["ppid:officer"], None)


def kept_count(settings) -> int:
    from chassis.db import Database
    from gateway.models import KeptForm

    db = Database(settings.database_url)
    try:
        with db.session() as session:
            return session.scalar(select(func.count(KeptForm.id)))
    finally:
        db.dispose()


def browser_with(base: str, token: str) -> requests.Session:
    browser = requests.Session()
    browser.headers.update({"Origin": base, "Referer": f"{base}/ppid/petugas/permohonan/7"})
    browser.cookies.set("suite_token", token)
    return browser


def test_a_note_posted_after_expiry_is_sent_on_after_its_author_signs_in_and_only_then(
    loop, start_gateway, settings_for, login
):
    received: list = []
    base = start_gateway(ppid_url=loop.serve(console(received)))
    settings = settings_for()
    admin = login(base)
    officer(base, admin, "petugas.satu")
    officer(base, admin, "petugas.dua")

    browser = browser_with(base, expired_cookie(settings, "petugas.satu"))
    asked = browser.post(f"{base}/ppid/petugas/permohonan/7/note", data={"note": "Sudah ditelepon pemohon."})
    assert asked.status_code == 200 and NOTICE in asked.text
    assert received == [], "nothing reaches the service with an expired session"
    assert 'value="petugas.satu"' in asked.text and 'name="next" value="/ppid/petugas/permohonan/7"' in asked.text
    key = re.search(r'name="simpanan" value="([^"]+)"', asked.text).group(1)
    assert kept_count(settings) == 1

    other = requests.Session()
    other.headers["Origin"] = base
    form = {"username": "petugas.dua", "password": "kata-sandi-petugas", "simpanan": key, "next": "/beranda"}
    elsewhere = other.post(f"{base}/masuk", data=form, allow_redirects=False)
    assert elsewhere.status_code == 303 and elsewhere.headers["Location"] == "/beranda"
    assert received == [] and kept_count(settings) == 1, "another person's login never sends it"

    form = {"username": "petugas.satu", "password": "kata-sandi-petugas", "simpanan": key, "next": "/beranda"}
    back = browser.post(f"{base}/masuk", data=form, allow_redirects=False)
    assert back.status_code == 303, back.text
    assert back.headers["Location"] == "/ppid/petugas/permohonan/7?pesan=Tersimpan", "where the service's answer points"
    assert "suite_token=" in back.headers["Set-Cookie"] and "HttpOnly" in back.headers["Set-Cookie"]
    assert received == [{"by": "petugas.satu", "note": "Sudah ditelepon pemohon."}]
    assert kept_count(settings) == 0

    again = browser.post(f"{base}/masuk", data=form, allow_redirects=False)
    assert again.headers["Location"] == "/beranda" and len(received) == 1, "a kept form is sent once"


def test_a_form_a_service_sends_to_the_login_page_is_kept_too(loop, start_gateway, settings_for, login):
    base = start_gateway(ppid_url=loop.serve(console([])))
    officer(base, login(base), "petugas.tiga")
    token = requests.post(
        f"{base}/api/auth/login", json={"username": "petugas.tiga", "password": "kata-sandi-petugas"}, timeout=10
    ).json()["access_token"]
    asked = browser_with(base, token).post(f"{base}/ppid/petugas/menolak", data={"alasan": "x"})
    assert asked.status_code == 200 and NOTICE in asked.text and 'name="simpanan"' in asked.text
    assert kept_count(settings_for()) == 1


def test_api_writes_and_forged_cookies_are_not_kept(loop, start_gateway, settings_for):
    base = start_gateway(ppid_url=loop.serve(console([])))
    forged = jwt.encode({"sub": "petugas.satu", "exp": 1}, "kunci-palsu-" * 4, algorithm="HS256")
    asked = browser_with(base, forged).post(f"{base}/ppid/petugas/permohonan/7/note", data={"note": "x"})
    assert NOTICE not in asked.text
    api = browser_with(base, expired_cookie(settings_for(), "petugas.satu")).post(
        f"{base}/api/ppid/requests/7/note", data={"note": "x"}
    )
    assert NOTICE not in api.text
    assert kept_count(settings_for()) == 0
