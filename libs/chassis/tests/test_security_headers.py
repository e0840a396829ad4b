"""Every answer of a service carries the suite's header policy; downloads are never sniffed."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import probe
import pytest
from flask import Response
from flask_smorest import Blueprint

from chassis import security
from chassis.settings import ServiceSettings
from chassis.web import create_service_app, download


def make_client(tmp_path, public_base_url: str = "http://127.0.0.1:8080"):
    settings = ServiceSettings(
        service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}", public_base_url=public_base_url
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    blp = Blueprint("headers", __name__, url_prefix="/api/probe")

    @blp.get("/plain")
    def plain():
        return {"ok": True}

    @blp.get("/broken")
    def broken():
        raise RuntimeError("a bug")

    @blp.get("/sandboxed")
    def sandboxed():
        return Response(b"%PDF-", mimetype="application/pdf", headers={"Content-Security-Policy": "sandbox"})

    @blp.get("/report")
    def report():
        return download(b"a,b\n", "laporan.csv")

    @blp.get("/letter")
    def letter():
        return download(b"%PDF-", "surat.pdf", inline=True)

    @blp.get("/named")
    def named():
        return download(b"a", 'Laporan "Kuartal"\r\nSet-Cookie: x=1 – Déc.csv')

    app.extensions["suite"].api.register_blueprint(blp)
    return app.test_client()


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/probe/plain", 200), ("/api/probe/nowhere", 404), ("/api/probe/broken", 500), ("/healthz", 200)],
    ids=["answer", "not-found", "server-error", "health"],
)
def test_every_answer_carries_the_suite_header_policy(tmp_path, url, status):
    response = make_client(tmp_path).get(url)
    assert response.status_code == status
    for name, value in security.security_headers(https=False).items():
        assert response.headers[name] == value
    assert response.headers["Content-Security-Policy"] == security.CONTENT_SECURITY_POLICY
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_when_the_suite_is_public_over_https(tmp_path):
    client = make_client(tmp_path, "https://diskominfo.example.go.id")
    assert client.get("/api/probe/plain").headers["Strict-Transport-Security"] == security.HSTS


def test_an_answer_keeps_the_policy_it_chose_itself(tmp_path):
    response = make_client(tmp_path).get("/api/probe/sandboxed")
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_docs_page_gets_the_docs_policy(tmp_path):
    response = make_client(tmp_path).get("/api/probe/docs")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == security.DOCS_CONTENT_SECURITY_POLICY


def test_downloads_are_nosniff_attachments_unless_inline_is_asked(tmp_path):
    client = make_client(tmp_path)
    report = client.get("/api/probe/report")
    assert report.headers["Content-Disposition"] == 'attachment; filename="laporan.csv"'
    assert report.headers["X-Content-Type-Options"] == "nosniff" and report.mimetype == "text/csv"
    letter = client.get("/api/probe/letter")
    assert letter.headers["Content-Disposition"] == 'inline; filename="surat.pdf"'
    assert letter.headers["X-Content-Type-Options"] == "nosniff"
    assert download(b"", "x.csv").headers["X-Content-Type-Options"] == "nosniff"  # outside a service app too


def test_a_download_name_cannot_break_its_header(tmp_path):
    response = make_client(tmp_path).get("/api/probe/named")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Laporan KuartalSet-Cookie: x=1  Dec.csv"; filename*=UTF-8')
    assert "\r" not in disposition and "\n" not in disposition


def test_the_docs_page_loads_redoc_from_the_service_itself_and_no_other_host(tmp_path):
    client = make_client(tmp_path)
    page = client.get("/api/probe/docs").get_data(as_text=True)
    scripts = re.findall(r"""<script[^>]*\bsrc=["']([^"']+)""", page)
    assert scripts == ["/api/probe/docs/redoc.standalone.js"]
    assert not re.search(r"""(?:src|href|spec-url)=["'](?:[a-z]+:)?//""", page)  # no absolute URL to any host
    script = client.get(scripts[0])
    assert script.status_code == 200 and script.mimetype == "text/javascript"
    assert b"redoc.standalone.js" in script.data[:200] and b"cdn.redoc.ly" not in script.data
    assert not re.search(rb"""src:\s*["']https?://""", script.data)  # no image or script ReDoc would fetch elsewhere
    assert script.headers["Cache-Control"] == "public, max-age=604800"
    assert client.get(scripts[0], headers={"If-None-Match": script.headers["ETag"]}).status_code == 304


def test_the_redoc_bundle_and_its_licence_ship_with_the_chassis():
    static = resources.files("chassis") / "static"
    assert (static / "redoc.standalone.js").is_file() and "MIT" in (static / "redoc.LICENSE").read_text()
    package_data = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "static/*" in package_data["package-data"]["chassis"]
