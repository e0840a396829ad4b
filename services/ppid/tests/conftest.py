import pytest

from chassis.testing import service_app, test_settings
from ppid import MIGRATIONS, create_app
from ppid.settings import from_env


@pytest.fixture(scope="session")
def ppid_database(backend, databases):
    return databases.migrated("ppid", backend, MIGRATIONS)


@pytest.fixture
def app(ppid_database, tokens):
    settings = test_settings(from_env, ppid_database, tokens)
    with service_app(create_app, settings) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def valid_request():
    return {
        "name": "Siti Aminah",
        "nik": "7174014507900002",
        "address": "Jl. Adampe Dolot No. 5, Kotamobagu",
        "phone": "0812-3456-7890",
        "email": "siti@example.id",
        "occupation": "Wiraswasta",
        "information": "Salinan DPA Dinas Kesehatan tahun anggaran 2026",
        "purpose": "Kajian anggaran kesehatan oleh lembaga swadaya masyarakat",
        "obtain_method": "soft_copy",
        "delivery_method": "email",
    }


@pytest.fixture
def officer(tokens):
    return tokens.headers("ppid:officer", username="petugas.ppid")


@pytest.fixture
def superior(tokens):
    return tokens.headers("ppid:superior", username="atasan.ppid")


@pytest.fixture
def opd_officer(tokens):
    """``opd_officer("dinkes")`` -> headers of that OPD's PPID pelaksana."""
    return lambda opd: tokens.headers("ppid:opd_officer", username=f"pelaksana.{opd}", opd=opd)
