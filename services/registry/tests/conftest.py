import datetime as dt

import pytest

from chassis.testing import service_app, test_settings
from registry import MIGRATIONS, create_app
from registry.settings import from_env


@pytest.fixture(scope="session")
def registry_database(backend, databases):
    return databases.migrated("registry", backend, MIGRATIONS)


@pytest.fixture
def app(registry_database, tokens):
    settings = test_settings(from_env, registry_database, tokens)
    with service_app(create_app, settings) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


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
        body = {"fiscal_year": 2027, "name": "Kemitraan media 2027", "budget": 100_000_000,
                "opens_at": (now - dt.timedelta(days=1)).isoformat(),
                "closes_at": (now + dt.timedelta(days=10)).isoformat(),
                "requirements": [{"code": "akta", "label": "Akta pendirian"}], **fields}  # fmt: skip
        created = client.post("/api/registry/periods", json=body, headers=verifier)
        assert created.status_code == 201, created.json
        return created.json

    return create
