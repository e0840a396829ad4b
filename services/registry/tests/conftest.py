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
