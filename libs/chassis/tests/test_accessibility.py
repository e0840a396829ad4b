"""The axe-core check every browser test gets: it finds what WCAG 2.1 AA forbids, with JavaScript off in the
page under test, and passes a page without faults."""

from __future__ import annotations

from flask import Flask

from chassis.testing import live_server

FAULTY = """<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>
<h1>Formulir</h1><img src="/foto.png"><form><input type="text" name="nama"></form>
<p style="color:#bbb;background:#fff">Teks pudar</p></main></body></html>"""
SOUND = """<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>
<h1>Formulir</h1><img src="/foto.png" alt="Kantor dinas"><form><label for="nama">Nama</label>
<input type="text" id="nama" name="nama"></form><p>Teks jelas</p></main></body></html>"""


def site():
    app = Flask("axe_probe")
    app.add_url_rule("/salah", "faulty", lambda: FAULTY)
    app.add_url_rule("/benar", "sound", lambda: SOUND)
    app.add_url_rule("/lain", "other", lambda: SOUND.replace("Teks jelas", "Teks lain"))
    return app


def test_a_page_shown_without_javascript_is_checked_by_axe_and_its_faults_named(chromium):
    with live_server(site()) as base:
        context = chromium.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{base}/salah")
        assert page.title() == "Uji"
        found = chromium.axe.check_pending()
        rules = {v.rule: v for v in found}
        assert {"image-alt", "label", "color-contrast"} <= set(rules), found
        assert rules["image-alt"].impact == "critical" and rules["image-alt"].targets == ["img"]
        assert rules["image-alt"].url == f"{base}/salah"

        checked = chromium.axe.pages
        page.goto(f"{base}/benar")
        assert page.title() == "Uji"
        page.goto(f"{base}/salah")  # shown before, exactly: not checked twice
        assert page.title() == "Uji"
        assert chromium.axe.check_pending() == []
        assert chromium.axe.pages == checked + 1, "the sound page was checked, the faulty one not again"

        page.goto(f"{base}/lain")
        context.close()  # the page still open is kept as the context closes
        assert chromium.axe.check_pending() == [] and chromium.axe.pages == checked + 2
