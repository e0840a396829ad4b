import datetime as dt
import io

import pytest

from chassis.testing import TINY_PNG, service_fixtures
from registry import MIGRATIONS, create_app
from registry.settings import from_env

registry_database, app_with, app, client, s3_app, s3_prefix = service_fixtures(
    "registry", create_app, from_env, MIGRATIONS
)


@pytest.fixture
def verifier(tokens):
    return tokens.headers("registry:verifier", username="verifikator")


@pytest.fixture
def outlet():
    return {
        "brand": "Totabuan News",
        "entity_type": "pt",
        "legal_name": "PT Totabuan Media Nusantara",
        "media_type": "online",
        "npwp": "01.234.567.8-901.000",
        "nib": "9120001234567",
        "address": "Jl. Adampe Dolot 7, Kotamobagu",
        "city": "Kotamobagu",
        "email": "redaksi@totabuan.example.id",
        "phone": "0434-21234",
        "website": "https://totabuan.example.id",
    }


@pytest.fixture
def partner(tokens):
    return tokens.headers("media:partner", username="totabuan")


@pytest.fixture
def approver(tokens):
    return tokens.headers("registry:approver", username="kadis")


@pytest.fixture
def new_period(client, verifier):
    """Open an application period through the API: by default open since yesterday for ten more days, budget
    Rp100 juta, asking for the deed (akta); any field of POST /periods may be given. Returns the created period."""

    def create(**fields) -> dict:
        now = dt.datetime.now(dt.UTC)
        body = {
            "fiscal_year": 2027,
            "name": "Kemitraan media 2027",
            "budget": 100_000_000,
            "opens_at": (now - dt.timedelta(days=1)).isoformat(),
            "closes_at": (now + dt.timedelta(days=10)).isoformat(),
            "requirements": [{"code": "akta", "label": "Akta pendirian"}],
            **fields,
        }
        created = client.post("/api/registry/periods", json=body, headers=verifier)
        assert created.status_code == 201, created.json
        return created.json

    return create


SCREENSHOT = TINY_PNG


@pytest.fixture
def file_proof(client):
    """POST /proofs as the partner page and API clients do: multipart, the fields and a PNG screenshot (``None``:
    without one). Returns the response."""

    def post(headers, screenshot: bytes | None = SCREENSHOT, **fields):
        data = {k: str(v) for k, v in fields.items()}
        if screenshot is not None:
            data["screenshot"] = (io.BytesIO(screenshot), "tayang.png")
        return client.post("/api/registry/proofs", data=data, headers=headers, content_type="multipart/form-data")

    return post


@pytest.fixture
def contract_with(client, verifier, approver, tokens, outlet, new_period):
    """``contract_with(**terms)``: a partner ("mitra") whose verified application was approved by decree and given a
    contract on ``terms``; returns the partner's headers and the contract."""

    def make(**terms) -> tuple[dict, dict]:
        client.post("/api/registry/document-types", json={"code": "akta", "label": "Akta"}, headers=verifier)
        period_id = new_period(budget=10_000_000, requirements=[{"code": "akta"}])["id"]
        partner = tokens.headers("media:partner", username="mitra")
        client.post("/api/registry/outlets", json=outlet, headers=partner)
        app_id = client.post("/api/registry/applications", json={"period_id": period_id}, headers=partner).json["id"]
        url = f"/api/registry/applications/{app_id}"
        client.put(
            f"{url}/documents/akta",
            data={"file": (io.BytesIO(b"%PDF-1.7\n%%EOF\n"), "akta.pdf")},
            headers=partner,
            content_type="multipart/form-data",
        )
        client.post(f"{url}/submit", headers=partner)
        review = {"documents": {"akta": {"accepted": True}}, "decision": "verify"}
        assert client.post(f"{url}/review", json=review, headers=verifier).status_code == 200
        decree = {"period_id": period_id, "number": "SK-1", "signed_on": "2027-01-10", "application_ids": [app_id]}
        assert client.post("/api/registry/decrees", json=decree, headers=approver).status_code == 201
        made = client.post(
            "/api/registry/contracts", headers=verifier, json={"application_id": app_id, "number": "K-1", **terms}
        )
        assert made.status_code == 201, made.json
        return partner, made.json

    return make
