"""The docs page renders ReDoc in a real browser under the docs policy, asking no other host for anything."""

from __future__ import annotations

from urllib.parse import urlsplit

import probe
from flask_smorest import Blueprint

from chassis.settings import ServiceSettings
from chassis.testing import live_server
from chassis.web import create_service_app


def test_redoc_renders_from_the_service_with_no_policy_violation_and_no_other_host(tmp_path, page):
    settings = ServiceSettings(service_name="probe", database_url=f"sqlite:///{tmp_path / 'p.db'}")
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe Layanan")
    blp = Blueprint("things", __name__, url_prefix="/api/probe", description="Barang uji")

    @blp.get("/things")
    def things():
        """Daftar barang"""
        return []

    app.extensions["suite"].api.register_blueprint(blp)
    problems, hosts = [], set()
    # A failed load is told by its response below (the browser's own favicon request is no concern of the page).
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "Failed to load" not in m.text else 0)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc) if r.url.startswith(("http:", "https:")) else 0)
    with live_server(app) as base:
        page.goto(f"{base}/api/probe/docs")
        page.locator("h1", has_text="Probe Layanan").wait_for(timeout=30_000)
        page.get_by_text("Daftar barang").first.wait_for(state="attached")
    assert problems == []
    assert hosts == {urlsplit(base).netloc}
