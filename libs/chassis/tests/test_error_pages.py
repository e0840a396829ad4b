"""A browser reads an error as a page in Bahasa Indonesia; an API client at the same address reads problem+json."""

from __future__ import annotations

import probe
import pytest
from flask_smorest import Blueprint

from chassis.auth import page_login_required
from chassis.errors import Forbidden
from chassis.settings import ServiceSettings
from chassis.web import create_service_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(tmp_path, tokens):
    settings = ServiceSettings(
        service_name="probe",
        database_url=f"sqlite:///{tmp_path / 'p.db'}",
        jwt_public_key=tokens.public_pem,
        org_name="Diskominfo Kota Contoh",
    )
    app = create_service_app(settings, probe.metadata, probe.tables, title="Probe")
    blp = Blueprint("refusing", __name__, url_prefix="/probe")

    @blp.get("/rahasia")
    def secret():
        from chassis.auth import current_principal

        current_principal()
        raise Forbidden("Hanya PPID yang membuka halaman ini.")

    @blp.get("/meja")
    @page_login_required("probe:clerk")
    def desk(who):
        return f"meja {who.username}"

    @blp.get("/rusak")
    def broken():
        raise RuntimeError("boom")

    app.extensions["suite"].api.register_blueprint(blp)
    return app.test_client()


def test_a_browser_gets_a_page_for_an_unknown_address_and_an_api_client_json(client):
    page = client.get("/probe/tidak-ada", headers=BROWSER)
    assert page.status_code == 404 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in text and "Alamat tidak ditemukan." in text
    assert 'href="/"' in text and "Diskominfo Kota Contoh" in text and 'lang="id"' in text
    for accept in ({}, {"Accept": "*/*"}, {"Accept": "application/json"}):
        api = client.get("/probe/tidak-ada", headers=accept)
        assert api.status_code == 404 and api.mimetype == "application/problem+json"


def test_a_refusal_page_says_as_whom_the_person_is_signed_in_and_offers_another_login(client, tokens):
    headers = {**BROWSER, **tokens.headers("newsroom:editor", username="redaktur")}
    page = client.get("/probe/rahasia", headers=headers)
    assert page.status_code == 403
    text = page.get_data(as_text=True)
    assert "Akses ditolak" in text and "Hanya PPID yang membuka halaman ini." in text
    assert "redaktur" in text and "newsroom:editor" in text
    assert "/masuk?next=/probe/rahasia" in text


def test_wrong_method_and_server_errors_are_pages_too_and_tell_nothing_of_the_inside(client):
    wrong = client.post("/probe/rahasia", headers=BROWSER)
    assert wrong.status_code == 405 and "tidak diizinkan" in wrong.get_data(as_text=True)
    assert wrong.headers["Allow"]
    broken = client.get("/probe/rusak", headers=BROWSER)
    assert broken.status_code == 500 and broken.mimetype == "text/html"
    assert "boom" not in broken.get_data(as_text=True) and "RuntimeError" not in broken.get_data(as_text=True)


def test_the_shared_stylesheet_is_served_under_the_service_prefix_by_its_own_policy(client):
    page = client.get("/probe/tidak-ada", headers=BROWSER).get_data(as_text=True)
    assert 'href="/probe/_suite/suite.css"' in page
    sheet = client.get("/probe/_suite/suite.css")
    assert sheet.status_code == 200 and sheet.mimetype == "text/css" and b"--brand" in sheet.data
    assert "style-src 'self'" in sheet.headers["Content-Security-Policy"]


def test_a_staff_page_sends_the_anonymous_to_login_and_tells_the_wrong_role_access_is_refused(client, tokens):
    anonymous = client.get("/probe/meja", headers=BROWSER)
    assert anonymous.status_code == 303 and anonymous.headers["Location"] == "/masuk?next=/probe/meja"
    wrong = client.get("/probe/meja", headers={**BROWSER, **tokens.headers("newsroom:editor", username="redaktur")})
    assert wrong.status_code == 403 and wrong.mimetype == "text/html", "signed in: a refusal, not a login form"
    text = wrong.get_data(as_text=True)
    assert "Akses ditolak" in text and "Halaman ini hanya untuk probe:clerk." in text and "redaktur" in text
    api = client.get("/probe/meja", headers=tokens.headers("newsroom:editor", username="redaktur"))
    assert api.status_code == 403 and api.mimetype == "application/problem+json"
    right = client.get("/probe/meja", headers=tokens.headers("probe:clerk", username="juru"))
    assert right.status_code == 200 and right.get_data(as_text=True) == "meja juru"
