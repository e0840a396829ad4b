import pytest

from chassis.testing import service_app, test_settings
from newsroom import MIGRATIONS, create_app
from newsroom.settings import from_env


@pytest.fixture(scope="session")
def newsroom_database(backend, databases):
    return databases.migrated("newsroom", backend, MIGRATIONS)


@pytest.fixture
def app(newsroom_database, tokens):
    settings = test_settings(from_env, newsroom_database, tokens)
    with service_app(create_app, settings) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def editor(tokens):
    return tokens.headers("newsroom:editor", username="redaktur")


@pytest.fixture
def humas_dinkes(tokens):
    return tokens.headers("newsroom:contributor", username="humas.dinkes", opd="dinkes")


@pytest.fixture
def release():
    return {
        "type": "release",
        "title": "Dinas Kesehatan membuka layanan vaksinasi keliling",
        "body_html": "<p>Layanan vaksinasi keliling dimulai <strong>Senin</strong> di 12 kelurahan.</p>",
        "opd": "dinkes",
    }
