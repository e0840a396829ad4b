"""No page of the suite asks another host for anything: an office intranet without internet sees every page whole,
and no citizen's visit is reported to a third party. Chromium records every request each page makes, and reports
every Content-Security-Policy violation, for the public pages, the API docs and each staff desk."""

from __future__ import annotations

import secrets
import urllib.parse

import pytest

pytestmark = pytest.mark.xdist_group("suite")

PUBLIC = (
    "/ppid/",
    "/ppid/dip",
    "/newsroom/",
    "/registry/",
    "/registry/kim",
    "/provinsi/",
    "/provinsi/berita",
    "/masuk",
    "/daftar",
    "/api/docs",
    "/api/ppid/docs",
    "/api/newsroom/docs",
    "/api/registry/docs",
)
STAFF = {
    "/ppid/petugas": ("ppid:officer",),
    "/newsroom/redaksi": ("newsroom:editor",),
    "/registry/konsol": ("registry:verifier",),
}


def visit(context, url: str) -> tuple[list[str], list[str]]:
    """(every URL the page requested, every CSP violation it reported) once the page has settled."""
    page = context.new_page()
    requested: list[str] = []
    violations: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status < 400, (url, response and response.status)
    page.close()
    return requested, violations


def foreign(requested: list[str], gateway: str) -> list[str]:
    own = urllib.parse.urlsplit(gateway).netloc
    return [
        u
        for u in requested
        if urllib.parse.urlsplit(u).scheme in ("http", "https", "ws", "wss") and urllib.parse.urlsplit(u).netloc != own
    ]


def test_public_pages_and_api_docs_load_nothing_from_another_host(suite, chromium):
    context = chromium.new_context(locale="id-ID")
    try:
        for path in PUBLIC:
            requested, violations = visit(context, suite.url(path))
            assert requested, path
            assert foreign(requested, suite.gateway) == [], path
            assert violations == [], (path, violations)
    finally:
        context.close()


def test_staff_desks_load_nothing_from_another_host(suite, chromium):
    tag = secrets.token_hex(3)
    for path, roles in STAFF.items():
        token = suite.account(f"desk-{tag}-{path.split('/')[1]}", *roles)["Authorization"].split()[1]
        context = chromium.new_context(locale="id-ID")
        context.add_cookies(
            [{"name": "suite_token", "value": token, "url": suite.gateway, "httpOnly": True, "sameSite": "Strict"}]
        )
        try:
            requested, violations = visit(context, suite.url(path))
            assert foreign(requested, suite.gateway) == [], path
            assert violations == [], (path, violations)
        finally:
            context.close()
