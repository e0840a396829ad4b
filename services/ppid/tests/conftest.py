import datetime as dt

import pytest

from chassis.auth import Principal
from chassis.messaging import UnitOfWork
from chassis.testing import service_fixtures
from ppid import MIGRATIONS, create_app
from ppid.context import Context
from ppid.domain.calendar import WorkingCalendar
from ppid.settings import from_env

ppid_database, app_with, app, client, s3_app, s3_prefix = service_fixtures("ppid", create_app, from_env, MIGRATIONS)


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


# Monday 2 March 2026, 09.00 WIB: a working day, far from national holidays and joint leave.
MONDAY = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


class UseCases:
    """For tests that call use cases directly: a unit of work on the test database, a context with a fixed clock
    (``at``, by default ``MONDAY``), and the staff as principals."""

    monday = MONDAY
    officer = Principal("petugas.ppid", frozenset({"ppid:officer"}))
    superior = Principal("atasan.ppid", frozenset({"ppid:superior"}))

    def __init__(self, app):
        self.app = app

    @staticmethod
    def opd(opd: str) -> Principal:
        return Principal(f"pelaksana.{opd}", frozenset({"ppid:opd_officer"}), opd=opd)

    def uow(self) -> UnitOfWork:
        s = self.app.extensions["suite"]
        return UnitOfWork(s.db, s.tables, s.settings.source)

    def ctx(self, principal: Principal | None = None, at: dt.datetime = MONDAY) -> Context:
        return Context.of(WorkingCalendar(), self.app.extensions["suite"].settings, principal, clock=lambda: at)


@pytest.fixture
def uc(app) -> UseCases:
    return UseCases(app)
